/**
 * 消息 in Chromium against the built H5 app and the real server: a resident places two orders
 * through the API, the outbox is delivered (the job the server runs every few seconds, called
 * here directly), and 王书记 sees the 消息 tab's badge on the next tab page; the two messages
 * (新的居民点单…) are listed unread, bold with a dot; tapping one opens its order and leaves one
 * unread; 全部已读 clears the badge. Then the page in 长辈版. Screenshots messages-1… in test-results/.
 */
import type { Browser, Page } from 'playwright-core'
import { NOTICE_TITLES } from '../../src/domain'
import { deliverNotices } from '../../server/jobs/deliver-notices'
import type { OrderDetailDto } from '../../types/api'
import type { UnreadCountDto } from '../../types/messages'
import { startTestServer, type TestServer } from '../support/test-server'
import { axeFindings, currentPage, describeInBrowser, launchChromium, layoutProblems, phone, screenshotWhole, setTextSize, settled, signInAsDemo } from './browser'

jest.setTimeout(240_000)

describeInBrowser('H5 end to end: the message centre', () => {
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

  const request = async <T>(token: string, method: 'GET' | 'POST', url: string, payload?: object): Promise<T> => {
    const response = await server.testApp.app.inject({ method, url, payload, headers: { authorization: `Bearer ${token}` } })
    if (response.statusCode >= 300) throw new Error(`${url}: ${response.statusCode} ${response.body}`)
    return response.json() as T
  }

  const tab = (page: Page, text: string) => page.locator('.weui-tabbar__item', { hasText: text })
  /** The 消息 tab's badge: its number, or null when none is drawn. */
  const badge = async (page: Page) => {
    const drawn = tab(page, '消息').locator('.taro-tabbar-badge')
    return (await drawn.count()) ? drawn.innerText() : null
  }
  const badgeIs = (page: Page, text: string | null) =>
    page.waitForFunction(
      (expected) => {
        const item = Array.from(document.querySelectorAll('.weui-tabbar__item')).find((el) => el.textContent?.includes('消息'))
        return (item?.querySelector('.taro-tabbar-badge')?.textContent ?? null) === expected
      },
      text,
      { timeout: 10_000 },
    )

  /** WCAG's contrast ratio of an element's text colour on its own background colour (both opaque). */
  const contrastOf = (el: Element) => {
    const luminance = (css: string) => {
      const [r, g, b] = (css.match(/\d+(\.\d+)?/g) ?? []).slice(0, 3).map((v) => {
        const c = Number(v) / 255
        return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4
      })
      return 0.2126 * r + 0.7152 * g + 0.0722 * b
    }
    const style = getComputedStyle(el)
    const [light, dark] = [luminance(style.color), luminance(style.backgroundColor)].sort((a, b) => b - a)
    return (light + 0.05) / (dark + 0.05)
  }

  async function whole(page: Page, name: string): Promise<void> {
    await page.evaluate(() => document.querySelectorAll('.taro_page').forEach((el) => el.scrollTo(0, 0)))
    await screenshotWhole(page, name)
  }

  test('王书记 is told of new orders: the badge, the messages, one opened, then 全部已读', async () => {
    const { tokens, database } = server.testApp
    // Whatever the seeded data left unread is read first, so the numbers below are this test's own.
    await request(tokens.committee, 'POST', '/api/messages/read', { all: true })

    const committee = await phone(browser)
    await signInAsDemo(committee, server.url, '王书记')
    expect(await badge(committee)).toBeNull()

    const order = (description: string) => request<OrderDetailDto>(tokens.resident, 'POST', '/api/orders', { categoryCode: 'other', description, urgency: 'normal' })
    const first = await order('楼道灯坏了一个星期，晚上上下楼看不见')
    const second = await order('小区东门的垃圾桶满了没人清理')
    // Nothing is told before the outbox is delivered.
    await expect(request<UnreadCountDto>(tokens.committee, 'GET', '/api/messages/unread')).resolves.toEqual({ unread: 0 })
    expect(await deliverNotices(database.db, new Date())).toBeGreaterThan(0)
    await expect(request<UnreadCountDto>(tokens.committee, 'GET', '/api/messages/unread')).resolves.toEqual({ unread: 2 })

    // The next tab page shown asks for the count: the badge appears on 消息.
    await tab(committee, '订单').click()
    await badgeIs(committee, '2')
    // Its white digits stand out enough for small text (axe leaves a lone digit unjudged).
    expect(await tab(committee, '消息').locator('.taro-tabbar-badge').evaluate(contrastOf)).toBeGreaterThanOrEqual(4.5)
    await whole(committee, 'messages-1-badge')

    // 消息: newest first, both unread (bold, with a dot), what the order is about, and when.
    await tab(committee, '消息').click()
    const page = currentPage(committee).locator('.messages')
    await settled(page.locator('.message').first())
    const unread = page.locator('.message--unread')
    await expect(unread.count()).resolves.toBe(2)
    const newest = unread.first()
    await expect(newest.locator('.message__title').innerText()).resolves.toBe(NOTICE_TITLES.order_placed)
    await expect(newest.locator('.message__body').innerText()).resolves.toContain(second.summary)
    await expect(newest.locator('.message__time').innerText()).resolves.toMatch(/(秒|分钟)前$/)
    await expect(newest.locator('.message__title').evaluate((el) => getComputedStyle(el).fontWeight)).resolves.toBe('700')
    await expect(newest.locator('.message__dot').isVisible()).resolves.toBe(true)
    await expect(page.locator('.messages__count').innerText()).resolves.toBe('2 条未读')
    expect(await layoutProblems(committee)).toEqual([])
    // With messages listed and the badge drawn (the accessibility walk sees neither: no notices are delivered there).
    expect(await axeFindings(committee)).toEqual([])
    await whole(committee, 'messages-2-list')

    // Tapping the older one opens its order and marks it read.
    await page.locator('.message', { hasText: first.summary }).click()
    await committee.waitForURL((url) => url.href.includes(`order-detail/index?id=${first.id}`))
    await settled(committee.locator('.order-detail:visible .status-tag').first())
    await expect(request<UnreadCountDto>(tokens.committee, 'GET', '/api/messages/unread')).resolves.toEqual({ unread: 1 })
    await committee.goBack()
    await settled(page)
    await expect(page.locator('.message', { hasText: first.summary }).getAttribute('class')).resolves.not.toContain('message--unread')
    await expect(page.locator('.message__dot').count()).resolves.toBe(1)
    await badgeIs(committee, '1')
    await whole(committee, 'messages-3-one-read')

    // 全部已读: no unread left, no badge, no button.
    await page.locator('.messages__read-all').click()
    await badgeIs(committee, null)
    await expect(page.locator('.message--unread').count()).resolves.toBe(0)
    await page.locator('.messages__bar').waitFor({ state: 'detached' })
    await expect(request<UnreadCountDto>(tokens.committee, 'GET', '/api/messages/unread')).resolves.toEqual({ unread: 0 })

    // A new order later: the app in the foreground again asks at once.
    await order('3号楼电梯按钮失灵')
    await deliverNotices(database.db, new Date())
    await committee.evaluate(() => {
      Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => 'hidden' })
      window.dispatchEvent(new Event('visibilitychange'))
      Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => 'visible' })
      window.dispatchEvent(new Event('visibilitychange'))
    })
    await badgeIs(committee, '1')

    // 长辈版: the list still fits, nothing cut off, every target big enough.
    await setTextSize(committee, 'elder')
    await committee.goto(`${server.url}/#/pages/messages/index`)
    await settled(currentPage(committee).locator('.message').first())
    expect(await layoutProblems(committee)).toEqual([])
    await whole(committee, 'messages-4-elder')
  })

  test('signed out, the page asks to sign in', async () => {
    const guest = await phone(browser)
    await guest.goto(`${server.url}/#/pages/messages/index`)
    await settled(currentPage(guest).locator('.state-view'))
    await expect(currentPage(guest).locator('.state-view__message').innerText()).resolves.toBe('登录后查看消息')
    await expect(badge(guest)).resolves.toBeNull()
  })
})
