/**
 * 服务时限 in Chromium against the built H5 app and the real server: 王书记 opens 我的 → 服务时限,
 * reads the defaults, sets 紧急 to 受理 15 分钟 / 办结 1 小时 for every service (the sheet refuses
 * a completion shorter than the response first), sees 本社区设置 — and the server stores it — then
 * resets it to 默认 after confirming; sets 一般 受理 2 小时 for one service alone; a compound's 李书记 only reads them. Screenshots clock-targets-1… in test-results/.
 */
import type { Browser, Page } from 'playwright-core'
import type { ClockTargetPageDto } from '../../types/clock-targets'
import { startTestServer, type TestServer } from '../support/test-server'
import { currentPage, describeInBrowser, launchChromium, layoutProblems, phone, screenshotWhole, settled, signInAsDemo } from './browser'

jest.setTimeout(240_000)

describeInBrowser('H5 end to end: the committee’s time limits', () => {
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

  const stored = async (): Promise<ClockTargetPageDto> => {
    const response = await server.testApp.app.inject({ method: 'GET', url: '/api/community/clock-targets', headers: { authorization: `Bearer ${server.testApp.tokens.committee}` } })
    return response.json() as ClockTargetPageDto
  }

  async function whole(page: Page, name: string): Promise<void> {
    await page.evaluate(() => {
      window.scrollTo(0, 0)
      document.querySelectorAll('.taro_page').forEach((el) => el.scrollTo(0, 0))
    })
    await screenshotWhole(page, name)
  }

  test('王书记 sets 紧急 to 15 分钟 / 1 小时 for every service, then resets it to the default', async () => {
    const committee = await phone(browser)
    await signInAsDemo(committee, server.url, '王书记')
    await (await settled(committee.locator('.me__entry', { hasText: '服务时限' }))).click()
    const page = currentPage(committee).locator('.clock-targets')
    const emergency = page.locator('.limit-card--emergency').first()
    await settled(emergency)
    await expect(page.locator('.clock-targets__intro').innerText()).resolves.toContain('网格 → 小区党支部 → 社区党委 → 街道')
    await expect(emergency.innerText()).resolves.toMatch(/紧急\s*默认[\s\S]*受理时限：30 分钟[\s\S]*办结时限：2 小时/)
    await expect(page.locator('.limit-card__tag').allInnerTexts()).resolves.toEqual(['默认', '默认', '默认'])
    await expect(page.locator('.clock-targets__empty').innerText()).resolves.toContain('还没有单独设置的服务')
    expect(await layoutProblems(committee)).toEqual([])
    await whole(committee, 'clock-targets-1-defaults')

    // 修改: the sheet opens with the current limits; a completion shorter than the response is refused inline.
    await emergency.locator('.limit-card__edit').click()
    const sheet = committee.locator('.nut-popup:visible .limit-sheet')
    await settled(sheet)
    await expect(sheet.locator('.limit-sheet__subject').innerText()).resolves.toBe('全部服务 · 紧急')
    const response = sheet.locator('.limit-field--response')
    const completion = sheet.locator('.limit-field--completion')
    await expect(response.locator('input').inputValue()).resolves.toBe('30')
    await response.locator('input').fill('15')
    await completion.locator('input').fill('10')
    await completion.locator('.chip--minute').click()
    await expect(sheet.locator('.limit-sheet__problem').innerText()).resolves.toBe('办结时限不能短于受理时限')
    await expect(sheet.locator('.limit-sheet__save').getAttribute('class')).resolves.toContain('nut-button-disabled')
    await screenshotWhole(committee, 'clock-targets-2-refused')

    await completion.locator('input').fill('1')
    await completion.locator('.chip--hour').click()
    await expect(sheet.locator('.limit-sheet__problem').count()).resolves.toBe(0)
    await sheet.locator('.limit-sheet__save').click()
    await sheet.waitFor({ state: 'hidden' })

    await settled(emergency.locator('.limit-card__tag', { hasText: '本社区设置' }))
    await expect(emergency.innerText()).resolves.toMatch(/受理时限：15 分钟[\s\S]*办结时限：1 小时/)
    expect((await stored()).overrides).toEqual([{ categoryCode: '*', urgency: 'emergency', responseMinutes: 15, completionMinutes: 60 }])
    expect(await layoutProblems(committee)).toEqual([])
    await whole(committee, 'clock-targets-3-set')

    // 恢复默认, after confirming: 再想想 first leaves it as it is.
    const modal = committee.locator('.taro__modal')
    await emergency.locator('.limit-card__restore').click()
    await settled(modal.locator('.taro-modal__text'))
    await expect(modal.locator('.taro-modal__text').innerText()).resolves.toContain('恢复后按默认时限计时')
    await modal.locator('.taro-model__cancel').click()
    await expect((await stored()).overrides).toHaveLength(1)

    await emergency.locator('.limit-card__restore').click()
    await settled(modal.locator('.taro-modal__text'))
    await modal.locator('.taro-model__confirm').click()
    await settled(emergency.locator('.limit-card__tag', { hasText: '默认' }))
    await expect(emergency.innerText()).resolves.toMatch(/受理时限：30 分钟[\s\S]*办结时限：2 小时/)
    await expect(emergency.locator('.limit-card__restore').count()).resolves.toBe(0)
    expect((await stored()).overrides).toEqual([])
    await whole(committee, 'clock-targets-4-reset')

    // 为某项服务单独设置: a service and an urgency, starting from what applies now.
    await page.locator('.clock-targets__add-button').click()
    await settled(sheet)
    const serviceName = '助餐'
    await sheet.locator('.limit-sheet__services .chip', { hasText: serviceName }).click()
    await sheet.locator('.limit-sheet__urgency .chip--normal').click()
    await expect(response.locator('input').inputValue()).resolves.toBe('1')
    await expect(response.locator('.chip--selected').innerText()).resolves.toContain('天')
    await response.locator('input').fill('2')
    await response.locator('.chip--hour').click()
    await screenshotWhole(committee, 'clock-targets-5-service')
    await sheet.locator('.limit-sheet__save').click()
    await sheet.waitFor({ state: 'hidden' })
    const own = page.locator('.limit-card', { hasText: `${serviceName} · 一般` })
    await settled(own)
    await expect(own.innerText()).resolves.toMatch(/本社区设置[\s\S]*受理时限：2 小时[\s\S]*办结时限：7 天/)
    expect((await stored()).overrides).toEqual([expect.objectContaining({ urgency: 'normal', responseMinutes: 120, completionMinutes: 7 * 1440 })])
    expect(await layoutProblems(committee)).toEqual([])
    await whole(committee, 'clock-targets-6-service-set')
  })

  test('a compound’s 李书记 reads the community’s limits but cannot change them', async () => {
    const branch = await phone(browser)
    await signInAsDemo(branch, server.url, '李书记', 'committee')
    await (await settled(branch.locator('.me__entry', { hasText: '服务时限' }))).click()
    const page = currentPage(branch).locator('.clock-targets')
    await settled(page.locator('.limit-card--emergency').first())
    await expect(page.locator('.clock-targets__text--note').innerText()).resolves.toBe('服务时限由社区党委设置，这里只能查看。')
    // The three urgencies and the service 王书记 set on its own above.
    await expect(page.locator('.limit-card').count()).resolves.toBe(4)
    await expect(page.locator('.limit-card__edit, .limit-card__restore, .clock-targets__add').count()).resolves.toBe(0)
    await whole(branch, 'clock-targets-7-read-only')
  })
})
