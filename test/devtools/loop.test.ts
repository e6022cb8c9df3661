/**
 * The 三单 loop in the real WeChat runtime, driven by miniprogram-automator. Needs WeChat
 * DevTools (Windows/macOS) with its service port on, and WECHAT_DEVTOOLS_CLI set to its CLI.
 * Run with `npm run test:devtools` (not part of `npm test`): it builds the weapp against a test
 * server on this machine, opens the project in DevTools and signs in as the demo accounts.
 */
import { join } from 'node:path'
import automator from 'miniprogram-automator'
import type MiniProgram from 'miniprogram-automator/out/MiniProgram'
import type { InputElement } from 'miniprogram-automator/out/Element'
import type Page from 'miniprogram-automator/out/Page'
import type { DemoAccountDto } from '../../types/people'
import { startTestServer, type TestServer } from '../support/test-server'

const cliPath = process.env.WECHAT_DEVTOOLS_CLI
const describeIf = cliPath ? describe : describe.skip
if (!cliPath) console.warn('Skipping the DevTools suite: set WECHAT_DEVTOOLS_CLI to the WeChat DevTools CLI')

jest.setTimeout(300_000)

describeIf('WeChat DevTools: 点单 → 下单 → 接单 → 销号', () => {
  let server: TestServer
  let mini: MiniProgram
  let accounts: DemoAccountDto[]
  const description = `水龙头一直滴水，请帮忙看看（DevTools ${Date.now().toString(36)}）`

  beforeAll(async () => {
    // The weapp build must call this server: build it with SANDAN_API_BASE=http://127.0.0.1:3900.
    server = await startTestServer({ port: Number(process.env.SANDAN_TEST_PORT || 3900) })
    accounts = (await (await fetch(`${server.url}/api/auth/demo-accounts`)).json()) as DemoAccountDto[]
    mini = await automator.launch({ cliPath, projectPath: join(__dirname, '..', '..') })
  })

  afterAll(async () => {
    await mini?.close()
    await server?.close()
  })

  /** Types into the input or textarea under `selector` (the automator's input() lives on those). */
  async function typeInto(page: Page, selector: string, text: string): Promise<void> {
    await page.waitFor(selector)
    await ((await page.$(selector)) as InputElement).input(text)
  }

  const nameOf = (role: DemoAccountDto['role']) => accounts.find((a) => a.role === role)!.name

  async function signIn(role: DemoAccountDto['role']): Promise<void> {
    const page = (await mini.switchTab('/pages/me/index'))!
    await page.waitFor('.demo-account')
    for (const card of await page.$$('.demo-account')) {
      if ((await card.text()).includes(nameOf(role))) {
        await card.tap()
        break
      }
    }
    await page.waitFor(async () => (await (await page.$('.me__name'))!.text()) === nameOf(role))
  }

  async function openOrder(tab: string): Promise<Page> {
    const list = (await mini.switchTab('/pages/orders/index'))!
    await list.waitFor('.chip')
    for (const chip of await list.$$('.chip')) if ((await chip.text()).startsWith(tab)) await chip.tap()
    await list.waitFor(async () => {
      for (const card of await list.$$('.order-card')) if ((await card.text()).includes(description.slice(0, 10))) return true
      return false
    })
    for (const card of await list.$$('.order-card')) {
      if ((await card.text()).includes(description.slice(0, 10))) {
        await card.tap()
        break
      }
    }
    await list.waitFor(500)
    return (await mini.currentPage())!
  }

  async function act(page: Page, action: string, note?: string): Promise<void> {
    await page.waitFor(`.action-${action}`)
    await (await page.$(`.action-${action}`))!.tap()
    if (note !== undefined) {
      await typeInto(page, `.action-form--${action} textarea`, note)
    }
    if (note !== undefined || action === 'dispatch') await (await page.$(`.action-form--${action} .action-form__submit`))!.tap()
    await page.waitFor(800)
  }

  const status = async (page: Page) => (await (await page.$('.status-tag'))!.text()).trim()

  it('runs the loop across three accounts', async () => {
    await signIn('resident')
    const form = (await mini.navigateTo('/pages/order-new/index?category=errands'))!
    await typeInto(form, '.order-new__description textarea', description)
    // Address and contact come filled in from the household (已自动填写); a tap opens them for a change.
    await form.waitFor('.order-new .autofill')
    await (await form.$('.order-new .autofill'))!.tap()
    await typeInto(form, '.order-new__address input', '锦绣小区1号楼1单元101')
    await typeInto(form, '.order-new__contact-phone input', '13800138000')
    await (await form.$('.order-new__submit'))!.tap()
    await form.waitFor(1500)
    expect(await status((await mini.currentPage())!)).toBe('待受理')

    await signIn('committee')
    const dispatchPage = await openOrder('待处理')
    await (await dispatchPage.$('.action-dispatch'))!.tap()
    await dispatchPage.waitFor('.responder')
    for (const person of await dispatchPage.$$('.responder')) {
      if ((await person.text()).includes(nameOf('volunteer'))) await person.tap()
    }
    await (await dispatchPage.$('.action-form--dispatch .action-form__submit'))!.tap()
    await dispatchPage.waitFor(800)
    expect(await status(dispatchPage)).toBe('已派单')

    await signIn('volunteer')
    const task = await openOrder('我的任务')
    await act(task, 'accept')
    await act(task, 'start')
    await act(task, 'complete', '已更换水龙头阀芯')
    expect(await status(task)).toBe('待评价')

    await signIn('resident')
    const mine = await openOrder('待评价')
    await act(mine, 'confirm', '很满意')
    expect(await status(mine)).toBe('已办结')
    expect((await mine.$$('.timeline-entry')).length).toBeGreaterThanOrEqual(6)
  })
})
