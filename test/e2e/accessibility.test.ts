/**
 * Every H5 page of every role, at the standard text size and at 长辈版 (1.5×), in Chromium
 * against the built app and the real server:
 * - axe-core finds nothing serious or critical, except what comes from Taro's H5 shell rather
 *   than from our pages (see `isShell`);
 * - the layout holds (test/e2e/browser.ts `layoutProblems`): no sideways scrolling, nothing cut
 *   off, no text running out of its box or over other text, every tap target at least 44 × 44 px;
 * - 长辈版 reaches every page (its root carries the 1.5 scale);
 * - a screenshot of each page at each size lands in test-results/ (a11y-<role>-<page>-<size>.png),
 *   and a count of what was checked in test-results/a11y-summary.json.
 * One browser, one phone (browser context) per role, kept across both sizes.
 */
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import type { DemoAccountDto, SessionDto } from '../../types/people'
import { startFakeWechat, wechatEnv, type FakeWechat } from '../support/fake-wechat'
import { startTestServer, type TestServer } from '../support/test-server'
import {
  SCREENSHOT_DIR,
  axeFindings,
  currentPage,
  describeInBrowser,
  launchChromium,
  layoutProblems,
  openPage,
  pagesOf,
  phone,
  screenshotWhole,
  setTextSize,
  signInAsDemo,
  type Walker,
} from './browser'

const WALKERS: Walker[] = ['resident', 'proxy', 'grid_worker', 'committee', 'street_admin', 'party_member', 'volunteer', 'department', 'guest', 'newcomer']

jest.setTimeout(120_000)

describeInBrowser('accessibility and large text on every H5 page of every role', () => {
  let wechat: FakeWechat
  let server: TestServer
  let browser: Browser
  let accounts: DemoAccountDto[]
  const summary: Record<string, { pages: number; axeFindings: number; layoutProblems: number; seconds: number }> = {}

  beforeAll(async () => {
    wechat = await startFakeWechat()
    server = await startTestServer({ h5: true, env: wechatEnv(wechat, 'wx-a11y') })
    browser = await launchChromium()
    accounts = (await (await fetch(`${server.url}/api/auth/demo-accounts`)).json()) as DemoAccountDto[]
  })

  afterAll(async () => {
    writeFileSync(join(SCREENSHOT_DIR, 'a11y-summary.json'), `${JSON.stringify(summary, null, 2)}\n`)
    await browser?.close()
    await server?.close()
    await wechat?.close()
  })

  /** The walker's phone, signed in the way they would be. */
  async function phoneOf(walker: Walker): Promise<Page> {
    const page = await phone(browser)
    if (walker === 'newcomer') {
      // A first WeChat login: the person exists, with no identity yet (sign-up's first step).
      const response = await fetch(`${server.url}/api/auth/wechat`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ code: 'ok-a11y-newcomer' }),
      })
      const session = (await response.json()) as SessionDto
      await page.addInitScript((token) => localStorage.setItem('sandan.token', JSON.stringify({ data: token })), session.token)
      await page.goto(`${server.url}/#/pages/home/index`)
    } else if (walker === 'guest') {
      await page.goto(`${server.url}/#/pages/home/index`)
    } else {
      await signInAsDemo(page, server.url, accounts.find((a) => a.role === walker)!.name, walker)
    }
    return page
  }

  test('the layout checks find each kind of fault they look for (so a clean page means something)', async () => {
    const page = await phone(browser)
    await openPage(page, server.url, { name: 'home', path: '/#/pages/home/index' })
    expect(await layoutProblems(page)).toEqual([])
    await currentPage(page).evaluate((root) => {
      const add = (html: string) => root.querySelector('.home')!.insertAdjacentHTML('beforeend', html)
      add('<div style="width:100px;overflow:hidden;white-space:nowrap">一段被容器截断的很长很长的文字</div>')
      add('<div style="width:100px;white-space:nowrap">一段跑出盒子的很长很长的文字</div>')
      add('<div style="position:relative;height:40px"><span>下面的字</span><span style="position:absolute;left:0;top:0">上面的字</span></div>')
      add('<input style="width:80px" placeholder="一个放不下的很长的提示">')
      add('<div style="width:2000px;height:4px"></div>')
      const small = document.createElement('span')
      small.textContent = '点'
      // What Taro's H5 components record for a click handler.
      Object.assign(small, { __events: { click: () => undefined } })
      root.querySelector('.home')!.appendChild(small)
    })
    const found = (await layoutProblems(page)).map((problem) => problem.split(/[:(]/)[0].replace(/\d+×\d+/, '').trim())
    expect(new Set(found)).toEqual(
      new Set(['scrolls sideways', 'cut off or scrolls sideways', 'text runs out of its box', 'text over text', 'field text cut off', 'tap target']),
    )
    await page.context().close()
  })

  /** Every page at one text size: what axe and the layout checks find, and a screenshot of each. */
  async function walk(page: Page, walker: Walker, size: 'standard' | 'elder'): Promise<string[]> {
    const started = Date.now()
    await setTextSize(page, size)
    const problems: string[] = []
    const checked = { pages: 0, axeFindings: 0, layoutProblems: 0 }
    for (const target of pagesOf(walker)) {
      await openPage(page, server.url, target)
      if (size === 'elder') {
        const scale = await currentPage(page).locator('.text-root').first().evaluate((el) => getComputedStyle(el).getPropertyValue('--sandan-text-scale').trim())
        if (scale !== '1.5') problems.push(`${target.name}: text scale ${scale || 'missing'}, not 1.5`)
      }
      const findings = await axeFindings(page)
      const layout = await layoutProblems(page)
      problems.push(...findings.map((f) => `${target.name}: axe ${f.rule} (${f.impact}) at ${f.targets.join(', ')}`))
      problems.push(...layout.map((p) => `${target.name}: ${p}`))
      checked.pages += 1
      checked.axeFindings += findings.length
      checked.layoutProblems += layout.length
      await screenshotWhole(page, `a11y-${walker}-${target.name}-${size}`)
    }
    summary[`${walker} ${size}`] = { ...checked, seconds: Math.round((Date.now() - started) / 100) / 10 }
    return problems.map((problem) => `${size}: ${problem}`)
  }

  // One phone (browser context) per walker, signed in once for both sizes.
  test.each(WALKERS)('%s: axe, layout and tap targets on every page, at both text sizes', async (walker) => {
    const page = await phoneOf(walker)
    try {
      const problems = [...(await walk(page, walker, 'standard')), ...(await walk(page, walker, 'elder'))]
      expect(problems).toEqual([])
    } finally {
      await page.context().close()
    }
  })
})
