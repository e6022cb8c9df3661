/**
 * The committee's pickers in Chromium against the built H5 app and the real server: 王书记 clears a
 * team's leader after confirming (再想想 first changes nothing), picks a team's skills by name (the
 * server gets catalogue codes), and invites a committee member to a compound's branch (小区党支部)
 * chosen among the community's. Screenshots community-pickers-… in test-results/.
 */
import type { TeamDto } from '../../types/community'
import type { InviteDto } from '../../types/people'
import { axeFindings, currentPage, describeInBrowser, e2eWorld, layoutProblems, phone, screenshot, settled, signInAsDemo } from './browser'

jest.setTimeout(240_000)

describeInBrowser('H5 end to end: team leaders and committee seats', () => {
  const world = e2eWorld()

  test('王书记 clears the leader of 巾帼志愿服务队 after confirming', async () => {
    const { tokens } = world.server.testApp
    const teams = () => world.request<TeamDto[]>(tokens.committee, 'GET', '/api/community/teams')
    const before = (await teams()).find((t) => t.name === '巾帼志愿服务队')!
    expect(before.leaderName).not.toBeNull()

    const page = await phone(world.browser)
    await signInAsDemo(page, world.server.url, '王书记')
    await (await settled(page.locator('.me__entry', { hasText: '志愿服务队' }))).click()
    const card = currentPage(page).locator('.team-card', { hasText: '巾帼志愿服务队' })
    await settled(card)
    await card.locator('.team-card__leader').click()
    const sheet = page.locator('.nut-popup:visible .leader-sheet')
    await settled(sheet.locator('.leader-sheet__member').first())
    await expect(sheet.locator('.leader-sheet__current-text').innerText()).resolves.toBe(`当前队长：${before.leaderName}`)
    expect(await axeFindings(page)).toEqual([])
    expect(await layoutProblems(page)).toEqual([])
    await screenshot(page, 'community-pickers-1-leader-sheet')

    const modal = page.locator('.taro__modal')
    await sheet.locator('.leader-sheet__clear').click()
    await settled(modal.locator('.taro-modal__text'))
    await expect(modal.locator('.taro-modal__text').innerText()).resolves.toContain(`确定撤销「巾帼志愿服务队」的队长${before.leaderName}吗？`)
    await screenshot(page, 'community-pickers-2-confirm')
    await modal.locator('.taro-model__cancel').click()
    expect((await teams()).find((t) => t.id === before.id)!.leaderId).toBe(before.leaderId)

    await sheet.locator('.leader-sheet__clear').click()
    await settled(modal.locator('.taro-modal__text'))
    await modal.locator('.taro-model__confirm').click()
    await sheet.waitFor({ state: 'hidden' })
    await settled(card.locator('.team-card__value--muted', { hasText: '未设队长' }))
    expect((await teams()).find((t) => t.id === before.id)).toMatchObject({ leaderId: null, leaderName: null })
    await page.waitForTimeout(2600) // the toast goes
    await screenshot(page, 'community-pickers-3-no-leader')
  })

  test('王书记 picks 应急处突队’s skills by name; the server stores their catalogue codes', async () => {
    const { tokens } = world.server.testApp
    const teams = () => world.request<TeamDto[]>(tokens.committee, 'GET', '/api/community/teams')
    const team = (await teams()).find((t) => t.name === '应急处突队')!
    expect(team.skills.map((s) => s.code)).toEqual(['emergency', 'medical', 'repair'])

    const page = await phone(world.browser)
    await signInAsDemo(page, world.server.url, '王书记')
    await (await settled(page.locator('.me__entry', { hasText: '志愿服务队' }))).click()
    const card = currentPage(page).locator('.team-card', { hasText: '应急处突队' })
    await settled(card.locator('.team-card__skill').first())
    await expect(card.locator('.team-card__skill').allInnerTexts()).resolves.toEqual(['助急', '助医', '维修'])
    await card.locator('.team-card__edit').click()
    const form = page.locator('.nut-popup:visible .team-form')
    await settled(form.locator('.team-form__skill').first())
    // The catalogue's order, the team's skills ticked.
    await expect(form.locator('.team-form__skill--on').allInnerTexts()).resolves.toEqual(['✓ 助急', '✓ 助医', '✓ 维修'])
    await form.locator('.team-form__skill', { hasText: '助医' }).click()
    await form.locator('.team-form__skill', { hasText: '助行' }).click()
    await expect(form.locator('.team-form__skill--on').allInnerTexts()).resolves.toEqual(['✓ 助急', '✓ 助行', '✓ 维修'])
    expect(await axeFindings(page)).toEqual([])
    await screenshot(page, 'community-pickers-4-skills')
    await form.locator('.team-form__submit').click()
    await form.waitFor({ state: 'hidden' })
    await settled(card.locator('.team-card__skill', { hasText: '助行' }))
    await expect(card.locator('.team-card__skill').allInnerTexts()).resolves.toEqual(['助急', '维修', '助行'])
    expect((await teams()).find((t) => t.id === team.id)!.skills).toEqual([
      { code: 'emergency', name: '助急' },
      { code: 'repair', name: '维修' },
      { code: 'mobility', name: '助行' },
    ])
  })

  test('王书记 invites a committee member to 和平里小区党支部', async () => {
    const { tokens } = world.server.testApp
    const page = await phone(world.browser)
    await signInAsDemo(page, world.server.url, '王书记')
    await (await settled(page.locator('.me__entry', { hasText: '邀请码' }))).click()
    await (await settled(currentPage(page).locator('.invites__create .nut-button'))).click()
    const form = page.locator('.nut-popup:visible .invite-form')
    await settled(form)
    await form.locator('.chip--committee').click()
    const seats = form.locator('.invite-form__seats')
    await settled(seats.locator('.chip').first())
    // The community's own committee by default, or one of its compounds' branches.
    await expect(seats.locator('.chip__label').allInnerTexts()).resolves.toEqual(['阳光社区大党委', '锦绣小区党支部', '和平里小区党支部'])
    await expect(seats.locator('.chip--selected').innerText()).resolves.toContain('阳光社区大党委')
    await seats.locator('.chip', { hasText: '和平里小区党支部' }).click()
    expect(await axeFindings(page)).toEqual([])
    expect(await layoutProblems(page)).toEqual([])
    await screenshot(page, 'community-pickers-5-committee-seat')
    await form.locator('.invite-form__submit').click()
    await form.waitFor({ state: 'hidden' })
    const invites = await world.request<InviteDto[]>(tokens.committee, 'GET', '/api/invites')
    const newest = invites.reduce((a, b) => (b.id > a.id ? b : a))
    expect(newest).toMatchObject({ role: 'committee', orgName: expect.stringContaining('和平里小区党支部'), maxUses: 1 })
    await page.waitForTimeout(2600) // the toast goes
    await screenshot(page, 'community-pickers-6-invite')
  })
})
