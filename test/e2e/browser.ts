import { existsSync, mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { chromium, type Browser, type Locator, type Page } from 'playwright-core'

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

/** A phone-sized page with its own storage, i.e. one signed-in person. */
export async function phone(browser: Browser): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 375, height: 667 }, deviceScaleFactor: 2, locale: 'zh-CN' })
  return context.newPage()
}

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

