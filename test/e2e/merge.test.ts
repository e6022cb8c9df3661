/**
 * 合并 in Chromium against the built H5 app and the real server: two households of one compound
 * report the same blocked fire lane; the committee sees the likely duplicate on the order page,
 * merges it, and the second household follows the kept order to its end and confirms it.
 */
import { neighbourhoodOf } from '../../src/domain'
import type { OrderDetailDto } from '../../types/api'
import { act, describeInBrowser, e2eWorld, phone, screenshot, settled, signInAsDemo, statusIs } from './browser'

jest.setTimeout(180_000)

describeInBrowser('H5 end to end: a duplicate merged into the order that carries on', () => {
  const world = e2eWorld()
  const { tokenOf, post, transition, openOrder } = world

  test('suggested, merged with a tap, followed and confirmed by the other household', async () => {
    const { byRole, accounts } = world.server.testApp
    const own = byRole.resident
    // A neighbour with a name of their own, so the demo list finds them alone.
    const neighbour = accounts.find(
      (a) => a.role === 'resident' && a.householdId !== own.householdId && neighbourhoodOf(a.orgPath) === neighbourhoodOf(own.orgPath) && accounts.filter((b) => b.name === a.name).length === 1,
    )!
    const report = { categoryCode: 'other', description: '3号楼后面的消防通道被私家车堵住了，消防车进不来', urgency: 'urgent' }
    const kept = await post<OrderDetailDto>(await tokenOf(own), '/api/orders', report)
    const duplicate = await post<OrderDetailDto>(await tokenOf(neighbour), '/api/orders', report)

    // The committee opens the second report: the first is offered as a likely duplicate.
    const committee = await phone(world.browser)
    await signInAsDemo(committee, world.server.url, '王书记')
    await openOrder(committee, duplicate.id)
    const suggestions = await settled(committee.locator('.order-detail:visible .order-detail__duplicates'))
    await suggestions.locator('.order-card').first().waitFor()
    expect(await suggestions.locator('.order-card').count()).toBe(1)
    await screenshot(committee, 'merge-1-suggested')

    await act(committee, 'merge', async (page) => {
      const form = page.locator('.action-form--merge')
      const submit = form.locator('.action-form__submit')
      // Nothing chosen yet: the button waits.
      await expect(submit.getAttribute('class')).resolves.toContain('nut-button-disabled')
      await (await settled(form.locator('.duplicate').first())).click()
      await form.locator('.duplicate[aria-checked="true"]').waitFor()
      await form.locator('textarea').fill('同一条消防通道，并入一单办理')
      await screenshot(page, 'merge-2-form')
    })
    await statusIs(committee, '已合并')
    await committee.locator('.order-detail:visible .info-row', { hasText: `订单 #${kept.id}` }).waitFor()
    await screenshot(committee, 'merge-3-merged')

    // The kept order is worked on as one.
    const volunteer = await tokenOf(byRole.volunteer)
    const committeeToken = await tokenOf(byRole.committee)
    await transition(committeeToken, kept.id, { action: 'publish' })
    await transition(volunteer, kept.id, { action: 'claim' })
    await transition(volunteer, kept.id, { action: 'start' })
    await transition(volunteer, kept.id, { action: 'complete', note: '已联系车主挪车，通道画了禁停线' })

    // The neighbour finds the way from their own order to the kept one, and confirms it there.
    const resident = await phone(world.browser)
    await signInAsDemo(resident, world.server.url, neighbour.name, 'resident')
    await openOrder(resident, duplicate.id)
    await statusIs(resident, '已合并')
    await resident.locator('.order-detail:visible .info-row', { hasText: `订单 #${kept.id}` }).click()
    await resident.waitForURL(new RegExp(`id=${kept.id}$`))
    await statusIs(resident, '待评价')
    await resident.locator('.order-detail:visible .timeline-entry--absorb').waitFor()
    await act(resident, 'confirm', async (page) => {
      await page.locator('.action-form--confirm textarea').fill('车挪走了，谢谢')
    })
    await statusIs(resident, '已办结')
    await resident.waitForTimeout(2000) // Taro's toast lasts 1.5 s
    await screenshot(resident, 'merge-4-confirmed-by-follower')
  })
})
