/**
 * Correcting registrations in Chromium against the built H5 app and the real server: the
 * committee moves a resident who picked the wrong grid to the right one (her order goes with
 * her), then finds that another resident registered a flat that is already registered, with a
 * typo, and merges the two after confirming. Screenshots households-… in test-results/.
 */
import { sql } from 'drizzle-orm'
import type { Browser } from 'playwright-core'
import type { OrderDetailDto } from '../../types/api'
import type { CommunityDirectoryDto, CommunityDto, DemoAccountDto, MeDto, SessionDto } from '../../types/people'
import { queryRows } from '../support/app'
import { startFakeWechat, wechatEnv, type FakeWechat } from '../support/fake-wechat'
import { startTestServer, type TestServer } from '../support/test-server'
import { axeFindings, currentPage, describeInBrowser, launchChromium, layoutProblems, phone, screenshot, settled, signInAsDemo } from './browser'

jest.setTimeout(180_000)

describeInBrowser('H5 end to end: the committee moves a household to its grid and merges a home registered twice', () => {
  let wechat: FakeWechat
  let server: TestServer
  let browser: Browser

  beforeAll(async () => {
    wechat = await startFakeWechat()
    server = await startTestServer({ h5: true, env: wechatEnv(wechat, 'wx-e2e') })
    browser = await launchChromium()
  })
  afterAll(async () => {
    await browser?.close()
    await server?.close()
    await wechat?.close()
  })

  const api = async <T>(token: string | null, method: 'GET' | 'POST' | 'PUT', url: string, payload?: object): Promise<T> => {
    const response = await server.testApp.app.inject({ method, url, ...(payload ? { payload } : {}), headers: token ? { authorization: `Bearer ${token}` } : {} })
    if (response.statusCode >= 300) throw new Error(`${method} ${url}: ${response.statusCode} ${response.body}`)
    return response.json() as T
  }

  /** A WeChat newcomer who registered as a resident at `address`; the session acts as that. */
  async function registered(code: string, name: string, address: { gridId: number; building: string; unit: string; room: string }) {
    const { token } = await api<SessionDto>(null, 'POST', '/api/auth/wechat', { code: `ok-${code}` })
    await api(token, 'PUT', '/api/me/profile', { privacyConsent: true, name, phone: '13700002468' })
    const me = await api<MeDto>(token, 'POST', '/api/memberships', { role: 'resident', household: address })
    return { token, householdId: me.acting!.householdId! }
  }

  const gridOfHousehold = async (id: number) =>
    (await queryRows<{ gridId: number }>(server.testApp.database.db, sql`select grid_id as "gridId" from households where id = ${id}`))[0]?.gridId ?? null

  test('更正住址 with another grid moves her and her order; an address already registered is merged after confirming', async () => {
    const committeeAccount = (await api<DemoAccountDto[]>(null, 'GET', '/api/auth/demo-accounts')).find((a) => a.role === 'committee')!
    const communities = await api<CommunityDto[]>(server.testApp.tokens.committee, 'GET', '/api/directory/communities')
    const sunshine = await api<CommunityDirectoryDto>(server.testApp.tokens.committee, 'GET', `/api/directory/communities/${communities.find((c) => c.name === '阳光社区大党委')!.id}`)
    const [wrong, right] = sunshine.grids
    const moving = await registered('move-1', '郑错网', { gridId: wrong.id, building: '21', unit: '1', room: '301' })
    const order = await api<OrderDetailDto>(moving.token, 'POST', '/api/orders', { categoryCode: 'other', description: '楼下路灯不亮，晚上出门看不清', urgency: 'normal' })
    const kept = await registered('merge-1', '郑老伯', { gridId: right.id, building: '22', unit: '1', room: '101' })
    const twice = await registered('merge-2', '郑女儿', { gridId: right.id, building: '22', unit: '1', room: '1O1' })

    const page = await phone(browser)
    await signInAsDemo(page, server.url, committeeAccount.name, 'committee')
    await page.goto(`${server.url}/#/packages/committee/members/index`)
    const members = currentPage(page)
    await (await settled(members.locator('.members__roles .chip', { hasText: '居民' }))).click()
    const cardOf = (name: string) => members.locator('.member-card', { has: page.locator('.member-card__name', { hasText: name }) })

    // 1. She picked the wrong grid: the sheet offers the committee's grids, hers chosen.
    await (await settled(cardOf('郑错网').locator('.members__correct'))).click()
    const sheet = page.locator('.address-sheet')
    await settled(sheet.locator('.address-sheet__grid .chip--selected', { hasText: wrong.name }))
    await sheet.locator('.address-sheet__grid .chip', { hasText: right.name }).first().click()
    await sheet.locator('.address-sheet__building input').fill('21')
    await sheet.locator('.address-sheet__unit input').fill('1')
    await sheet.locator('.address-sheet__room input').fill('301')
    await expect(sheet.locator('.address-sheet__submit').innerText()).resolves.toContain('更正并转网格')
    expect(await axeFindings(page)).toEqual([])
    expect(await layoutProblems(page)).toEqual([])
    await screenshot(page, 'households-1-move')
    await sheet.locator('.address-sheet__submit').click()
    await settled(cardOf('郑错网').locator('.member-card__value', { hasText: right.name }))
    expect(await gridOfHousehold(moving.householdId)).toBe(right.id)
    const moved = await api<OrderDetailDto>(moving.token, 'GET', `/api/orders/${order.id}`)
    expect(moved.timeline.at(-1)).toMatchObject({ event: 'rehouse' })
    await screenshot(page, 'households-2-moved')

    // 2. The daughter registered her father's flat with a typo: correcting onto it asks to merge.
    await (await settled(cardOf('郑女儿').locator('.members__correct'))).click()
    await settled(sheet.locator('.address-sheet__grid .chip--selected', { hasText: right.name }))
    await sheet.locator('.address-sheet__building input').fill('22')
    await sheet.locator('.address-sheet__unit input').fill('1')
    await sheet.locator('.address-sheet__room input').fill('101')
    await sheet.locator('.address-sheet__submit').click()
    const modal = page.locator('.taro__modal')
    await settled(modal.locator('.taro-modal__text'))
    await expect(modal.locator('.taro-modal__text').innerText()).resolves.toContain('郑女儿家是同一户')
    await screenshot(page, 'households-3-merge-asked')
    // 再想想 first: nothing changes.
    await modal.locator('.taro-model__cancel').click()
    expect(await gridOfHousehold(twice.householdId)).toBe(right.id)
    await sheet.locator('.address-sheet__submit').click()
    await settled(modal.locator('.taro-modal__text'))
    await modal.locator('.taro-model__confirm').click()
    await settled(cardOf('郑女儿').locator('.member-card__value', { hasText: '22号楼1单元101' }))
    expect(await gridOfHousehold(twice.householdId)).toBeNull()
    const daughter = await api<MeDto>(twice.token, 'GET', '/api/me')
    expect(daughter.acting).toMatchObject({ householdId: kept.householdId, householdAddress: '22号楼1单元101' })
    await screenshot(page, 'households-4-merged')

    // The moved order's timeline says what happened and who did it.
    await page.goto(`${server.url}/#/pages/order-detail/index?id=${order.id}`)
    const timeline = await settled(currentPage(page).locator('.order-timeline'))
    await expect(timeline.innerText()).resolves.toContain('住户信息更正')
    await expect(timeline.innerText()).resolves.toContain(`${right.name} 21号楼1单元301`)
    await screenshot(page, 'households-5-timeline')
  })
})
