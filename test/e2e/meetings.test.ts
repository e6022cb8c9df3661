/**
 * 召开会议 in Chromium against the built H5 app and the real server: 王书记 convenes a joint
 * meeting on three pending orders from 我的 → 联席会议, records who came and public minutes, and
 * decides 发布 / 不予受理 (with a reason) / 党委呼叫 (one slot). Just before the decisions are
 * applied the resident withdraws one order through the API: that decision is refused and shown
 * so, in words, next to its item; the other two are applied. The resident then finds the meeting's
 * decision on their order's timeline, under 召开会议. Screenshots meetings-1… in test-results/.
 */
import type { Locator, Page } from 'playwright-core'
import type { OrderDetailDto } from '../../types/api'
import { currentPage, describeInBrowser, e2eWorld, layoutProblems, phone, screenshot, screenshotWhole, setTextSize, settled, signInAsDemo } from './browser'

jest.setTimeout(240_000)

describeInBrowser('H5 end to end: a joint meeting decides three orders, one refused', () => {
  const world = e2eWorld()
  const { tokenOf, post } = world

  /** Ticks a pending order onto the agenda, showing more of the queue until it is there. */
  async function pick(form: Locator, summary: string): Promise<void> {
    const choice = form.locator('.agenda-choice', { hasText: summary })
    for (let i = 0; i < 20 && (await choice.count()) === 0; i += 1) {
      await form.locator('.meeting-form__more').click()
      await form.page().waitForTimeout(300)
    }
    await choice.scrollIntoViewIfNeeded()
    await choice.click()
  }

  /** The whole page from its top (the form and the meeting are scrolled while filled in). */
  async function whole(page: Page, name: string): Promise<void> {
    await page.evaluate(() => {
      window.scrollTo(0, 0)
      document.querySelectorAll('.taro_page').forEach((el) => el.scrollTo(0, 0))
    })
    await screenshotWhole(page, name)
  }

  const agendaItem = (page: Page, summary: string) => currentPage(page).locator('.agenda-item', { hasText: summary })

  test('王书记 convenes, records and decides; a withdrawn order is refused, the others applied; the resident sees the decision', async () => {
    const { byRole } = world.server.testApp
    const residentToken = await tokenOf(byRole.resident)
    // Three hard cases; '其他' needs no photo, so the test needs no upload.
    const [toPublish, toReject, toCall] = await Promise.all(
      ['消防通道长期被私家车占用，救护车进不来', '希望小区门口加装电动车充电桩', '楼顶漏水，三户人家的天花板都在滴水'].map((description) =>
        post<OrderDetailDto>(residentToken, '/api/orders', { categoryCode: 'other', description, urgency: 'urgent' }),
      ),
    )

    // 我的 → 联席会议: none yet.
    const committee = await phone(world.browser)
    await signInAsDemo(committee, world.server.url, '王书记')
    await (await settled(committee.locator('.me__entry', { hasText: '联席会议' }))).click()
    const list = currentPage(committee).locator('.meetings')
    await settled(list.locator('.state-view--empty', { hasText: '还没有召开过联席会议' }))
    await screenshot(committee, 'meetings-1-none-yet')

    // 召开会议: the form refuses to convene without an agenda, in Chinese.
    await list.locator('.meetings__convene').click()
    const form = currentPage(committee).locator('.meeting-form')
    await settled(form.locator('.agenda-choice').first())
    await form.locator('.meeting-form__title input').fill('锦绣小区三方联席会议')
    await form.locator('.meeting-form__place input').fill('社区党群服务中心议事厅')
    await form.locator('.meeting-form__submit').click()
    await expect(form.locator('.meeting-form__problem').innerText()).resolves.toContain('请至少选择一个议题')

    for (const order of [toPublish, toReject, toCall]) await pick(form, order.summary)
    await expect(form.locator('.agenda-choice--picked').count()).resolves.toBe(3)
    await expect(form.locator('.agenda-choice--picked', { hasText: toCall.summary }).locator('.agenda-choice__state').innerText()).resolves.toBe('第 3 项议题')
    // The convener is the first attendee already; two more, each with their side.
    for (const [name, side] of [
      ['物业刘经理', 'property'],
      ['居民代表张大爷', 'residents'],
    ] as const) {
      await form.locator('.meeting-form__add').click()
      const row = form.locator('.attendee-row').last()
      await row.locator('input').fill(name)
      await row.locator(`.chip--${side}`).click()
    }
    await committee.waitForTimeout(2600) // the toast about the empty agenda goes
    expect(await layoutProblems(committee)).toEqual([])
    await whole(committee, 'meetings-2-convene-form')
    await form.locator('.meeting-form__submit').click()

    // The meeting: attendance and public minutes, saved with one button.
    const detail = currentPage(committee).locator('.meeting-detail')
    await settled(detail.locator('.meeting-detail__title', { hasText: '锦绣小区三方联席会议' }))
    const meetingId = Number(new URL(committee.url().replace('/#/', '/')).searchParams.get('id'))
    expect(meetingId).toBeGreaterThan(0)
    await expect(detail.locator('.agenda-item').count()).resolves.toBe(3)
    const attendee = (name: string) => detail.locator('.attendee', { hasText: name })
    await attendee('王书记').locator('.attendee__mark--present').click()
    await attendee('物业刘经理').locator('.attendee__mark--present').click()
    await attendee('居民代表张大爷').locator('.attendee__mark--absent').click()
    await expect(attendee('居民代表张大爷').locator('.attendee__mark--on').innerText()).resolves.toBe('✓ 缺席')
    await detail.locator('.meeting-detail__minutes textarea').fill('一、消防通道：发布到接单大厅，请党员志愿者协助劝离。二、充电桩：不属于社区服务范围。三、楼顶漏水：党委呼叫在职党员。')
    await detail.locator('.public-switch').click()
    await expect(detail.locator('.public-switch__state').innerText()).resolves.toBe('公开')
    await whole(committee, 'meetings-3-record')
    await detail.locator('.meeting-detail__save').click()
    await detail.locator('.meeting-detail__saved', { hasText: '出席情况和纪要已保存' }).waitFor()
    await expect(detail.locator('.attendance__summary').innerText()).resolves.toBe('出席 2 人，缺席 1 人')

    // Decisions: 发布 / 不予受理 / 党委呼叫 with one slot. A reason left out is asked for, in red words.
    // 派单 offers the responders, those skilled in the service first; the meeting settles on 发布 instead.
    const publishItem = agendaItem(committee, toPublish.summary)
    await publishItem.locator('.chip--dispatch').click()
    await settled(publishItem.locator('.responder-choice').first())
    await publishItem.locator('.chip--publish').click()
    await expect(publishItem.locator('.responder-choice').count()).resolves.toBe(0)
    await agendaItem(committee, toReject.summary).locator('.chip--reject').click()
    const callItem = agendaItem(committee, toCall.summary)
    await callItem.locator('.chip--call').click()
    await callItem.locator('.call-composer__kind--party_members').click()
    await callItem.locator('.decision__note textarea').fill('请两位在职党员上门查看，联系物业维修')
    await detail.locator('.meeting-detail__apply').click()
    await expect(agendaItem(committee, toReject.summary).locator('.decision__problem').innerText()).resolves.toContain('请填写不予受理的原因')
    await agendaItem(committee, toReject.summary).locator('.decision__note textarea').fill('充电桩由供电公司和物业另行办理，不属于社区服务')
    await expect(agendaItem(committee, toReject.summary).locator('.decision__problem').count()).resolves.toBe(0)
    await committee.waitForTimeout(2600) // the toast about the missing reason goes
    expect(await layoutProblems(committee)).toEqual([])
    await whole(committee, 'meetings-4-decisions')

    // Meanwhile the resident withdraws the order about to be rejected.
    await post(residentToken, `/api/orders/${toReject.id}/transitions`, { action: 'cancel', note: '已经自己联系了供电公司' })

    await detail.locator('.meeting-detail__apply').click()
    const modal = committee.locator('.taro__modal')
    await settled(modal.locator('.taro-modal__text'))
    await expect(modal.locator('.taro-modal__text').innerText()).resolves.toContain('将对 3 个订单生效')
    await modal.locator('.taro-model__confirm').click()

    const refused = agendaItem(committee, toReject.summary).locator('.outcome--refused')
    await settled(refused)
    await expect(refused.innerText()).resolves.toMatch(/✗ 未生效：不予受理[\s\S]*订单已结束，不能再操作（订单现为“已取消”）/)
    for (const order of [toPublish, toCall]) {
      const item = agendaItem(committee, order.summary)
      await expect(item.locator('.outcome--applied').innerText()).resolves.toBe('✓ 已生效 → 待接单')
      await item.locator('.agenda-item__decision').waitFor()
    }
    await expect(agendaItem(committee, toPublish.summary).locator('.agenda-item__decision').innerText()).resolves.toBe('会议决定：发布到接单大厅')
    await expect(agendaItem(committee, toCall.summary).locator('.agenda-item__decision').innerText()).resolves.toBe('会议决定：党委呼叫')
    await expect(agendaItem(committee, toReject.summary).locator('.status-tag').innerText()).resolves.toBe('已取消')
    await expect(detail.locator('.meeting-detail__result').innerText()).resolves.toBe('2 项已生效，1 项未生效（见红字说明）')
    await expect(detail.locator('.meeting-detail__apply').count()).resolves.toBe(0)
    await expect(detail.locator('.meeting-detail__progress').innerText()).resolves.toBe('已决定 2/3')
    await committee.waitForTimeout(2600)
    expect(await layoutProblems(committee)).toEqual([])
    await whole(committee, 'meetings-5-applied')

    // Back on the list: the meeting with its progress.
    await committee.goBack()
    const card = currentPage(committee).locator('.meeting-card', { hasText: '锦绣小区三方联席会议' })
    await settled(card)
    await expect(card.locator('.meeting-card__progress').innerText()).resolves.toBe('已决定 2/3')
    expect(await layoutProblems(committee)).toEqual([])
    await screenshot(committee, 'meetings-6-list')

    // The resident's order: the meeting's decision under 召开会议 on its timeline.
    const resident = await phone(world.browser)
    await signInAsDemo(resident, world.server.url, byRole.resident.name, 'resident')
    await resident.goto(`${world.server.url}/#/pages/order-detail/index?id=${toPublish.id}`)
    const meetingStep = resident.locator('.order-detail:visible .loop-step', { hasText: '召开会议' })
    await settled(meetingStep.locator('.timeline-entry--publish'))
    await expect(meetingStep.getAttribute('class')).resolves.toContain('loop-step--done')
    await meetingStep.scrollIntoViewIfNeeded()
    await whole(resident, 'meetings-7-resident-timeline')

    // 长辈版 (large text): the meeting and the form still fit, nothing cut off, targets big enough.
    await setTextSize(committee, 'elder')
    await committee.goto(`${world.server.url}/#/packages/committee/meetings/detail?id=${meetingId}`)
    await settled(currentPage(committee).locator('.meeting-detail .agenda-item').first())
    expect(await layoutProblems(committee)).toEqual([])
    // The saved minutes stay inside their field (a textarea's text is not checked by layoutProblems).
    const minutes = currentPage(committee).locator('.meeting-detail__minutes')
    const [field, text] = await Promise.all([minutes.boundingBox(), minutes.locator('textarea').boundingBox()])
    expect(text!.y + text!.height).toBeLessThanOrEqual(field!.y + field!.height + 1)
    await whole(committee, 'meetings-8-elder-detail')
    await committee.goto(`${world.server.url}/#/packages/committee/meetings/new`)
    await settled(currentPage(committee).locator('.meeting-form .agenda-choice').first())
    expect(await layoutProblems(committee)).toEqual([])
    await whole(committee, 'meetings-9-elder-form')
  })
})
