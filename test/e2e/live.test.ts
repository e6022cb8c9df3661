/**
 * Live updates in Chromium against the built H5 app: nobody reloads. The committee publishes an
 * order and it appears in the volunteer's open hall, with the 消息 badge; the volunteer claims it
 * and the resident's open order turns 已接单. Screenshots live-1… in test-results/.
 */
import { deliverNotices } from '../../server/jobs/deliver-notices'
import type { OrderDetailDto } from '../../types/api'
import { currentPage, describeInBrowser, e2eWorld, phone, screenshot, settled, signInAsDemo, statusIs } from './browser'

jest.setTimeout(180_000)

describeInBrowser('H5 end to end: lists and orders refresh by themselves', () => {
  const world = e2eWorld()

  test('published → in the open hall; claimed → the open order says 已接单', async () => {
    const { tokens, byRole, database } = world.server.testApp
    // What the seed left undelivered is delivered first: the badge that follows is this test's.
    await deliverNotices(database.db, new Date())
    await world.post(tokens.volunteer, '/api/messages/read', { all: true })
    const description = '家里老人想请志愿者帮忙取药，社区卫生站'
    const order = await world.post<OrderDetailDto>(tokens.resident, '/api/orders', { categoryCode: 'meals', description, urgency: 'normal' })

    const resident = await phone(world.browser)
    await signInAsDemo(resident, world.server.url, byRole.resident.name)
    await world.openOrder(resident, order.id)
    await statusIs(resident, '待受理')

    const volunteer = await phone(world.browser)
    await signInAsDemo(volunteer, world.server.url, byRole.volunteer.name)
    await volunteer.goto(`${world.server.url}/#/pages/orders/index`)
    await settled(currentPage(volunteer).locator('.chip', { hasText: '接单大厅' }).first())
    const card = currentPage(volunteer).locator('.order-card', { hasText: description.slice(0, 10) })
    await expect(card.count()).resolves.toBe(0)
    await screenshot(volunteer, 'live-1-hall-before')

    await world.transition(tokens.committee, order.id, { action: 'publish' })
    await card.first().waitFor({ timeout: 5000 })
    await deliverNotices(database.db, new Date())
    await volunteer.waitForFunction(() => {
      const item = Array.from(document.querySelectorAll('.weui-tabbar__item')).find((el) => el.textContent?.includes('消息'))
      return Number(item?.querySelector('.taro-tabbar-badge')?.textContent ?? 0) >= 1
    }, undefined, { timeout: 5000 })
    await screenshot(volunteer, 'live-2-hall-after-publish')

    await world.transition(tokens.volunteer, order.id, { action: 'claim' })
    await resident.locator('.order-detail:visible .status-tag', { hasText: '已接单' }).waitFor({ timeout: 5000 })
    await screenshot(resident, 'live-3-order-taken')
  })
})
