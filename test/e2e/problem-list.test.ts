/**
 * 问题清单 in Chromium against the built H5 app and the real server: 王书记 opens 我的 → 问题清单
 * and finds this week's problems — one parked by a joint meeting (its decision with the meeting,
 * the reason and the day it comes back), one struck off by the resident with ★4 — with the
 * period's counts on top; switches to 本月 and to the month before; filters to 挂账; opens an item
 * into its order; and reads the list again in 长辈版. Screenshots problems-1… in test-results/.
 */
import type { Browser, Page } from 'playwright-core'
import { chinaDate } from '../../src/domain'
import type { OrderDetailDto } from '../../types/api'
import type { MeetingDto } from '../../types/meetings'
import { startTestServer, type TestServer } from '../support/test-server'
import { currentPage, describeInBrowser, launchChromium, layoutProblems, phone, screenshotWhole, setTextSize, settled, signInAsDemo } from './browser'

jest.setTimeout(240_000)

describeInBrowser('H5 end to end: the committee’s problem list', () => {
  let server: TestServer
  let browser: Browser

  beforeAll(async () => {
    server = await startTestServer({ h5: true })
    browser = await launchChromium()
  })

  afterAll(async () => {
    await browser?.close()
    await server?.close()
  })

  const post = async <T>(token: string, url: string, payload: object): Promise<T> => {
    const response = await server.testApp.app.inject({ method: 'POST', url, payload, headers: { authorization: `Bearer ${token}` } })
    if (response.statusCode >= 300) throw new Error(`${url}: ${response.statusCode} ${response.body}`)
    return response.json() as T
  }

  /** The page from its top, however long. */
  async function whole(page: Page, name: string): Promise<void> {
    await page.evaluate(() => {
      window.scrollTo(0, 0)
      document.querySelectorAll('.taro_page').forEach((el) => el.scrollTo(0, 0))
    })
    await screenshotWhole(page, name)
  }

  test('王书记 reads this week’s problems, switches period, filters to 挂账 and opens one', async () => {
    const { tokens, byRole } = server.testApp
    const order = (description: string) => post<OrderDetailDto>(tokens.resident, '/api/orders', { categoryCode: 'other', description, urgency: 'normal' })
    const parked = await order('楼顶防水层老化，下雨时三楼以上漏水')
    const fixed = await order('单元门禁坏了，老人进出不方便')

    // A joint meeting parks the first until a day ten days from now, waiting for the repair fund.
    const revisitOn = chinaDate(new Date(Date.now() + 10 * 24 * 3600_000))
    const meeting = await post<MeetingDto>(tokens.committee, '/api/meetings', {
      kind: 'joint', title: '锦绣小区三方联席会议', heldAt: new Date().toISOString(), place: '社区议事厅', agenda: [parked.id], attendees: [],
    })
    await post(tokens.committee, `/api/meetings/${meeting.id}/decisions`, { decisions: [{ orderId: parked.id, action: 'park', note: '等待维修基金审批', revisitOn }] })
    // The second is done and struck off by the resident, ★4.
    await post(tokens.committee, `/api/orders/${fixed.id}/transitions`, { action: 'dispatch', assigneeId: byRole.volunteer.id })
    for (const action of ['accept', 'start']) await post(tokens.volunteer, `/api/orders/${fixed.id}/transitions`, { action })
    await post(tokens.volunteer, `/api/orders/${fixed.id}/transitions`, { action: 'complete', note: '已更换门禁读卡器' })
    await post(tokens.resident, `/api/orders/${fixed.id}/transitions`, { action: 'confirm', rating: 4 })

    // 我的 → 问题清单: this week, the counts on top, newest first.
    const committee = await phone(browser)
    await signInAsDemo(committee, server.url, '王书记')
    await (await settled(committee.locator('.me__entry', { hasText: '问题清单' }))).click()
    const list = currentPage(committee).locator('.problems')
    await settled(list.locator('.problem-card').first())
    await expect(list.locator('.problems__label').innerText()).resolves.toBe('本周')
    await expect(list.locator('.problems__total').innerText()).resolves.toMatch(/^共 \d+ 项，其中上期转入 \d+ 项$/)
    await expect(list.locator('.problem-card').first().innerText()).resolves.toContain(fixed.summary)

    const parkedCard = list.locator('.problem-card', { hasText: parked.summary })
    await expect(parkedCard.locator('.status-tag').innerText()).resolves.toBe('已挂账')
    await expect(parkedCard.locator('.problem-card__decision-text').innerText()).resolves.toBe(`会议决定 · 挂账：等待维修基金审批（至 ${revisitOn} 重新办理）`)
    await expect(parkedCard.locator('.problem-card__meeting').innerText()).resolves.toBe('会议：锦绣小区三方联席会议')
    await expect(parkedCard.locator('.problem-card__parked').innerText()).resolves.toContain('挂账原因：等待维修基金审批')
    const fixedCard = list.locator('.problem-card', { hasText: fixed.summary })
    await expect(fixedCard.locator('.problem-card__ending').innerText()).resolves.toContain('已销号（居民确认，★4）')
    await expect(fixedCard.locator('.problem-card__decision-text').innerText()).resolves.toBe(`党委 · 派单：派给${byRole.volunteer.name}`)
    expect(await layoutProblems(committee)).toEqual([])
    await whole(committee, 'problems-1-week')

    // 本月, then the month before: other days, another list.
    await list.locator('.problems__periods .chip--month').click()
    await expect(list.locator('.problems__label').innerText()).resolves.toBe('本月')
    await settled(list.locator('.problem-card', { hasText: parked.summary }))
    const thisMonth = await list.locator('.problems__days').innerText()
    expect(thisMonth).toMatch(/^\d{4}年\d+月1日 至 \d+月\d+日$/)
    await list.locator('.problems__step', { hasText: '往前' }).click()
    await expect(list.locator('.problems__label').innerText()).resolves.toBe('上月')
    await list.locator('.state-view--loading').waitFor({ state: 'detached' })
    await expect(list.locator('.problems__days').innerText()).resolves.not.toBe(thisMonth)
    await expect(list.locator('.problem-card', { hasText: parked.summary }).count()).resolves.toBe(0)
    await whole(committee, 'problems-2-last-month')
    await list.locator('.problems__step', { hasText: '往后' }).click()
    await expect(list.locator('.problems__label').innerText()).resolves.toBe('本月')

    // Only what is parked: the chip carries the count.
    await list.locator('.problems__states .chip--parked').click()
    await settled(list.locator('.problem-card', { hasText: parked.summary }))
    const tags = await list.locator('.problem-card .status-tag').allInnerTexts()
    expect(tags.length).toBeGreaterThan(0)
    expect(new Set(tags)).toEqual(new Set(['已挂账']))
    await expect(list.locator('.problems__states .chip--parked').innerText()).resolves.toMatch(new RegExp(`挂账 ${tags.length}$`))
    await whole(committee, 'problems-3-parked')

    // An item opens its order.
    await list.locator('.problem-card', { hasText: parked.summary }).click()
    await committee.waitForURL((url) => url.href.includes(`order-detail/index?id=${parked.id}`))
    await settled(committee.locator('.order-detail:visible .status-tag', { hasText: '已挂账' }))

    // 长辈版: the list still fits, nothing cut off, every target big enough.
    await setTextSize(committee, 'elder')
    await committee.goto(`${server.url}/#/packages/committee/problems/index`)
    await settled(currentPage(committee).locator('.problem-card').first())
    expect(await layoutProblems(committee)).toEqual([])
    await whole(committee, 'problems-4-elder')
  })
})
