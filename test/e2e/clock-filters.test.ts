/**
 * 超时 / 即将超时 filters in Chromium against the built H5 app and the real server: an emergency
 * nobody answered for 65 minutes; after the clock job's run, the committee filters its inbox by
 * 超时 and finds it there (the fresh order beside it is not); a filter with nothing late says so.
 * Screenshots clock-filters-1… in test-results/.
 */
import { sql } from 'drizzle-orm'
import { watchClocks } from '../../server/jobs/clocks'
import type { OrderDetailDto, OrderPageDto } from '../../types/api'
import { currentPage, describeInBrowser, e2eWorld, phone, screenshot, settled, signInAsDemo } from './browser'

jest.setTimeout(180_000)

const CHIP_LABELS = { overdue: '超时', due_soon: '即将超时' } as const
const EMPTY = { overdue: '没有超时的订单', due_soon: '没有即将超时的订单' } as const

describeInBrowser('H5 end to end: the committee filters its inbox by 超时', () => {
  const world = e2eWorld()

  test('the overdue emergency under 超时, the fresh order not; an empty filter says nothing is late', async () => {
    const { tokens, database } = world.server.testApp
    const db = database.db
    // What the seed left running is read first: what follows is this test's own.
    await watchClocks(db, new Date())

    const place = (description: string, urgency: 'emergency' | 'urgent') =>
      world.post<OrderDetailDto>(tokens.resident, '/api/orders', { categoryCode: 'emergency', description, urgency })
    const late = await place('二楼西户卫生间水管爆裂，水漫到客厅了', 'emergency')
    await place('楼道声控灯不亮，晚上上楼看不清', 'urgent')
    // Placed 65 minutes ago and left in the queue: the order and its submission, moved back in time.
    await db.execute(sql`update orders set created_at = created_at - interval '65 minutes', updated_at = updated_at - interval '65 minutes' where id = ${late.id}`)
    await db.execute(sql`update order_events set at = at - interval '65 minutes' where order_id = ${late.id}`)
    // The job's run (every minute in production): both new orders are read, being new.
    expect((await watchClocks(db, new Date())).read).toBeGreaterThanOrEqual(2)

    const committee = await phone(world.browser)
    await signInAsDemo(committee, world.server.url, '王书记')
    await committee.goto(`${world.server.url}/#/pages/orders/index`)
    const page = currentPage(committee)
    // The inbox, unfiltered: both orders, and the filter row with its count.
    await settled(page.locator('.order-card', { hasText: '卫生间水管爆裂' }).first())
    await page.locator('.order-card', { hasText: '声控灯不亮' }).first().waitFor()
    const row = page.locator('.orders__clock')
    const overdueChip = row.locator('.chip--overdue')
    await expect(row.locator('.chip--selected').innerText()).resolves.toContain('不限')
    await overdueChip.locator('.chip__badge').waitFor()
    const box = (await overdueChip.boundingBox())!
    expect(box.height).toBeGreaterThanOrEqual(44)
    await screenshot(committee, 'clock-filters-1-inbox')

    // 超时: the emergency, said in words (✓ on the chip, 受理已超时 on the card); not the fresh order.
    await overdueChip.click()
    await expect(overdueChip.innerText()).resolves.toMatch(/✓\s*超时/)
    await row.locator('.orders__clock-note').waitFor()
    const card = page.locator('.order-card', { hasText: '卫生间水管爆裂' }).first()
    await settled(card)
    await card.locator('.clock-line--overdue', { hasText: '受理已超时' }).waitFor()
    await expect(page.locator('.order-card', { hasText: '声控灯不亮' }).count()).resolves.toBe(0)
    // Every card listed is overdue by its own clock, read when asked.
    const cards = page.locator('.order-card')
    const shown = await cards.count()
    expect(shown).toBeGreaterThanOrEqual(1)
    await expect(page.locator('.order-card .clock-line--overdue').count()).resolves.toBe(shown)
    await screenshot(committee, 'clock-filters-2-overdue')

    // A tab and filter with nothing late (found through the API: the seed's own orders age with the
    // real clock): the empty list says so in words.
    const tabs = [
      ['pending', '&group=pending'],
      ['dispatching', '&group=dispatching'],
      ['active', '&group=active'],
    ] as const
    let empty: { tab: string; filter: 'overdue' | 'due_soon' } | null = null
    for (const filter of ['due_soon', 'overdue'] as const) {
      for (const [tab, query] of tabs) {
        const listed = await world.request<OrderPageDto>(tokens.committee, 'GET', `/api/orders?clock=${filter}${query}&limit=1`)
        if (!empty && listed.items.length === 0) empty = { tab, filter }
      }
    }
    expect(empty).not.toBeNull()
    await page.locator(`.orders__tabs .chip--${empty!.tab}`).click()
    // A new tab starts unfiltered.
    await expect(row.locator('.chip--selected').innerText()).resolves.toContain('不限')
    await row.locator(`.chip--${empty!.filter}`).click()
    await expect(row.locator(`.chip--${empty!.filter}`).innerText()).resolves.toMatch(new RegExp(`✓\\s*${CHIP_LABELS[empty!.filter]}`))
    await page.locator('.state-view--empty', { hasText: EMPTY[empty!.filter] }).waitFor()
    await screenshot(committee, 'clock-filters-3-empty')
  })
})
