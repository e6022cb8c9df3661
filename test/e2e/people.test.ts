/**
 * People and communities in Chromium against the built H5 app and the real server, with WeChat
 * played by the local fake: a brand-new WeChat user opens an invite link in WeChat's browser,
 * logs in with 微信登录 (WeChat's web authorisation, back on the invite), registers as a
 * resident and orders; a Party member registers 双报到, the committee approves, and he claims
 * that order from his residence community's hall; a son asks to be his mother's family proxy,
 * she approves, he orders for her, and she confirms it. Screenshots of every step.
 */
import { sql } from 'drizzle-orm'
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Browser, Locator, Page } from 'playwright-core'
import type { OrderDetailDto } from '../../types/api'
import type { DemoAccountDto, InviteDto, SessionDto } from '../../types/people'
import { queryRows } from '../support/app'
import { startFakeWechat, wechatEnv, type FakeWechat } from '../support/fake-wechat'
import { startTestServer, type TestServer } from '../support/test-server'
import { SCREENSHOT_DIR, WECHAT_BROWSER, act, describeInBrowser, launchChromium, phone, screenshot, settled, signInAsDemo, statusIs } from './browser'

jest.setTimeout(180_000)

/** 通过, then 确定 in the confirmation that names who joins as what: the request leaves the list. */
async function approve(request: Locator): Promise<void> {
  await request.locator('.approvals__approve').click()
  const modal = request.page().locator('.taro__modal')
  await settled(modal.locator('.taro-modal__text'))
  await expect(modal.locator('.taro-modal__text').innerText()).resolves.toContain('身份加入')
  await modal.locator('.taro-model__confirm').click()
  await request.waitFor({ state: 'detached' })
}

describeInBrowser('H5 end to end: sign-up, 双报到, family proxy', () => {
  let wechat: FakeWechat
  let server: TestServer
  let browser: Browser
  let accounts: DemoAccountDto[]
  const tag = Date.now().toString(36)

  beforeAll(async () => {
    wechat = await startFakeWechat()
    server = await startTestServer({ h5: true, env: wechatEnv(wechat, 'wx-e2e') })
    browser = await launchChromium()
    accounts = (await (await fetch(`${server.url}/api/auth/demo-accounts`)).json()) as DemoAccountDto[]
  })

  afterAll(async () => {
    await browser?.close()
    await server?.close()
    await wechat?.close()
  })

  const api = async <T>(token: string | null, method: string, url: string, payload?: object): Promise<T> => {
    const response = await server.testApp.app.inject({
      method: method as 'GET',
      url,
      ...(payload ? { payload } : {}),
      headers: token ? { authorization: `Bearer ${token}` } : {},
    })
    return response.json() as T
  }

  /**
   * A phone whose mini-program has just logged in with WeChat: the code goes through the real
   * `/api/auth/wechat` to the fake WeChat server, and the session lands where the app keeps it.
   */
  async function newWechatUser(code: string): Promise<Page> {
    const session = await api<SessionDto>(null, 'POST', '/api/auth/wechat', { code: `ok-${code}` })
    expect(session.me).toMatchObject({ acting: null, identities: [] })
    const page = await phone(browser)
    // Taro's H5 storage wraps each value as {"data": …}.
    await page.addInitScript((token) => localStorage.setItem('sandan.token', JSON.stringify({ data: token })), session.token)
    return page
  }

  async function signIn(role: DemoAccountDto['role'], name?: string): Promise<Page> {
    const account = accounts.find((a) => a.role === role && (!name || a.name === name))!
    const page = await phone(browser)
    await signInAsDemo(page, server.url, account.name, role)
    return page
  }

  /** Step 1 of sign-up: the privacy notice, then name and phone. */
  async function profile(page: Page, name: string, phoneNumber: string, shot: string): Promise<void> {
    await (await settled(page.locator('.signup__privacy').first())).waitFor()
    await page.locator('.signup__consent').click()
    await page.locator('.signup__name input').fill(name)
    await page.locator('.signup__phone input').fill(phoneNumber)
    await screenshot(page, shot)
    await page.locator('.signup__next').click()
  }

  const chip = (page: Page, group: string, label: string) => page.locator(`.${group} .chip`, { hasText: label }).first()

  async function address(page: Page, building: string, unit: string, room: string): Promise<void> {
    await page.locator('.signup__building input').fill(building)
    await page.locator('.signup__unit input').fill(unit)
    await page.locator('.signup__room input').fill(room)
  }

  async function openOrder(page: Page, id: number): Promise<void> {
    await page.goto(`${server.url}/#/pages/order-detail/index?id=${id}`)
    await settled(page.locator('.order-detail:visible').first())
  }

  async function placeOrder(page: Page, description: string, phoneNumber: string): Promise<number> {
    await page.goto(`${server.url}/#/pages/home/index`)
    // Home asks again while the person waits for an approval: the sign-up card goes once they have an identity.
    await page.locator('.home__signup').waitFor({ state: 'detached' })
    await (await settled(page.locator('.service-tile--meals').first())).click()
    await settled(page.locator('.order-new').first())
    await page.locator('.order-new__description textarea').fill(description)
    // Address and contact come filled in from the household; a tap opens them for a change.
    await page.locator('.order-new .autofill:visible').first().click()
    await page.locator('.order-new__contact-phone input').fill(phoneNumber)
    await page.locator('.order-new__submit').click()
    await statusIs(page, '待受理')
    return Number(new URL(page.url().replace('#/', '')).searchParams.get('id'))
  }

  it('a new WeChat user joins by invite and orders; a 双报到 Party member is approved and claims it from the hall', async () => {
    // The committee's invite link for 第2网格 (made through the API; the invites page lists it).
    const { tokens } = server.testApp
    const directory = await api<{ id: number; name: string }[]>(tokens.committee, 'GET', '/api/directory/communities')
    const sunshine = directory.find((c) => c.name === '阳光社区大党委')!
    const { grids, workUnits } = await api<{ grids: { id: number; fullName: string }[]; workUnits: { id: number; name: string }[] }>(
      tokens.committee, 'GET', `/api/directory/communities/${sunshine.id}`,
    )
    const invite = await api<InviteDto>(tokens.committee, 'POST', '/api/invites', { role: 'resident', orgId: grids[1].id })
    const committee = await signIn('committee', '王书记')
    await committee.goto(`${server.url}/#/packages/committee/invites/index`)
    await settled(committee.locator('.invite-card').first())
    await screenshot(committee, 'people-1-committee-invites')

    // A brand-new WeChat user opens the link in WeChat and logs in there: WeChat authorises
    // (snsapi_base asks nothing) and sends the browser back to the invite, which the app signs in.
    wechat.authorizeAs({ openid: `web-newcomer-${tag}` })
    const newcomer = await phone(browser, WECHAT_BROWSER)
    await newcomer.goto(invite.link.replace(/^https?:\/\/[^/]+/, server.url))
    const login = await settled(newcomer.locator('.web-login__button'))
    await screenshot(newcomer, 'people-1b-newcomer-wechat-login')
    await login.click()
    // Privacy notice first, then the grid is fixed by the invite.
    await profile(newcomer, '林新居', '13911112222', 'people-2-newcomer-privacy')
    wechat.authorizeAs(null) // whoever authorises next is someone new
    expect(wechat.authorizations.at(-1)).toMatchObject({ appid: 'wx-e2e-web', scope: 'snsapi_base', redirectUri: expect.stringContaining(`invite=${invite.code}`) })
    // Back where they were, with WeChat's code and state gone from the address.
    const back = new URL(newcomer.url())
    expect({ search: back.search, hash: back.hash }).toEqual({ search: '', hash: `#/pages/signup/index?invite=${invite.code}` })
    await settled(newcomer.locator('.signup__invite').first())
    await address(newcomer, '7', '1', '502')
    await screenshot(newcomer, 'people-3-newcomer-invited-address')
    await newcomer.locator('.signup__submit').click()
    await settled(newcomer.locator('.service-tile--meals').first())
    const description = `想订一周孝老食堂午餐送到家（E2E ${tag}）`
    const orderId = await placeOrder(newcomer, description, '13911112222')
    await screenshot(newcomer, 'people-4-newcomer-ordered')
    const placed = await api<OrderDetailDto>(tokens.committee, 'GET', `/api/orders/${orderId}`)
    expect(placed).toMatchObject({ placedAs: 'resident', gridName: grids[1].fullName.split(' · ').pop(), address: expect.stringContaining('7号楼1单元502') })

    // 双报到: another new user registers with his residence community, naming his work unit.
    const member = await newWechatUser(`member-${tag}`)
    await member.goto(`${server.url}/#/pages/signup/index`)
    await profile(member, '郑报到', '13922223333', 'people-5-member-privacy')
    await (await settled(member.locator('.role-option--party_member'))).click()
    await (await settled(chip(member, 'signup__communities', '阳光社区大党委'))).click()
    await (await settled(chip(member, 'signup__work-units', workUnits[0].name))).click()
    await member.locator('.signup__note input').fill(`${workUnits[0].name}机关党支部`)
    await screenshot(member, 'people-6-member-dual-registration')
    await member.locator('.signup__submit').click()
    await settled(member.locator('.signup__done').first())
    await screenshot(member, 'people-7-member-waiting')

    // The committee approves it on 待审核.
    await committee.goto(`${server.url}/#/packages/committee/approvals/index`)
    const request = committee.locator('.member-card', { hasText: '郑报到' }).first()
    await settled(request)
    await screenshot(committee, 'people-8-committee-approvals')
    await approve(request)

    // The committee publishes the newcomer's order to the hall.
    await openOrder(committee, orderId)
    await act(committee, 'publish')
    await statusIs(committee, '待接单')

    // He now serves his residence community (the next tab he looks at notices the approval): the order is in its hall, and he claims it.
    await member.goto(`${server.url}/#/pages/orders/index`)
    await (await settled(member.locator('.chip:visible', { hasText: '接单大厅' }).first())).click()
    const card = member.locator('.order-card:visible', { hasText: description.slice(0, 12) }).first()
    await (await settled(card)).click()
    await settled(member.locator('.order-detail:visible').first())
    await act(member, 'claim')
    await statusIs(member, '已接单')
    await screenshot(member, 'people-9-member-claimed')
    const claimed = await api<OrderDetailDto>(tokens.committee, 'GET', `/api/orders/${orderId}`)
    expect(claimed).toMatchObject({ status: 'accepted', takerName: '郑报到' })
    expect(claimed.timeline.at(-1)).toMatchObject({ event: 'claim', actorRole: 'party_member' })
  })

  it('微信登录 on 我的; a refused code or a return this tab did not start shows why; outside WeChat the page says where to open it', async () => {
    const visitor = await phone(browser, WECHAT_BROWSER)
    await visitor.goto(`${server.url}/#/pages/me/index`)
    const login = await settled(visitor.locator('.me .web-login__button'))
    await screenshot(visitor, 'people-15-me-wechat-login')
    await login.click()
    // A first login: signed in, nothing to act as yet, so 我的 offers 去登记.
    await visitor.locator('.me__name', { hasText: '尚未登记' }).waitFor()
    await settled(visitor.locator('.me__signup', { hasText: '去登记' }))
    expect(new URL(visitor.url()).search).toBe('')

    // A code WeChat refuses (used already) with the state this tab kept: the server's message.
    const stranger = await phone(browser, WECHAT_BROWSER)
    await stranger.goto(`${server.url}/#/pages/signup/index`)
    await stranger.evaluate(() => sessionStorage.setItem('sandan.webLoginState', 'a1b2c3'))
    await stranger.goto(`${server.url}/?code=web-code-1&state=a1b2c3#/pages/signup/index`)
    await settled(stranger.locator('.web-login__error', { hasText: '登录凭证无效，请重新登录' }))
    await settled(stranger.locator('.web-login__button'))
    await screenshot(stranger, 'people-16-signup-login-refused')
    // A return this tab did not start (someone else's link): nothing is exchanged.
    const exchanged = wechat.webCodes.length
    await stranger.goto(`${server.url}/?code=web-code-2&state=forged#/pages/signup/index`)
    await settled(stranger.locator('.web-login__error', { hasText: '登录未完成' }))
    expect(wechat.webCodes.length).toBe(exchanged)

    // An ordinary browser: WeChat cannot authorise there, so no button, only where to open the link.
    const desktop = await phone(browser)
    await desktop.goto(`${server.url}/#/pages/signup/index`)
    await settled(desktop.locator('.web-login__hint', { hasText: '请在微信里打开' }))
    expect(await desktop.locator('.web-login__button').count()).toBe(0)
    await screenshot(desktop, 'people-17-signup-outside-wechat')
  })

  it('a son becomes his mother’s family proxy, orders for her, and she confirms', async () => {
    const { tokens, byRole, database } = server.testApp
    const mother = byRole.resident
    const [home] = await queryRows<{ building: string; unit: string; room: string; grid: string }>(
      database.db,
      sql`select h.building, h.unit, h.room, g.name as grid from households h join orgs g on g.id = h.grid_id where h.id = ${mother.householdId}`,
    )

    const son = await newWechatUser(`son-${tag}`)
    await son.goto(`${server.url}/#/pages/signup/index`)
    await profile(son, '何孝顺', '13933334444', 'people-10-son-privacy')
    await (await settled(son.locator('.role-option--proxy'))).click()
    await (await settled(chip(son, 'signup__communities', '阳光社区大党委'))).click()
    await (await settled(chip(son, 'signup__grids', home.grid))).click()
    await address(son, home.building, home.unit, home.room)
    await (await settled(chip(son, 'signup__relations', '儿子'))).click()
    await screenshot(son, 'people-11-son-proxy-request')
    await son.locator('.signup__submit').click()
    await settled(son.locator('.signup__done').first())

    // The mother approves on 我的 → 家人申请.
    const elder = await signIn('resident', mother.name)
    await elder.goto(`${server.url}/#/packages/committee/approvals/index`)
    const request = elder.locator('.member-card', { hasText: '何孝顺' }).first()
    await settled(request)
    await screenshot(elder, 'people-12-mother-approves')
    await approve(request)

    // He orders for her: the form says whose household it is for.
    const description = `母亲腿脚不便，想订午餐送到家（E2E 代理 ${tag}）`
    const orderId = await placeOrder(son, description, '13933334444')
    await settled(son.locator('.order-detail:visible .order-heading__placed-by', { hasText: '亲情代理' }).first())
    await screenshot(son, 'people-13-son-ordered-for-mother')

    // Done by a volunteer (through the API: the loop test covers these screens).
    const post = (token: string, payload: object) => api(token, 'POST', `/api/orders/${orderId}/transitions`, payload)
    await post(tokens.committee, { action: 'dispatch', assigneeId: byRole.volunteer.id })
    await post(tokens.volunteer, { action: 'accept' })
    await post(tokens.volunteer, { action: 'start' })
    await post(tokens.volunteer, { action: 'complete', note: '已送餐到家' })

    // She sees it among her orders and confirms it.
    await openOrder(elder, orderId)
    await statusIs(elder, '待评价')
    await act(elder, 'confirm', async (page) => {
      await page.locator('.action-form--confirm textarea').fill('儿子帮我订的，送得很及时')
    })
    await statusIs(elder, '已办结')
    await screenshot(elder, 'people-14-mother-confirmed')
    const closed = await api<OrderDetailDto>(tokens.committee, 'GET', `/api/orders/${orderId}`)
    expect(closed).toMatchObject({ status: 'closed', householdId: mother.householdId, placedAs: 'proxy', placedByName: '何**' })
    expect(closed.timeline.map((e) => [e.event, e.actorRole])).toEqual([
      ['submit', 'proxy'], ['dispatch', 'committee'], ['accept', 'volunteer'], ['start', 'volunteer'], ['complete', 'volunteer'], ['confirm', 'resident'],
    ])

    mkdirSync(SCREENSHOT_DIR, { recursive: true })
    writeFileSync(join(SCREENSHOT_DIR, 'e2e-people.ran'), new Date().toISOString())
  })
})
