/**
 * The whole 三单 loop in Chromium against the built H5 app and the real server: a resident
 * orders, the committee dispatches, a volunteer accepts, starts and completes with a report,
 * the resident confirms with 5 stars, and the timeline shows every step.
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import type { DemoAccountDto } from '../../types/people'
import { solidPng } from '../support/png'
import { startTestServer, type TestServer } from '../support/test-server'
import { SCREENSHOT_DIR, act, axeFindings, describeInBrowser, launchChromium, phone, screenshot, settled, signInAsDemo, statusIs } from './browser'

jest.setTimeout(120_000)

describeInBrowser('H5 end to end: 点单 → 下单 → 接单 → 销号', () => {
  let server: TestServer
  let browser: Browser
  let accounts: DemoAccountDto[]
  const description = `楼道灯坏了，晚上看不清台阶，麻烦来修一下（E2E ${Date.now().toString(36)}）`

  beforeAll(async () => {
    server = await startTestServer({ h5: true })
    browser = await launchChromium()
    accounts = (await (await fetch(`${server.url}/api/auth/demo-accounts`)).json()) as DemoAccountDto[]
  })

  afterAll(async () => {
    await browser?.close()
    await server?.close()
  })

  const account = (role: DemoAccountDto['role']) => {
    const found = accounts.find((a) => a.role === role)
    if (!found) throw new Error(`no demo ${role}`)
    return found
  }

  async function signIn(role: DemoAccountDto['role']): Promise<Page> {
    const page = await phone(browser)
    await signInAsDemo(page, server.url, account(role).name)
    return page
  }

  async function openOrderFromList(page: Page, tabLabel: string): Promise<void> {
    await page.goto(`${server.url}/#/pages/orders/index`)
    await (await settled(page.locator('.chip:visible', { hasText: tabLabel }).first())).click()
    const card = page.locator('.order-card:visible', { hasText: description.slice(0, 12) }).first()
    await (await settled(card)).click()
    await settled(page.locator('.order-detail:visible').first())
  }

  it('runs the whole loop across three accounts', async () => {
    // 群众点单: the resident picks 维修 on the home page and fills in the form.
    const resident = await signIn('resident')
    await resident.goto(`${server.url}/#/pages/home/index`)
    await (await settled(resident.locator('.service-tile', { hasText: '维修' }).first())).click()
    await settled(resident.locator('.order-new').first())
    await resident.locator('.order-new__description textarea').fill(description)
    // 维修 asks for a photo: pick one through the real file chooser and upload it.
    const [chooser] = await Promise.all([
      resident.waitForEvent('filechooser'),
      resident.locator('.photo-picker__add:visible').click(),
    ])
    await chooser.setFiles({ name: 'lamp.png', mimeType: 'image/png', buffer: solidPng(96, 64, [230, 190, 40]) })
    await resident.locator('.order-new .photo-picker__image').first().waitFor()
    // Address and contact come filled in from the household; a tap opens them for a change.
    await resident.locator('.order-new .autofill:visible').first().click()
    await resident.locator('.order-new__address input').fill('锦绣小区3号楼2单元401')
    await resident.locator('.order-new__contact-phone input').fill('13800138000')
    await screenshot(resident, '1-resident-order-form')
    await resident.locator('.order-new__submit').click()
    await statusIs(resident, '待受理')
    await resident.locator('.order-detail:visible .order-detail__photo').first().waitFor()
    // Each photo says what it is (the <img> inside Taro's H5 Image).
    await expect(resident.locator('.order-detail:visible .order-detail__photo img').first().getAttribute('alt')).resolves.toBe('现场照片 1/1')
    expect(await axeFindings(resident)).toEqual([])
    await screenshot(resident, '2-resident-order-submitted')

    // 党组织下单: the committee dispatches it to the volunteer.
    const committee = await signIn('committee')
    await openOrderFromList(committee, '待处理')
    const volunteer = account('volunteer')
    await act(committee, 'dispatch', async (page) => {
      await (await settled(page.locator('.responder', { hasText: volunteer.name }).first())).click()
    })
    await statusIs(committee, '已派单')
    await screenshot(committee, '3-committee-dispatched')

    // 党员接单: the volunteer accepts, starts and completes with a report.
    const worker = await signIn('volunteer')
    await openOrderFromList(worker, '我的任务')
    await act(worker, 'accept')
    await statusIs(worker, '已接单')
    await act(worker, 'start')
    await statusIs(worker, '办理中')
    await act(worker, 'complete', async (page) => {
      await page.locator('.action-form--complete textarea').fill('已更换楼道声控灯，试亮正常')
    })
    await statusIs(worker, '待评价')
    await screenshot(worker, '4-volunteer-completed')

    // 销号: the resident confirms with 5 stars.
    await openOrderFromList(resident, '待评价')
    await act(resident, 'confirm', async (page) => {
      await page.locator('.action-form--confirm textarea').fill('修得很快，谢谢志愿者！')
    })
    await statusIs(resident, '已办结')

    const timeline = resident.locator('.order-detail:visible .order-timeline')
    for (const event of ['submit', 'dispatch', 'accept', 'start', 'complete', 'confirm']) {
      await expect(timeline.locator(`.timeline-entry--${event}`).count()).resolves.toBe(1)
    }
    await expect(timeline.locator('.timeline-entry--confirm .timeline-entry__rating').innerText()).resolves.toBe('★★★★★')
    await expect(timeline.locator('.loop-step--done').count()).resolves.toBe(4)
    await expect(timeline.locator('.loop-step--ahead').count()).resolves.toBe(0)
    // Tall enough to show the whole timeline (Taro scrolls inside the page, not the document).
    await resident.setViewportSize({ width: 375, height: 2000 })
    await screenshot(resident, '5-resident-closed-timeline')

    mkdirSync(SCREENSHOT_DIR, { recursive: true })
    writeFileSync(join(SCREENSHOT_DIR, 'e2e.ran'), new Date().toISOString())
  })

  it('a volunteer who declines is taken back to their list, and the order has left it', async () => {
    // Set up through the API: an order dispatched to the volunteer.
    const { app, tokens, byRole } = server.testApp
    const post = (token: string, url: string, payload: object) =>
      app.inject({ method: 'POST', url, payload, headers: { authorization: `Bearer ${token}` } }).then((r) => r.json() as { id: number })
    const declined = `独居老人需要陪同就医（E2E 退回 ${Date.now().toString(36)}）`
    const order = await post(tokens.resident, '/api/orders', {
      categoryCode: 'medical', description: declined, gridId: Number(byRole.resident.orgPath.split('/').filter(Boolean).pop()),
      address: '锦绣小区5号楼', contactName: '黎玉兰', contactPhone: '13800138000', urgency: 'normal',
    })
    await post(tokens.committee, `/api/orders/${order.id}/transitions`, { action: 'dispatch', assigneeId: byRole.volunteer.id })

    const worker = await signIn('volunteer')
    await worker.goto(`${server.url}/#/pages/orders/index`)
    await (await settled(worker.locator('.chip:visible', { hasText: '我的任务' }).first())).click()
    const card = worker.locator('.order-card:visible', { hasText: declined.slice(0, 10) }).first()
    await (await settled(card)).click()
    await act(worker, 'decline', async (page) => {
      await page.locator('.action-form--decline textarea').fill('这周在外地，无法上门')
    })
    // Back on the list: the order is no longer theirs, so it is gone from it (no error page).
    await worker.locator('.order-detail:visible').waitFor({ state: 'detached' }).catch(() => undefined)
    await expect(worker.locator('.order-detail:visible').count()).resolves.toBe(0)
    await expect(worker.locator('.order-card:visible', { hasText: declined.slice(0, 10) }).count()).resolves.toBe(0)
    await screenshot(worker, '6-volunteer-declined-back-to-list')
  })
})
