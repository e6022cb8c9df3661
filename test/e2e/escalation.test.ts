/**
 * 民呼我应 in Chromium against the built H5 app and the real server: an emergency nobody answered
 * for 65 minutes is escalated grid → compound branch → community committee; the committee sees it
 * overdue in its inbox, the escalations on its timeline, and the message in 消息. Screenshots
 * escalation-1… in test-results/.
 */
import { sql } from 'drizzle-orm'
import { NOTICE_TITLES } from '../../src/domain'
import { deliverNotices } from '../../server/jobs/deliver-notices'
import { watchClocks } from '../../server/jobs/clocks'
import type { OrderDetailDto } from '../../types/api'
import { currentPage, describeInBrowser, e2eWorld, phone, screenshot, settled, signInAsDemo } from './browser'

jest.setTimeout(180_000)

describeInBrowser('H5 end to end: an unanswered emergency goes up the org tree', () => {
  const world = e2eWorld()

  test('overdue in the inbox, escalated on the timeline, told in 消息', async () => {
    const { tokens, database } = world.server.testApp
    const db = database.db
    // What the seed left overdue or unread is dealt with first: what follows is this test's own.
    await watchClocks(db, new Date())
    await deliverNotices(db, new Date())
    await world.server.testApp.app.inject({ method: 'POST', url: '/api/messages/read', payload: { all: true }, headers: { authorization: `Bearer ${tokens.committee}` } })

    const placed = await world.server.testApp.app.inject({
      method: 'POST',
      url: '/api/orders',
      payload: { categoryCode: 'emergency', description: '三楼东户厨房燃气表附近有刺鼻气味，老人不敢开灯', urgency: 'emergency' },
      headers: { authorization: `Bearer ${tokens.resident}` },
    })
    const order = placed.json() as OrderDetailDto
    // Placed 65 minutes ago and left in the queue: the order and its submission, moved back in time.
    await db.execute(sql`update orders set created_at = created_at - interval '65 minutes', updated_at = updated_at - interval '65 minutes' where id = ${order.id}`)
    await db.execute(sql`update order_events set at = at - interval '65 minutes' where order_id = ${order.id}`)
    expect((await watchClocks(db, new Date())).escalated).toBe(3)
    await deliverNotices(db, new Date())

    const committee = await phone(world.browser)
    await signInAsDemo(committee, world.server.url, '王书记')
    // The inbox: the emergency first, its card saying how late it is.
    await committee.goto(`${world.server.url}/#/pages/orders/index`)
    const card = currentPage(committee).locator('.order-card', { hasText: '燃气表附近有刺鼻气味' }).first()
    await settled(card)
    await card.locator('.clock-line--overdue', { hasText: '受理已超时' }).waitFor()
    await screenshot(committee, 'escalation-1-inbox')

    // The order: overdue, and each level it went up on its timeline.
    await card.click()
    const detail = committee.locator('.order-detail:visible')
    await detail.locator('.clock-line--overdue').first().waitFor()
    const escalations = detail.locator('.timeline-entry--escalate')
    await escalations.first().waitFor()
    await expect(escalations.count()).resolves.toBe(3)
    await expect(escalations.last().innerText()).resolves.toContain('已上报社区党委')
    await escalations.first().scrollIntoViewIfNeeded()
    await screenshot(committee, 'escalation-2-timeline')

    // 消息: the community level's message.
    await committee.goto(`${world.server.url}/#/pages/messages/index`)
    const message = currentPage(committee).locator('.message', { hasText: NOTICE_TITLES.escalated }).first()
    await settled(message)
    await expect(message.innerText()).resolves.toContain('燃气表附近')
    await screenshot(committee, 'escalation-3-messages')
  })
})
