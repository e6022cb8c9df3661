/**
 * A grid worker (网格员) orders for a resident who cannot, in Chromium against the built H5 app:
 * from 替居民点单 on the home page, registers the resident's home (not on WeChat yet) in the
 * household picker, fills in whom to call and places the order; it is the household's order,
 * placed as a grid worker. Screenshots grid-worker-1… in test-results/.
 */
import type { OrderDetailDto } from '../../types/api'
import { currentPage, describeInBrowser, e2eWorld, phone, screenshot, settled, signInAsDemo, statusIs } from './browser'

jest.setTimeout(180_000)

describeInBrowser('H5 end to end: a grid worker orders for a resident of the grid', () => {
  const world = e2eWorld()

  test('registers the home in the picker, orders for it, and the order is the household’s', async () => {
    const { byRole } = world.server.testApp
    const worker = await phone(world.browser)
    await signInAsDemo(worker, world.server.url, byRole.grid_worker.name, 'grid_worker')
    await worker.goto(`${world.server.url}/#/pages/home/index`)
    await (await settled(currentPage(worker).locator('.home__work-action', { hasText: '替居民点单' }).first())).click()
    const form = currentPage(worker)
    await settled(form.locator('.order-new').first())

    // The home is not known yet: registered here, then chosen.
    await (await settled(form.locator('.household-picker__new'))).click()
    await form.locator('.household-picker__building input').fill('18')
    await form.locator('.household-picker__unit input').fill('2')
    await form.locator('.household-picker__room input').fill('301')
    await form.locator('.household-picker__save').click()
    await settled(form.locator('.household--selected .household__address', { hasText: '18号楼2单元301' }))

    await form.locator('.order-new__categories .chip', { hasText: '助餐' }).first().click()
    await form.locator('.order-new__description textarea').fill('独居老人腿脚不便，想订一周午餐送到家（网格员代点）')
    // The address comes from the chosen home; whom to call is the worker's to say.
    await expect(form.locator('.order-new__address input').inputValue()).resolves.toBe('锦绣小区18号楼2单元301')
    await form.locator('.order-new__contact-name input').fill('刘奶奶')
    await form.locator('.order-new__contact-phone input').fill('13912345678')
    await screenshot(worker, 'grid-worker-1-form')
    await form.locator('.order-new__submit').click()
    await statusIs(worker, '待受理')
    await screenshot(worker, 'grid-worker-2-placed')

    const id = Number(new URL(worker.url().replace('#/', '')).searchParams.get('id'))
    const order = await world.request<OrderDetailDto>(world.server.testApp.tokens.committee, 'GET', `/api/orders/${id}`)
    expect(order).toMatchObject({ placedAs: 'grid_worker', address: '锦绣小区18号楼2单元301', categoryCode: 'meals' })
    expect(order.householdId).toEqual(expect.any(Number))
  })
})
