/**
 * 一呼三应 in Chromium against the built H5 app and the real server: the committee calls the
 * housing bureau, two Party members and two volunteers of a team onto a resident's order; the
 * bureau's member answers on the call board, the others through the API; everyone reports; the
 * order completes and the resident confirms it. Screenshots of the call and the timeline.
 */
import type { OrderDetailDto } from '../../types/api'
import type { DemoAccountDto } from '../../types/people'
import { act, describeInBrowser, e2eWorld, phone, screenshot, settled, signInAsDemo, statusIs } from './browser'

jest.setTimeout(180_000)

describeInBrowser('H5 end to end: a 党委呼叫 answered by five people', () => {
  const world = e2eWorld()
  const { tokenOf, post, transition, openOrder } = world
  let accounts: DemoAccountDto[]
  beforeAll(async () => {
    accounts = (await (await fetch(`${world.server.url}/api/auth/demo-accounts`)).json()) as DemoAccountDto[]
  })

  test('committee calls three kinds of responders; five answer and report; the resident confirms', async () => {
    const { byRole } = world.server.testApp
    const residentToken = await tokenOf(byRole.resident)
    // A problem bigger than one volunteer: '其他' needs no photo, so the test needs no upload.
    const order = await post<OrderDetailDto>(residentToken, '/api/orders', {
      categoryCode: 'other',
      description: '楼顶漏水，三户人家的天花板都在滴水，墙皮大片脱落',
      urgency: 'urgent',
    })

    // The committee composes the call on the order page.
    const committee = await phone(world.browser)
    await signInAsDemo(committee, world.server.url, '王书记')
    await openOrder(committee, order.id)
    await act(committee, 'call', async (page) => {
      const form = page.locator('.action-form--call')
      await form.locator('.call-composer__kind--department').click()
      await form.locator('.call-slot--department .chip', { hasText: '住建局' }).click()
      await form.locator('.call-composer__kind--party_members').click()
      await form.locator('.call-slot--party_members .call-slot__step', { hasText: '+' }).click()
      await form.locator('.call-composer__kind--team').click()
      await form.locator('.call-slot--team .chip').first().click()
      await form.locator('.call-slot--team .call-slot__step', { hasText: '+' }).click()
      await form.locator('textarea').fill('楼顶防水层破损：住建局修缮，党员和志愿者协助清理、安抚老人')
      await screenshot(page, 'call-1-composer')
    })
    await statusIs(committee, '待接单')
    await settled(committee.locator('.order-detail:visible .call-board'))
    await screenshot(committee, 'call-2-called')

    // The bureau's member finds the order in the hall and answers on its card.
    const bureauAccount = accounts.find((a) => a.role === 'department')!
    const bureau = await phone(world.browser)
    await signInAsDemo(bureau, world.server.url, bureauAccount.name, 'department')
    await openOrder(bureau, order.id)
    await (await settled(bureau.locator('.call-board__claim:visible').first())).click()
    await statusIs(bureau, '已接单')
    await screenshot(bureau, 'call-3-bureau-answered')

    // Two Party members and two volunteers of the called team answer through the API.
    const called = (await world.server.testApp.app.inject({ method: 'GET', url: `/api/orders/${order.id}`, headers: { authorization: `Bearer ${residentToken}` } })).json() as OrderDetailDto
    const teamSlot = called.slots.find((s) => s.kind === 'team')!
    const members = world.server.testApp.accounts.filter((a) => a.role === 'party_member' && a.communityPath === byRole.committee.communityPath).slice(0, 2)
    const volunteers = world.server.testApp.accounts.filter((a) => a.role === 'volunteer' && a.teamId === teamSlot.unitId).slice(0, 2)
    const others = await Promise.all([...members, ...volunteers].map(tokenOf))
    for (const [i, token] of others.entries()) {
      await transition(token, order.id, { action: 'claim', slotId: called.slots.find((s) => s.kind === (i < 2 ? 'party_members' : 'team'))!.id })
    }
    const everyone = [await tokenOf(bureauAccount), ...others]
    for (const [i, token] of everyone.entries()) {
      await transition(token, order.id, { action: 'start' })
      await transition(token, order.id, { action: 'complete', note: `第${i + 1}位：我负责的部分已完成` })
    }

    // The resident sees who came, the whole call on the timeline, and confirms once.
    const resident = await phone(world.browser)
    await signInAsDemo(resident, world.server.url, byRole.resident.name, 'resident')
    await openOrder(resident, order.id)
    await statusIs(resident, '待评价')
    await settled(resident.locator('.order-detail:visible .call-board'))
    expect(await resident.locator('.order-detail:visible .call-board__part--done').count()).toBe(5)
    await screenshot(resident, 'call-4-completed')
    await act(resident, 'confirm', async (page) => {
      await page.locator('.action-form--confirm textarea').fill('大家辛苦了')
    })
    await statusIs(resident, '已办结')
    const timeline = resident.locator('.order-detail:visible .order-timeline')
    await timeline.locator('.timeline-entry--call').first().waitFor()
    expect(await timeline.locator('.timeline-entry--complete').count()).toBe(5)
    // The 党委呼叫 step with what the call asked for, once the confirmation toast has gone.
    await timeline.locator('.timeline-entry__call', { hasText: '部门/驻区单位 1 人、在职党员 2 人、志愿队伍 2 人' }).scrollIntoViewIfNeeded()
    await resident.waitForTimeout(2000) // Taro's toast lasts 1.5 s
    await screenshot(resident, 'call-5-timeline')
  })
})
