/**
 * 挂账 at a joint meeting and the resident reading the public minutes, in Chromium against the
 * built H5 app and the real server. 王书记 decides 挂账 on one agenda order (a reason and a
 * revisit day from the date picker, which starts tomorrow) and 发布 on another. The resident
 * finds 会议决定 on the parked order's timeline, follows it to the minutes (kind, title, time,
 * place, minutes, the decisions on their own orders), at both text sizes; minutes that are not
 * public answer with a clear message. The committee's own link leads to the meeting's record.
 * Screenshots minutes-… in test-results/.
 */
import dayjs from 'dayjs'
import 'dayjs/locale/zh-cn'
import type { Browser, Page } from 'playwright-core'
import { chinaDate } from '../../src/domain'
import type { OrderDetailDto } from '../../types/api'
import type { MeetingDto } from '../../types/meetings'
import { startTestServer, type TestServer } from '../support/test-server'
import { axeFindings, currentPage, describeInBrowser, launchChromium, layoutProblems, phone, screenshotWhole, setTextSize, settled, signInAsDemo } from './browser'

jest.setTimeout(240_000)

describeInBrowser('H5 end to end: 挂账 at a meeting, and the public minutes a resident reads', () => {
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

  const send = async <T>(token: string, method: 'POST' | 'PUT', url: string, payload: object): Promise<T> => {
    const response = await server.testApp.app.inject({ method, url, payload, headers: { authorization: `Bearer ${token}` } })
    if (response.statusCode >= 300) throw new Error(`${url}: ${response.statusCode} ${response.body}`)
    return response.json() as T
  }

  /** What axe and the layout checks find on the page on screen (nothing, when all is well). */
  const problemsOn = async (page: Page) => [...(await axeFindings(page)).map((f) => `axe ${f.rule} at ${f.targets.join(', ')}`), ...(await layoutProblems(page))]

  test('王书记 parks an order with a reason and a day; the resident follows 会议决定 to the minutes', async () => {
    const { tokens, byRole } = server.testApp
    // Two hard cases of one household; '其他' needs no photo, so the test needs no upload.
    const [toPark, toPublish] = await Promise.all(
      ['小区东门的路面塌陷，需要等街道统一改造', '楼道堆满纸箱，消防检查不合格'].map((description) =>
        send<OrderDetailDto>(tokens.resident, 'POST', '/api/orders', { categoryCode: 'other', description, urgency: 'normal' }),
      ),
    )
    const held = await send<MeetingDto>(tokens.committee, 'POST', '/api/meetings', {
      kind: 'joint',
      title: '锦绣小区三方联席会议',
      heldAt: new Date().toISOString(),
      place: '社区党群服务中心议事厅',
      agenda: [toPark.id, toPublish.id],
      attendees: [{ name: '物业刘经理', side: 'property' }],
    })
    const minutesText = '一、东门路面：待街道道路改造统一施工，先挂账。\n二、楼道纸箱：发布到接单大厅，请志愿者协助清理。'
    await send(tokens.committee, 'PUT', `/api/meetings/${held.id}/record`, { minutes: minutesText, minutesPublic: true })

    // The committee decides: 挂账 asks for its reason and day, the picker offers tomorrow first.
    const committee = await phone(browser)
    await signInAsDemo(committee, server.url, '王书记')
    await committee.goto(`${server.url}/#/packages/committee/meetings/detail?id=${held.id}`)
    const item = (summary: string) => currentPage(committee).locator('.agenda-item', { hasText: summary })
    const parkItem = item(toPark.summary)
    await settled(parkItem.locator('.chip--park'))
    await parkItem.locator('.chip--park').click()
    await expect(parkItem.locator('.pick-field__value').innerText()).resolves.toBe('请选择日期')
    await item(toPublish.summary).locator('.chip--publish').click()
    await currentPage(committee).locator('.meeting-detail__apply').click()
    await expect(parkItem.locator('.decision__problem').innerText()).resolves.toContain('请填写挂账原因和重新办理的日期')

    await parkItem.locator('.decision__note textarea').fill('路面塌陷须等街道道路改造统一施工')
    await parkItem.locator('.revisit-picker').click()
    // Taro's H5 picker moves its wheel sheet to the end of <body>.
    const sheet = committee.locator('.weui-picker:visible')
    await settled(sheet)
    await sheet.locator('.weui-picker__action', { hasText: '确定' }).click()
    const tomorrow = chinaDate(new Date(Date.now() + 86_400_000))
    await expect(parkItem.locator('.pick-field__value').innerText()).resolves.toBe(dayjs(tomorrow).locale('zh-cn').format('YYYY年M月D日 dddd'))
    await expect(parkItem.locator('.decision__problem').count()).resolves.toBe(0)
    await committee.waitForTimeout(2600) // the toast about the missing reason goes
    expect(await problemsOn(committee)).toEqual([])
    await screenshotWhole(committee, 'minutes-1-park-decision')

    await currentPage(committee).locator('.meeting-detail__apply').click()
    const modal = committee.locator('.taro__modal')
    await settled(modal.locator('.taro-modal__text'))
    await expect(modal.locator('.taro-modal__text').innerText()).resolves.toContain('挂账 1 项')
    await modal.locator('.taro-model__confirm').click()
    await expect(parkItem.locator('.outcome--applied').innerText()).resolves.toBe('✓ 已生效 → 已挂账')
    await expect(parkItem.locator('.agenda-item__decision').innerText()).resolves.toBe('会议决定：挂账')

    // The resident: 会议决定 on the parked order's timeline, and a link to the minutes.
    const resident = await phone(browser)
    await signInAsDemo(resident, server.url, byRole.resident.name, 'resident')
    await resident.goto(`${server.url}/#/pages/order-detail/index?id=${toPark.id}`)
    const decided = currentPage(resident).locator('.loop-step', { hasText: '召开会议' }).locator('.timeline-entry--park')
    await settled(decided)
    await expect(decided.locator('.timeline-entry__meeting-label').innerText()).resolves.toBe('会议决定')
    await expect(decided.locator('.timeline-entry__note').innerText()).resolves.toBe('路面塌陷须等街道道路改造统一施工')
    await expect(decided.locator('.timeline-entry__call').innerText()).resolves.toBe(`重新办理日期：${dayjs(tomorrow).locale('zh-cn').format('YYYY年M月D日 dddd')}`)
    await decided.scrollIntoViewIfNeeded()
    await resident.waitForTimeout(400)
    await screenshotWhole(resident, 'minutes-2-timeline')
    await decided.locator('.timeline-entry__meeting-link').click()

    const minutes = currentPage(resident).locator('.minutes')
    await settled(minutes.locator('.minutes__title', { hasText: '锦绣小区三方联席会议' }))
    expect(resident.url()).toContain(`packages/minutes/index?id=${held.id}`)
    await expect(minutes.locator('.minutes__kind').innerText()).resolves.toBe('三方联席会议')
    await expect(minutes.locator('.info-row', { hasText: '地点' }).innerText()).resolves.toContain('社区党群服务中心议事厅')
    await expect(minutes.locator('.minutes__text').innerText()).resolves.toBe(minutesText)
    const decisions = minutes.locator('.minutes-item')
    await expect(decisions.count()).resolves.toBe(2)
    await expect(decisions.filter({ hasText: toPark.summary }).locator('.minutes-item__decision').innerText()).resolves.toBe('会议决定：挂账')
    await expect(decisions.filter({ hasText: toPublish.summary }).locator('.minutes-item__decision').innerText()).resolves.toBe('会议决定：发布到接单大厅')
    expect(await problemsOn(resident)).toEqual([])
    await screenshotWhole(resident, 'minutes-3-resident')
    await setTextSize(resident, 'elder')
    await settled(currentPage(resident).locator('.minutes .minutes-item').first())
    expect(await problemsOn(resident)).toEqual([])
    await screenshotWhole(resident, 'minutes-4-resident-elder')
    await setTextSize(resident, 'standard')

    // Minutes not made public: the resident is told so, in words.
    const closed = await send<MeetingDto>(tokens.committee, 'POST', '/api/meetings', {
      kind: 'joint',
      title: '内部协调会',
      heldAt: new Date().toISOString(),
      place: '社区办公室',
      agenda: [toPublish.id],
      attendees: [],
    })
    await resident.goto(`${server.url}/#/packages/minutes/index?id=${closed.id}`)
    await settled(currentPage(resident).locator('.state-view--empty'))
    await expect(currentPage(resident).locator('.state-view__message').innerText()).resolves.toBe('看不到这次会议的纪要：纪要没有公开，或会议没有议到您家的订单')
    await screenshotWhole(resident, 'minutes-5-not-public')

    // The committee's link on the same entry opens the meeting's record.
    await committee.goto(`${server.url}/#/pages/order-detail/index?id=${toPark.id}`)
    const entry = currentPage(committee).locator('.timeline-entry--park')
    await settled(entry.locator('.timeline-entry__meeting-link'))
    await entry.locator('.timeline-entry__meeting-link').click()
    await settled(currentPage(committee).locator('.meeting-detail__title', { hasText: '锦绣小区三方联席会议' }))
    expect(committee.url()).toContain(`packages/committee/meetings/detail?id=${held.id}`)
  })
})
