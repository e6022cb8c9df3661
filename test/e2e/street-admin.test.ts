/**
 * The street administrator in Chromium against the built H5 app and the real server: the street's
 * orders name their community (grid names repeat across communities), one community can be
 * picked, and an order opened shows no action to take. Screenshots street-admin-1… in test-results/.
 */
import type { OrderPageDto } from '../../types/api'
import { currentPage, describeInBrowser, e2eWorld, phone, screenshot, settled, signInAsDemo } from './browser'

jest.setTimeout(180_000)

describeInBrowser('H5 end to end: the street administrator reads every community and acts in none', () => {
  const world = e2eWorld()

  test('cards name their community; a community chip narrows the list; an order has no actions', async () => {
    const { tokens } = world.server.testApp
    const street = await phone(world.browser)
    await signInAsDemo(street, world.server.url, '陈主任')
    await street.goto(`${world.server.url}/#/pages/orders/index`)
    const page = currentPage(street)

    // Every card of the street-wide list says which community it is in.
    const area = page.locator('.orders__area')
    await settled(area.locator('.chip', { hasText: '全部社区' }))
    await settled(page.locator('.order-card').first())
    const metas = await page.locator('.order-card__meta').allInnerTexts()
    expect(metas.length).toBeGreaterThan(0)
    expect(metas.every((meta) => /社区|村/.test(meta.split(' · ')[0]))).toBe(true)
    await screenshot(street, 'street-admin-1-all-communities')

    // 幸福社区 alone: the list the server gives for it, and the cards no longer repeat the community.
    const happiness = (await world.request<{ id: number; name: string }[]>(tokens.street_admin, 'GET', '/api/directory/communities')).find((c) => c.name.startsWith('幸福'))!
    const expected = await world.request<OrderPageDto>(tokens.street_admin, 'GET', `/api/orders?within=${happiness.id}&limit=20`)
    await area.locator('.chip', { hasText: happiness.name }).click()
    await expect(area.locator('.chip--selected').innerText()).resolves.toContain(happiness.name)
    const firstId = expected.items[0].id
    await page.locator('.order-card', { hasText: expected.items[0].summary }).first().waitFor()
    await expect(page.locator('.order-card').count()).resolves.toBe(Math.min(expected.items.length, 20))
    await screenshot(street, 'street-admin-2-one-community')

    // Reading, not acting: the order's page offers no action.
    await world.openOrder(street, firstId)
    await expect(currentPage(street).locator('.order-actions__button').count()).resolves.toBe(0)
    await screenshot(street, 'street-admin-3-order-read-only')
  })
})
