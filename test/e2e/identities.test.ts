/**
 * One person, several identities, in Chromium against the built H5 app: a 双报到 Party member who
 * also lives in the community leaves his Party member identity on 我的, after confirming, and
 * carries on as the resident he still is. Screenshots identities-1… in test-results/.
 */
import { currentPage, describeInBrowser, e2eWorld, phone, screenshot, settled, signInAsDemo } from './browser'

jest.setTimeout(180_000)

describeInBrowser('H5 end to end: leaving one identity of several', () => {
  const world = e2eWorld()

  test('再想想 keeps it; confirmed, the identity is gone and the other one is acted as', async () => {
    const { accounts } = world.server.testApp
    const member = accounts.find((a) => a.role === 'party_member' && accounts.some((b) => b.id === a.id && b.role === 'resident'))!
    const page = await phone(world.browser)
    await signInAsDemo(page, world.server.url, member.name, 'party_member')
    const me = currentPage(page)
    const current = me.locator('.identity--current')
    await settled(current.locator('.identity__role', { hasText: '在职党员' }))
    await me.locator('.identity-list').scrollIntoViewIfNeeded()
    await screenshot(page, 'identities-1-two-identities')

    const modal = page.locator('.taro__modal')
    await current.locator('.identity__leave', { hasText: '退出此身份' }).click()
    await settled(modal.locator('.taro-modal__text'))
    await expect(modal.locator('.taro-modal__text').innerText()).resolves.toContain('确定退出在职党员')
    await modal.locator('.taro-model__cancel').click()
    await expect(me.locator('.identity').count()).resolves.toBe(2)

    await current.locator('.identity__leave').click()
    await settled(modal.locator('.taro-modal__text'))
    await modal.locator('.taro-model__confirm').click()
    await settled(me.locator('.identity--current .identity__role', { hasText: '居民' }))
    await expect(me.locator('.identity').count()).resolves.toBe(1)
    await me.locator('.identity-list').scrollIntoViewIfNeeded()
    await screenshot(page, 'identities-2-left')
    const left = await world.request<{ status: string }[]>(world.server.testApp.tokens.committee, 'GET', '/api/members?role=party_member&status=ended&limit=50')
    expect(JSON.stringify(left)).toContain(member.name)
  })
})
