/**
 * 派单方式 in Chromium against the built H5 app and the real server: 王书记 opens 我的 → 服务目录,
 * sets 助餐 to 直接发布到接单大厅 in its sheet; a resident orders 助餐 and finds it 待接单 at once,
 * the timeline saying the system published it by the community's setting; a volunteer of the
 * community finds it in 接单大厅. Screenshots dispatch-defaults-… in test-results/.
 */
import type { OrderDetailDto, ServiceDto } from '../../types/api'
import { axeFindings, currentPage, describeInBrowser, e2eWorld, layoutProblems, phone, screenshot, screenshotWhole, settled, signInAsDemo, statusIs } from './browser'

jest.setTimeout(240_000)

describeInBrowser('H5 end to end: a service the community sends straight to the hall', () => {
  const world = e2eWorld()

  test('王书记 sets 助餐 to 直接发布到接单大厅; a resident’s 助餐 order is in the hall at once', async () => {
    const { byRole, accounts, tokens } = world.server.testApp
    const stored = async () => (await world.request<ServiceDto[]>(tokens.committee, 'GET', '/api/catalogue')).find((s) => s.code === 'meals')!
    expect((await stored()).dispatchMode).toBe('committee')

    // 服务目录: each service says where its new orders go; 修改 opens the choice.
    const committee = await phone(world.browser)
    await signInAsDemo(committee, world.server.url, '王书记')
    await (await settled(committee.locator('.me__entry', { hasText: '服务目录' }))).click()
    const meals = currentPage(committee).locator('.service-row', { hasText: '助餐' }).first()
    await settled(meals)
    await expect(meals.locator('.service-row__dispatch-mode').innerText()).resolves.toBe('由社区党委派单')
    // 助急 always goes to the committee: said so, and nothing to change.
    const emergency = currentPage(committee).locator('.service-row', { hasText: '助急' }).first()
    await expect(emergency.locator('.service-row__dispatch').innerText()).resolves.toMatch(/由社区党委派单\s*紧急求助始终先交社区党委处理/)
    await expect(emergency.locator('.service-row__dispatch-edit').count()).resolves.toBe(0)
    // The seed sends 心理疏导 to the hall already.
    await expect(currentPage(committee).locator('.service-row', { hasText: '心理疏导' }).locator('.service-row__dispatch-mode').innerText()).resolves.toBe('直接发布到接单大厅')
    expect(await layoutProblems(committee)).toEqual([])
    await meals.scrollIntoViewIfNeeded()
    await screenshot(committee, 'dispatch-defaults-1-catalogue')

    await meals.locator('.service-row__dispatch-edit').click()
    const sheet = committee.locator('.nut-popup:visible .dispatch-sheet')
    await settled(sheet)
    await expect(sheet.locator('.chip--selected').innerText()).resolves.toContain('由社区党委派单')
    // 直接派给服务队 lists the community's teams that have volunteers in them.
    await sheet.locator('.dispatch-sheet__modes .chip--team').click()
    await settled(sheet.locator('.dispatch-sheet__teams .chip').first())
    await expect(sheet.locator('.dispatch-sheet__teams .chip').allInnerTexts()).resolves.toEqual(['党员先锋服务队（4人）', '巾帼志愿服务队（3人）', '应急处突队（3人）'])
    expect(await layoutProblems(committee)).toEqual([])
    await screenshot(committee, 'dispatch-defaults-2-sheet-teams')
    await sheet.locator('.dispatch-sheet__modes .chip--hall').click()
    await expect(sheet.locator('.dispatch-sheet__hint').allInnerTexts()).resolves.toEqual([
      '居民下单后立即发布到接单大厅，本社区的党员和志愿者都可以接单。',
      '居民标为“紧急”的订单，仍先交社区党委处理。',
    ])
    expect(await axeFindings(committee)).toEqual([])
    expect(await layoutProblems(committee)).toEqual([])
    await screenshot(committee, 'dispatch-defaults-3-sheet-hall')
    await sheet.locator('.dispatch-sheet__save').click()
    await sheet.waitFor({ state: 'hidden' })
    await settled(meals.locator('.service-row__dispatch-mode', { hasText: '直接发布到接单大厅' }))
    expect(await stored()).toMatchObject({ dispatchMode: 'hall', dispatchTeamId: null })
    await committee.waitForTimeout(2600) // the toast goes
    await screenshot(committee, 'dispatch-defaults-4-saved')

    // 群众点单: the resident orders 助餐 as always — and it is 待接单 at once.
    const description = `腿脚不便，这周想请人送午餐（E2E ${Date.now().toString(36)}）`
    const resident = await phone(world.browser)
    await signInAsDemo(resident, world.server.url, byRole.resident.name, 'resident')
    await resident.goto(`${world.server.url}/#/pages/home/index`)
    await (await settled(resident.locator('.service-tile', { hasText: '助餐' }).first())).click()
    await settled(resident.locator('.order-new').first())
    await resident.locator('.order-new__description textarea').fill(description)
    await resident.locator('.order-new__submit').click()
    await statusIs(resident, '待接单')
    const published = resident.locator('.order-detail:visible .timeline-entry--publish')
    await settled(published)
    await expect(published.innerText()).resolves.toMatch(/发布到接单大厅[\s\S]*系统按规则处理[\s\S]*按社区设置自动发布到接单大厅/)
    expect(await axeFindings(resident)).toEqual([])
    await screenshotWhole(resident, 'dispatch-defaults-5-resident-order')

    // 接单大厅: a volunteer of the community finds it there.
    const volunteer = accounts.find((a) => a.role === 'volunteer' && a.communityPath === byRole.committee.communityPath)!
    const worker = await phone(world.browser)
    await signInAsDemo(worker, world.server.url, volunteer.name, 'volunteer')
    await worker.goto(`${world.server.url}/#/pages/orders/index`)
    await (await settled(worker.locator('.chip:visible', { hasText: '接单大厅' }).first())).click()
    const card = worker.locator('.order-card:visible', { hasText: description.slice(0, 10) }).first()
    await settled(card)
    await expect(card.innerText()).resolves.toContain('助餐')
    await card.scrollIntoViewIfNeeded()
    await screenshot(worker, 'dispatch-defaults-6-volunteer-hall')

    const [order] = (await world.request<{ items: { id: number; summary: string }[] }>(await world.tokenOf(volunteer), 'GET', '/api/orders?view=hall&limit=50')).items.filter(
      (o) => o.summary.startsWith(description.slice(0, 10)),
    )
    expect((await world.request<OrderDetailDto>(tokens.committee, 'GET', `/api/orders/${order.id}`)).timeline.map((e) => [e.event, e.actorRole])).toEqual([
      ['submit', 'resident'],
      ['publish', 'system'],
    ])
  })
})
