/**
 * 长辈版 and help one tap away, in Chromium against the built H5 app and the real server:
 * - first launch asks about large text on home (a card, no pop-up); the answer is kept, every size
 *   on the page follows it, and 我的 switches it back;
 * - 一键助急: a resident taps, confirms on the same page, and the order is placed with the
 *   household's address and the resident's phone; a Party member claims it (through the API) and
 *   the resident's order detail names who is coming; the call buttons name the grid worker and
 *   the community;
 * - the short path: a service tile, the need in a few words (or only a photo for 维修), done —
 *   address and contact come from the household; a family proxy's form and list say it is for
 *   the family.
 * Screenshots: test-results/elder-*.png.
 */
import type { Browser, Page } from 'playwright-core'
import { estateName } from '../../src/domain'
import type { OrderDetailDto, OrderPageDto } from '../../types/api'
import type { MeDto } from '../../types/people'
import { solidPng } from '../support/png'
import { startTestServer, type TestServer } from '../support/test-server'
import { currentPage, describeInBrowser, launchChromium, phone, screenshot, settled, signInAsDemo } from './browser'

jest.setTimeout(120_000)

describeInBrowser('长辈版 and one-tap help on H5', () => {
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

  const api = async <T>(token: string, method: 'GET' | 'POST', url: string, payload?: object): Promise<T> => {
    const response = await server.testApp.app.inject({ method, url, headers: { authorization: `Bearer ${token}` }, ...(payload ? { payload } : {}) })
    if (response.statusCode >= 300) throw new Error(`${method} ${url}: ${response.statusCode} ${response.body}`)
    return response.json() as T
  }

  /** The household address an order carries: the estate (from the grid's branch) and the home. */
  async function householdAddress(token: string): Promise<string> {
    const me = await api<MeDto>(token, 'GET', '/api/me')
    const links = me.acting!.orgName.split(' · ')
    return `${estateName(links[links.length - 2])}${me.acting!.householdAddress}`
  }

  const textScale = (page: Page) =>
    currentPage(page).locator('.text-root').first().evaluate((el) => getComputedStyle(el).getPropertyValue('--sandan-text-scale').trim())
  const fontSize = (page: Page, selector: string) =>
    currentPage(page).locator(selector).first().evaluate((el) => parseFloat(getComputedStyle(el).fontSize))

  /** The order whose detail the app has just opened, as the committee reads it. */
  async function openedOrder(page: Page): Promise<OrderDetailDto> {
    await page.locator('.order-detail:visible').first().waitFor()
    const id = Number(new URL(page.url().replace('#/', '')).searchParams.get('id'))
    return api<OrderDetailDto>(server.testApp.tokens.committee, 'GET', `/api/orders/${id}`)
  }

  async function signedIn(role: 'resident' | 'proxy'): Promise<Page> {
    const page = await phone(browser)
    await signInAsDemo(page, server.url, server.testApp.byRole[role].name, role)
    return page
  }

  test('first launch asks on home, without a pop-up; the choice is kept and 我的 switches it back', async () => {
    const page = await phone(browser)
    await page.goto(`${server.url}/#/pages/home/index`)
    // The H5 page: Chinese, and zooming allowed.
    expect(await page.locator('html').getAttribute('lang')).toBe('zh-CN')
    expect(await page.locator('meta[name=viewport]').getAttribute('content')).not.toMatch(/user-scalable\s*=\s*no|maximum-scale\s*=\s*1(\.0)?\b/)
    const prompt = await settled(page.locator('.text-size-prompt:visible'))
    await page.locator('.home__section:visible').waitFor()
    expect(await page.locator('.nut-dialog:visible, .nut-overlay:visible').count()).toBe(0)
    const standardSize = await fontSize(page, '.home__section')
    await screenshot(page, 'elder-1-first-launch-prompt')

    await prompt.locator('.text-size-prompt__elder').click()
    await prompt.waitFor({ state: 'detached' })
    expect(await textScale(page)).toBe('1.5')
    expect(await fontSize(page, '.home__section')).toBeCloseTo(standardSize * 1.5, 1)
    await screenshot(page, 'elder-2-large-text-home')

    // Kept across a restart, and asked no more.
    await page.reload()
    await settled(page.locator('.home__section:visible'))
    expect(await page.locator('.text-size-prompt').count()).toBe(0)
    expect(await textScale(page)).toBe('1.5')

    // 我的 says it is on, in words; a tap turns it off.
    await page.goto(`${server.url}/#/pages/me/index`)
    const toggle = await settled(page.locator('.elder-switch:visible'))
    await expect(toggle.locator('.elder-switch__label').textContent()).resolves.toBe('已开启')
    await screenshot(page, 'elder-3-me-switch-on')
    await toggle.click()
    await expect(toggle.locator('.elder-switch__label').textContent()).resolves.toBe('未开启')
    expect(await textScale(page)).toBe('1')
  })

  test('一键助急: tap, confirm on the page, the order carries the household; the detail names who is coming', async () => {
    const { tokens, byRole } = server.testApp
    const page = await signedIn('resident')
    const address = await householdAddress(tokens.resident)
    await page.goto(`${server.url}/#/pages/home/index`)

    // The numbers to ring are offered beside it.
    await expect(page.locator('.help__call--grid:visible').first().textContent()).resolves.toContain(byRole.grid_worker.name)
    await page.locator('.help__call--community:visible').waitFor()

    await (await settled(page.locator('.help__button:visible'))).click()
    const confirm = await settled(page.locator('.help__confirm:visible'))
    await expect(confirm.textContent()).resolves.toContain(address)
    expect(await page.locator('.nut-dialog:visible, .nut-overlay:visible').count()).toBe(0)
    await screenshot(page, 'elder-4-help-confirm')
    // 取消 folds it back; nothing is sent.
    await confirm.locator('.help__confirm-cancel').click()
    await settled(page.locator('.help__button:visible'))
    const before = await api<OrderPageDto>(tokens.resident, 'GET', '/api/orders?limit=50')

    await page.locator('.help__button:visible').click()
    await page.locator('.help__confirm-call:visible').click()
    const order = await openedOrder(page)
    const id = order.id
    expect(before.items.map((o) => o.id)).not.toContain(id)
    expect(order).toMatchObject({
      categoryCode: 'emergency',
      urgency: 'emergency',
      description: '一键助急：请尽快联系我',
      householdId: byRole.resident.householdId,
      address,
      contactName: byRole.resident.name,
      contactPhone: byRole.resident.phone,
      placedAs: 'resident',
    })
    await screenshot(page, 'elder-5-help-placed')

    // The committee puts it in the hall; a Party member of the community claims it.
    await api(tokens.committee, 'POST', `/api/orders/${id}/transitions`, { action: 'publish' })
    await api(tokens.party_member, 'POST', `/api/orders/${id}/transitions`, { action: 'claim' })
    await page.reload()
    await currentPage(page).locator('.order-detail', { hasText: byRole.party_member.name }).waitFor()
    await screenshot(page, 'elder-6-help-who-is-coming')
  })

  test('the short path: a tile, a photo for 维修 and nothing else; address and contact come from the household', async () => {
    const { tokens, byRole } = server.testApp
    const page = await signedIn('resident')
    const address = await householdAddress(tokens.resident)
    await page.goto(`${server.url}/#/pages/home/index`)
    await (await settled(page.locator('.service-tile--repair:visible'))).click()
    const form = await settled(page.locator('.order-new:visible'))
    await expect(form.locator('.autofill').textContent()).resolves.toContain(`已自动填写：${address}`)
    expect(await form.locator('.order-new__address').count()).toBe(0)
    const [chooser] = await Promise.all([page.waitForEvent('filechooser'), form.locator('.photo-picker__add').click()])
    await chooser.setFiles({ name: 'pipe.png', mimeType: 'image/png', buffer: solidPng(96, 64, [90, 140, 200]) })
    await form.locator('.photo-picker__image').first().waitFor()
    await screenshot(page, 'elder-7-repair-photo-only')
    await form.locator('.order-new__submit').click()
    const order = await openedOrder(page)
    expect(order).toMatchObject({ categoryCode: 'repair', description: '维修：请看照片', address, contactName: byRole.resident.name, contactPhone: byRole.resident.phone })
    expect(order.photos).toHaveLength(1)
  })

  test("a family proxy's form and list say the order is for the family's home", async () => {
    const { tokens, byRole } = server.testApp
    const page = await signedIn('proxy')
    const address = await householdAddress(tokens.proxy)
    await page.goto(`${server.url}/#/pages/home/index`)
    await (await settled(page.locator('.service-tile--meals:visible'))).click()
    const form = await settled(page.locator('.order-new:visible'))
    await expect(form.locator('.form-field__label').first().textContent()).resolves.toBe('为家人点单')
    await expect(form.locator('.autofill').textContent()).resolves.toContain(address)
    await form.locator('.order-new__description textarea').fill('给妈妈订一周午餐，送到家里')
    await screenshot(page, 'elder-8-proxy-form')
    await form.locator('.order-new__submit').click()
    const order = await openedOrder(page)
    expect(order).toMatchObject({ householdId: byRole.proxy.householdId, address, placedAs: 'proxy', contactName: byRole.proxy.name })

    await page.goto(`${server.url}/#/pages/orders/index`)
    await currentPage(page).locator('.order-card', { hasText: `为家人：${address}` }).first().waitFor()
    await screenshot(page, 'elder-9-proxy-list')
  })
})
