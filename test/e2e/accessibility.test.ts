/**
 * axe-core on the main screens of the H5 build, signed in as the committee (the screens with the
 * most on them). Serious and critical findings fail, except two that come from Taro's H5 shell
 * rather than from our pages (see SHELL_RULES).
 */
import type { Browser, Page } from 'playwright-core'
import type { DemoAccountDto } from '../../types/people'
import { startTestServer, type TestServer } from '../support/test-server'
import { describeInBrowser, launchChromium, phone, settled, signInAsDemo } from './browser'

/**
 * Taro's H5 router renders each page as a scrolling container without a landmark, and its tab
 * bar outside any; neither is in our code. Everything else serious or critical counts.
 */
const SHELL_RULES = ['region', 'scrollable-region-focusable']

interface Violation {
  id: string
  impact: string | null
  nodes: Array<{ target: string[] }>
}

jest.setTimeout(90_000)

describeInBrowser('accessibility (axe-core) of the H5 app', () => {
  let server: TestServer
  let browser: Browser
  let page: Page

  beforeAll(async () => {
    server = await startTestServer({ h5: true })
    browser = await launchChromium()
    page = await phone(browser)
    const accounts = (await (await fetch(`${server.url}/api/auth/demo-accounts`)).json()) as DemoAccountDto[]
    await signInAsDemo(page, server.url, accounts.find((a) => a.role === 'committee')!.name)
  })

  afterAll(async () => {
    await browser?.close()
    await server?.close()
  })

  async function violations(): Promise<string[]> {
    await page.addScriptTag({ path: require.resolve('axe-core/axe.min.js') })
    const found = (await page.evaluate(() =>
      (window as unknown as { axe: { run(): Promise<{ violations: unknown[] }> } }).axe.run().then((r) => r.violations),
    )) as Violation[]
    return found
      .filter((v) => (v.impact === 'serious' || v.impact === 'critical') && !SHELL_RULES.includes(v.id))
      .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)
  }

  test.each([
    ['home', '/#/pages/home/index', '.home__catalogue'],
    ['orders (dispatch inbox)', '/#/pages/orders/index', '.order-card'],
    ['me', '/#/pages/me/index', '.demo-account'],
  ])('%s has no serious or critical findings', async (_name, path, ready) => {
    await page.goto(`${server.url}${path}`)
    await settled(page.locator(`${ready}:visible`).first())
    expect(await violations()).toEqual([])
  })

  test('order detail has no serious or critical findings', async () => {
    await page.goto(`${server.url}/#/pages/orders/index`)
    await (await settled(page.locator('.order-card:visible').first())).click()
    await settled(page.locator('.order-detail:visible .order-timeline').first())
    expect(await violations()).toEqual([])
  })
})
