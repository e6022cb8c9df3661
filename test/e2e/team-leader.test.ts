/**
 * 指派 by a volunteer team's leader, in Chromium against the built H5 app and the real server:
 * the committee calls two teams onto a resident's order; the leader of one opens it, finds
 * 指派人员 on their own team's place only, picks a member of their team (the sheet lists the team,
 * not the leader), and the member accepts. The sheet passes axe and the layout checks.
 * Screenshots team-leader-… in test-results/.
 */
import type { OrderDetailDto, TransitionOutcomeDto } from '../../types/api'
import { axeFindings, currentPage, describeInBrowser, e2eWorld, layoutProblems, phone, screenshot, settled, signInAsDemo } from './browser'

jest.setTimeout(180_000)

describeInBrowser('H5 end to end: a team leader assigns a member to the team place', () => {
  const world = e2eWorld()
  const { tokenOf, post } = world

  test('the leader sees 指派人员 on their team’s place only, picks a team member, and the member accepts', async () => {
    const { byRole, accounts, tokens } = world.server.testApp
    const community = byRole.committee.communityPath
    const leader = accounts.find((a) => a.role === 'volunteer' && a.leadsTeamId !== null && a.communityPath === community)!
    const otherTeam = accounts.find((a) => a.role === 'volunteer' && a.teamId !== leader.leadsTeamId && a.communityPath === community)!.teamId!
    const members = accounts.filter((a) => a.role === 'volunteer' && a.teamId === leader.leadsTeamId && a.id !== leader.id)
    expect(members.length).toBeGreaterThan(0)

    // '其他' needs no photo, so the test needs no upload.
    const order = await post<OrderDetailDto>(tokens.resident, '/api/orders', { categoryCode: 'other', description: '社区活动室要搬桌椅布置场地，老人搬不动', urgency: 'normal' })
    await post(tokens.committee, `/api/orders/${order.id}/transitions`, {
      action: 'call',
      note: '两支服务队各出人手',
      slots: [
        { kind: 'team', headcount: 2, unitId: leader.leadsTeamId },
        { kind: 'team', headcount: 1, unitId: otherTeam },
      ],
    })

    const page = await phone(world.browser)
    await signInAsDemo(page, world.server.url, leader.name, 'volunteer')
    await page.goto(`${world.server.url}/#/pages/order-detail/index?id=${order.id}`)
    const board = currentPage(page).locator('.call-board')
    await settled(board.locator('.call-board__slot').first())
    const own = board.locator('.call-board__slot', { hasText: leader.teamName! })
    await expect(board.locator('.call-board__invite').count()).resolves.toBe(1)
    await expect(own.locator('.call-board__invite').count()).resolves.toBe(1)
    await screenshot(page, 'team-leader-1-board')

    await own.locator('.call-board__invite').click()
    const form = page.locator('.action-form--invite')
    await settled(form.locator('.responder').first())
    const listed = await form.locator('.responder__name').allInnerTexts()
    expect(listed.map((text) => text.split('擅长')[0].trim()).sort()).toEqual(members.map((m) => m.name).sort())
    expect(await axeFindings(page)).toEqual([])
    expect(await layoutProblems(page)).toEqual([])
    await screenshot(page, 'team-leader-2-sheet')

    const member = members[0]
    await form.locator('.responder', { hasText: member.name }).click()
    await form.locator('.action-form__submit').click()
    await settled(own.locator('.call-board__part--invited', { hasText: member.name }))
    await expect(own.locator('.call-board__part--invited .call-board__status').innerText()).resolves.toBe('已邀请')
    await page.waitForTimeout(2600) // the toast goes
    await screenshot(page, 'team-leader-3-invited')

    const accepted = await post<TransitionOutcomeDto>(await tokenOf(member), `/api/orders/${order.id}/transitions`, { action: 'accept' })
    expect(accepted.status).toBe('accepted')
    await page.reload()
    await settled(currentPage(page).locator('.call-board__part--joined', { hasText: member.name }))
  })
})
