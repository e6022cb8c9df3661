import { existsSync, mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { chromium, type Browser, type Locator, type Page } from 'playwright-core'
import type { TransitionOutcomeDto } from '../../types/api'
import { startTestServer, type TestServer } from '../support/test-server'

export const SCREENSHOT_DIR = join(__dirname, '..', '..', 'test-results')
const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium'
const H5_INDEX = join(__dirname, '..', '..', 'dist-h5', 'index.html')

/**
 * `describe` when Chromium and the H5 build are there; otherwise a skip with a notice, and in CI
 * (where nothing may be skipped) an error.
 */
export function describeInBrowser(name: string, suite: () => void): void {
  if (existsSync(CHROMIUM) && existsSync(H5_INDEX)) return describe(name, suite)
  if (process.env.CI) throw new Error(`${name}: needs ${CHROMIUM} and the H5 build (${H5_INDEX})`)
  console.warn(`Skipping "${name}": needs ${CHROMIUM} and ${H5_INDEX} (npm test builds it)`)
  describe.skip(name, suite)
}

/** Debian's Chromium with the flags this closed network needs (see RECIPES.md). */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  })
}

/**
 * One e2e file's world: the real server serving the H5 build, and Chromium. Call it inside the
 * `describeInBrowser` body: it starts both before the file's tests and closes them after. The API
 * helpers act through the server in-process (a test's set-up, not what it checks).
 */
export interface E2eWorld {
  readonly server: TestServer
  readonly browser: Browser
  /** A session token for a person acting as one of their memberships. */
  tokenOf(who: { id: number; membershipId: number }): Promise<string>
  /** The answer's JSON; a status of 300 or more throws with the body, so set-up never fails silently. */
  request<T>(token: string, method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, payload?: object): Promise<T>
  post<T>(token: string, url: string, payload: object): Promise<T>
  transition(token: string, orderId: number, payload: object): Promise<TransitionOutcomeDto>
  /** Opens an order's page on `page` and waits for its timeline. */
  openOrder(page: Page, orderId: number): Promise<void>
}

export function e2eWorld(): E2eWorld {
  let server: TestServer | undefined
  let browser: Browser | undefined
  beforeAll(async () => {
    server = await startTestServer({ h5: true })
    browser = await launchChromium()
  })
  afterAll(async () => {
    await browser?.close()
    await server?.close()
  })
  const world: E2eWorld = {
    get server() {
      return server!
    },
    get browser() {
      return browser!
    },
    tokenOf: (who) => world.server.testApp.login(who.id, who.membershipId),
    async request<T>(token: string, method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, payload?: object) {
      const response = await world.server.testApp.app.inject({ method, url, payload, headers: { authorization: `Bearer ${token}` } })
      if (response.statusCode >= 300) throw new Error(`${method} ${url}: ${response.statusCode} ${response.body}`)
      return response.json() as T
    },
    post: (token, url, payload) => world.request(token, 'POST', url, payload),
    transition: (token, orderId, payload) => world.post<TransitionOutcomeDto>(token, `/api/orders/${orderId}/transitions`, payload),
    async openOrder(page, orderId) {
      await page.goto(`${world.server.url}/#/pages/order-detail/index?id=${orderId}`)
      await settled(page.locator('.order-detail:visible .order-timeline').first())
    },
  }
  return world
}

/** A phone-sized page with its own storage, i.e. one signed-in person; `userAgent` e.g. WeChat's browser (`WECHAT_BROWSER`). */
export async function phone(browser: Browser, userAgent?: string): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 375, height: 667 }, deviceScaleFactor: 2, locale: 'zh-CN', ...(userAgent ? { userAgent } : {}) })
  return context.newPage()
}

/** WeChat's built-in browser on Android, where a link shared in a chat opens: the app offers 微信登录 only there. */
export const WECHAT_BROWSER =
  'Mozilla/5.0 (Linux; Android 13; V2227A) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/116.0.0.0 Mobile Safari/537.36 ' +
  'XWEB/1160065 MMWEBSDK/20231202 MicroMessenger/8.0.47.2560(0x28002F30) WeChat/arm64 Weixin NetType/WIFI Language/zh_CN ABI/arm64'

/** Taro H5 slides pages in over ~300 ms: wait until the element stops moving. */
export async function settled(locator: Locator): Promise<Locator> {
  await locator.waitFor({ state: 'visible' })
  let last = ''
  for (let i = 0; i < 20; i += 1) {
    const box = JSON.stringify(await locator.boundingBox())
    if (box === last) return locator
    last = box
    await locator.page().waitForTimeout(60)
  }
  return locator
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true })
  await page.waitForTimeout(350)
  await page.screenshot({ path: join(SCREENSHOT_DIR, `${name}.png`), fullPage: true })
}

/** Signs in through the 我的 page's demo switcher, as a person would (as `role`, when they hold several). */
export async function signInAsDemo(page: Page, baseUrl: string, name: string, role?: string): Promise<void> {
  await page.goto(`${baseUrl}/#/pages/me/index`)
  await (await settled(page.locator(role ? `.demo-account--${role}` : '.demo-account', { hasText: name }).first())).click()
  await page.locator('.me__name', { hasText: name }).waitFor()
}

/** Taps an order action (`.action-<action>`); with `fill`, fills its form and submits it. */
export async function act(page: Page, action: string, fill?: (page: Page) => Promise<void>): Promise<void> {
  await (await settled(page.locator(`.action-${action}:visible`).first())).click()
  if (fill) {
    const form = page.locator(`.action-form--${action}`)
    await settled(form)
    await fill(page)
    await form.locator('.action-form__submit').click()
  }
}

/** Waits until the open order's status tag reads `label`. */
export const statusIs = (page: Page, label: string) => page.locator('.order-detail:visible .status-tag', { hasText: label }).waitFor()


// ---------------------------------------------------------------------------------------------
// Every page of every role, and the checks 长辈版 (large text) is held to.

/** Who walks the app: the demo roles, someone signed out, and a new WeChat user before sign-up. */
export type Walker = 'resident' | 'proxy' | 'grid_worker' | 'committee' | 'street_admin' | 'party_member' | 'volunteer' | 'department' | 'guest' | 'newcomer'

export interface AppPage {
  /** Short name, used in test titles and screenshot files. */
  name: string
  /** Hash route. */
  path: string
  /** A page reached from a list: the first element matching this on `path` is tapped. */
  via?: string
  /** A bottom sheet (NutUI Popup) of the page: tapping this opens it, and the checks see it open. */
  sheet?: string
}

const committeePage = (name: string, page = 'index'): AppPage => ({ name: page === 'index' ? name : `${name}-${page}`, path: `/#/packages/committee/${name}/${page}` })

/** The pages each walker reaches: the tabs, sign-up, the order form and detail, and their entries on 我的. */
export function pagesOf(walker: Walker): AppPage[] {
  const tabs: AppPage[] = [
    { name: 'home', path: '/#/pages/home/index' },
    { name: 'orders', path: '/#/pages/orders/index' },
    { name: 'messages', path: '/#/pages/messages/index' },
    { name: 'me', path: '/#/pages/me/index' },
  ]
  if (walker === 'guest') return tabs
  const signup: AppPage = { name: 'signup', path: '/#/pages/signup/index' }
  if (walker === 'newcomer') return [...tabs, signup]
  const detail: AppPage = { name: 'order-detail', path: '/#/pages/orders/index', via: '.order-card' }
  const orderNew: AppPage[] = ['resident', 'proxy', 'grid_worker'].includes(walker) ? [{ name: 'order-new', path: '/#/pages/order-new/index' }] : []
  const admin: Record<string, AppPage[]> = {
    committee: [
      ...['approvals', 'members', 'invites', 'teams', 'grids', 'catalogue', 'meetings', 'problems', 'clock-targets'].map((name) => committeePage(name)),
      committeePage('meetings', 'new'),
      { ...committeePage('invites'), name: 'invites-sheet', sheet: '.invites__create .nut-button' },
    ],
    street_admin: ['members', 'invites', 'teams', 'grids'].map((name) => committeePage(name)),
    resident: [committeePage('approvals')],
    volunteer: [committeePage('approvals')],
  }
  return [...tabs, signup, ...orderNew, detail, ...(admin[walker] ?? [])]
}

/** Text size as the app keeps it (Taro's H5 storage wraps each value as {"data": …}); reloads. */
export async function setTextSize(page: Page, size: 'standard' | 'elder'): Promise<void> {
  await page.evaluate((value) => localStorage.setItem('sandan.textSize', JSON.stringify({ data: value })), size)
  await page.reload()
}

/** The page on screen: Taro's H5 router keeps earlier pages in the document, hidden. */
export const currentPage = (page: Page) => page.locator('.taro_page:visible').last()

/** Opens `target` and waits until its content is in (no loading spinner) and at rest. */
export async function openPage(page: Page, baseUrl: string, target: AppPage): Promise<void> {
  await page.goto(`${baseUrl}${target.path}`)
  if (target.via) {
    const from = page.url()
    await (await settled(page.locator(`${target.via}:visible`).first())).click()
    await page.waitForURL((url) => url.href !== from)
  }
  if (target.sheet) {
    await (await settled(currentPage(page).locator(target.sheet).first())).click()
    await settled(currentPage(page).locator('.nut-popup:visible').first())
  }
  await settled(currentPage(page).locator('.text-root, .order-detail').first())
  await page.locator('.state-view--loading:visible').first().waitFor({ state: 'detached', timeout: 10_000 }).catch(() => undefined)
  await page.waitForFunction(() => !document.querySelector('.taro_page .state-view--loading'), undefined, { timeout: 10_000 }).catch(() => undefined)
  await settled(currentPage(page))
}

/**
 * What large text must never do, on the page on screen (and the document around it): scroll
 * sideways; cut content off (an element that clips holds more than it shows); let text run out of
 * the block it sits in or over other text; offer a tap target under 44 × 44 px.
 */
export async function layoutProblems(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const problems: string[] = []
    const pageRoot = Array.from(document.querySelectorAll<HTMLElement>('.taro_page')).filter((p) => getComputedStyle(p).display !== 'none').pop()
    if (!pageRoot) return ['no page on screen']
    const describe = (el: Element) => {
      const classes = typeof el.className === 'string' ? el.className.trim().split(/\s+/).filter((c) => c && !c.startsWith('hydrated')).slice(0, 2) : []
      return `${el.tagName.toLowerCase()}${classes.map((c) => `.${c}`).join('')} "${(el.textContent ?? '').trim().replace(/\s+/g, ' ').slice(0, 24)}"`
    }
    const shown = (el: Element) => {
      const box = el.getBoundingClientRect()
      const style = getComputedStyle(el)
      return box.width > 0 && box.height > 0 && style.visibility !== 'hidden' && style.display !== 'none'
    }
    const fixedInside = (el: Element | null) => {
      for (let at = el; at && at !== pageRoot; at = at.parentElement) if (['fixed', 'sticky'].includes(getComputedStyle(at).position)) return true
      return false
    }

    for (const scroller of [document.documentElement, document.body, ...Array.from(document.querySelectorAll('.taro-tabbar__panel')), pageRoot]) {
      if (scroller.scrollWidth > scroller.clientWidth + 1) problems.push(`scrolls sideways (${scroller.scrollWidth} > ${scroller.clientWidth}): ${describe(scroller)}`)
    }

    const elements = Array.from(pageRoot.querySelectorAll('*')).filter(shown)
    for (const el of elements) {
      const style = getComputedStyle(el)
      if (['hidden', 'clip', 'auto', 'scroll'].includes(style.overflowX) && el.scrollWidth > el.clientWidth + 1) {
        problems.push(`cut off or scrolls sideways (${el.scrollWidth} > ${el.clientWidth}): ${describe(el)}`)
      }
      if (['hidden', 'clip'].includes(style.overflowY) && el.scrollHeight > el.clientHeight + 1) {
        problems.push(`cut off at the bottom (${el.scrollHeight} > ${el.clientHeight}): ${describe(el)}`)
      }
    }

    // A one-line field shows its hint or value whole (neither is a text node, nor in scrollWidth).
    const measure = document.createElement('canvas').getContext('2d')!
    for (const field of elements.filter((el): el is HTMLInputElement => el instanceof HTMLInputElement)) {
      const style = getComputedStyle(field)
      measure.font = `${style.fontWeight} ${style.fontSize} ${style.fontFamily}`
      const room = field.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight)
      for (const text of [field.placeholder, field.value]) {
        if (text && measure.measureText(text).width > room + 1) problems.push(`field text cut off: "${text}" in ${describe(field.closest('.nut-input') ?? field)}`)
      }
    }

    // Text against the block it sits in, and against other text.
    const lines: { node: Text; box: DOMRect }[] = []
    const walker = document.createTreeWalker(pageRoot, NodeFilter.SHOW_TEXT)
    for (let node = walker.nextNode() as Text | null; node; node = walker.nextNode() as Text | null) {
      const holder = node.parentElement
      if (!node.data.trim() || !holder || !shown(holder)) continue
      let block: Element = holder
      while (block.parentElement && getComputedStyle(block).display.startsWith('inline')) block = block.parentElement
      const outer = block.getBoundingClientRect()
      const range = document.createRange()
      range.selectNodeContents(node)
      for (const box of Array.from(range.getClientRects())) {
        if (box.width === 0) continue
        if (box.right > outer.right + 1 || box.left < outer.left - 1 || box.bottom > outer.bottom + 1) {
          problems.push(`text runs out of its box: ${describe(block)}`)
          break
        }
        if (!fixedInside(holder)) lines.push({ node, box })
      }
    }
    for (let i = 0; i < lines.length; i += 1) {
      for (let j = i + 1; j < lines.length; j += 1) {
        const [a, b] = [lines[i], lines[j]]
        if (a.node === b.node) continue
        const width = Math.min(a.box.right, b.box.right) - Math.max(a.box.left, b.box.left)
        const height = Math.min(a.box.bottom, b.box.bottom) - Math.max(a.box.top, b.box.top)
        if (width > 2 && height > 2) problems.push(`text over text: "${a.node.data.trim().slice(0, 16)}" / "${b.node.data.trim().slice(0, 16)}"`)
      }
    }

    // Tap targets: Taro components with a click handler, NutUI buttons, links, form fields (by the
    // field around them), and the tab bar.
    const targets = new Set<Element>()
    for (const el of [...elements, ...Array.from(document.querySelectorAll('.weui-tabbar__item'))]) {
      const events = (el as unknown as { __events?: Record<string, unknown> }).__events
      if (events?.click || events?.tap || el.matches('.nut-button, a, button, .weui-tabbar__item')) targets.add(el)
      if (el.matches('input, textarea')) targets.add(el.closest('.nut-input, .nut-textarea, .address-parts__part') ?? el)
    }
    for (const el of targets) {
      const box = el.getBoundingClientRect()
      if (shown(el) && (box.width < 43.5 || box.height < 43.5)) problems.push(`tap target ${Math.round(box.width)}×${Math.round(box.height)}: ${describe(el)}`)
    }
    return [...new Set(problems)]
  })
}

/** The whole page on screen, however long: the viewport grows to its height for the picture. */
export async function screenshotWhole(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true })
  const viewport = page.viewportSize()!
  const height = await currentPage(page).evaluate((el) => el.scrollHeight)
  const tabBar = await page.locator('.taro-tabbar__tabbar:visible').count() ? 64 : 0
  await page.setViewportSize({ width: viewport.width, height: Math.max(viewport.height, Math.min(height + tabBar, 6000)) })
  await page.waitForTimeout(150)
  // At CSS pixels (not the phone's 2×): a long page is a large image, and quick to look through.
  await page.screenshot({ path: join(SCREENSHOT_DIR, `${name}.png`), scale: 'css' })
  await page.setViewportSize(viewport)
}

/** An axe-core rule broken on the page, and where. */
export interface Finding {
  rule: string
  impact: string | null
  targets: string[]
}

/** Serious and critical axe findings on the document as it is. */
export async function axeFindings(page: Page): Promise<Finding[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ path: require.resolve('axe-core/axe.min.js') })
  return page.evaluate(async () => {
    interface AxeNode {
      target: string[]
      element: Element
    }
    interface AxeViolation {
      id: string
      impact: string | null
      nodes: AxeNode[]
    }
    const axe = (window as unknown as { axe: { run(context: object, options: object): Promise<{ violations: AxeViolation[] }> } }).axe
    // Pages the router keeps hidden behind the current one have nothing to find, and left in
    // they triple the time a run takes.
    const hidden = Array.from(document.querySelectorAll('.taro_page')).filter((p) => getComputedStyle(p).display === 'none')
    const { violations } = await axe.run({ include: [document], exclude: hidden.map((p) => [p]) }, { elementRef: true, resultTypes: ['violations'] })
    // Taro's H5 router renders each page as a scrolling box, and its tab bar panel likewise:
    // neither is in our code nor focusable by design. The same rule on anything of ours counts.
    const isShell = (rule: string, node: AxeNode) => rule === 'scrollable-region-focusable' && node.element.matches('.taro_page, .taro-tabbar__panel')
    return violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => ({ rule: v.id, impact: v.impact, targets: v.nodes.filter((n) => !isShell(v.id, n)).map((n) => n.target.join(' ')) }))
      .filter((v) => v.targets.length > 0)
  })
}
