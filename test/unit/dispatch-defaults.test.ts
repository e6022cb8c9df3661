/**
 * 派单方式: what the system does with a new order as its community set the service up
 * (`defaultDispatchOf`), and the state machine's rule that lets it — the system acting for the
 * community over the order's grid, on a new order only.
 */
import {
  SYSTEM_ACTOR,
  availableActions,
  defaultDispatchOf,
  systemFor,
  transition,
  type Actor,
  type DispatchDefault,
  type OrderFacts,
  type OrderStatus,
} from '@/domain'

const NOW = new Date('2025-03-01T08:00:00.000Z')
const COMMUNITY = '/1/2/'
const GRID = '/1/2/5/9/'
const TEAM = 7

const service = (extra: Partial<DispatchDefault> = {}): DispatchDefault => ({
  emergency: false,
  dispatchMode: 'committee',
  dispatchTeamId: null,
  dispatchTeamName: null,
  dispatchTeamReady: false,
  ...extra,
})
const toTeam = service({ dispatchMode: 'team', dispatchTeamId: TEAM, dispatchTeamName: '巾帼志愿服务队', dispatchTeamReady: true })

const order = (status: OrderStatus = 'submitted', extra: Partial<OrderFacts> = {}): OrderFacts => ({
  status,
  householdId: 100,
  orgPath: GRID,
  slots: [],
  parts: [],
  ...extra,
})

describe('defaultDispatchOf', () => {
  test('the committee decides by default; hall publishes, team calls one place of the team', () => {
    expect(defaultDispatchOf(service(), { urgency: 'normal' })).toBeNull()
    expect(defaultDispatchOf(service({ dispatchMode: 'hall' }), { urgency: 'urgent' })).toEqual({ action: 'publish', input: { note: '按社区设置自动发布到接单大厅' } })
    expect(defaultDispatchOf(toTeam, { urgency: 'normal' })).toEqual({
      action: 'call',
      input: { note: '按社区设置直接派给服务队「巾帼志愿服务队」', slots: [{ kind: 'team', headcount: 1, unitId: TEAM }] },
    })
  })

  test('emergencies wait for the committee: the 助急 service, or any order marked 紧急', () => {
    for (const setting of [service({ dispatchMode: 'hall' }), toTeam]) {
      expect(defaultDispatchOf({ ...setting, emergency: true }, { urgency: 'normal' })).toBeNull()
      expect(defaultDispatchOf(setting, { urgency: 'emergency' })).toBeNull()
    }
  })

  test('a team that can no longer take orders (or none named) leaves the order with the committee', () => {
    expect(defaultDispatchOf({ ...toTeam, dispatchTeamReady: false }, { urgency: 'normal' })).toBeNull()
    expect(defaultDispatchOf({ ...toTeam, dispatchTeamId: null }, { urgency: 'normal' })).toBeNull()
  })
})

describe('the system sending a new order out for its community', () => {
  const system = systemFor(COMMUNITY)

  test('publishes: open, one hall place, the system on the timeline, the hall told', () => {
    const result = transition(order(), 'publish', system, NOW, { note: '按社区设置自动发布到接单大厅' })
    expect(result).toMatchObject({
      ok: true,
      to: 'open',
      patch: { openSlots: [{ kind: 'hall', headcount: 1 }], hallPlaces: 1 },
      entry: { event: 'publish', actorId: 0, actorRole: 'system', note: '按社区设置自动发布到接单大厅', from: 'submitted', to: 'open' },
      notices: [{ kind: 'new_in_hall', audience: { kind: 'hall' } }],
    })
  })

  test('calls the team: open, one place its volunteers may take', () => {
    const plan = defaultDispatchOf(toTeam, { urgency: 'normal' })!
    const result = transition(order(), plan.action, system, NOW, plan.input)
    expect(result).toMatchObject({
      ok: true,
      to: 'open',
      patch: { openSlots: [{ kind: 'team', headcount: 1, unitId: TEAM }], hallPlaces: 1 },
      entry: { event: 'call', actorRole: 'system', payload: { kind: 'slots', slots: [{ kind: 'team', headcount: 1, unitId: TEAM }] } },
    })
  })

  test('only for the community over the order, never the system at large, and it names nobody', () => {
    for (const actor of [systemFor('/1/3/'), systemFor('/1/2/5/8/'), SYSTEM_ACTOR]) {
      expect(transition(order(), 'publish', actor, NOW)).toEqual({ ok: false, refusal: { kind: 'forbidden', message: '您没有权限进行此操作' } })
    }
    // A dispatch to a named person is the committee's judgement only.
    expect(transition(order(), 'dispatch', system, NOW, { assigneeId: 20 })).toMatchObject({ ok: false, refusal: { kind: 'forbidden' } })
    expect(availableActions(order(), system)).toEqual(['publish', 'call'])
  })

  test('only on a new order: what came back to the queue, or moved on, is the committee’s', () => {
    // Declined or released: back in the queue, with the closed slot of the earlier round.
    const returned = order('submitted', { slots: [{ id: 1, kind: 'person', headcount: 1, unitId: null, open: false }], parts: [{ slotId: 1, userId: 20, status: 'declined' }] })
    expect(transition(returned, 'publish', system, NOW)).toMatchObject({ ok: false, refusal: { kind: 'forbidden' } })
    expect(transition(order('reopened'), 'publish', system, NOW)).toMatchObject({ ok: false, refusal: { kind: 'forbidden' } })
    expect(transition(order('cancelled'), 'publish', system, NOW)).toMatchObject({ ok: false, refusal: { kind: 'illegal_state' } })
    // The committee acted first: nothing left for the default to do.
    const published = order('open', { slots: [{ id: 1, kind: 'hall', headcount: 1, unitId: null, open: true }] })
    expect(transition(published, 'publish', system, NOW)).toMatchObject({ ok: false, refusal: { kind: 'illegal_state' } })
  })

  test('the committee publishes and calls as before, a reopened order included', () => {
    const committee: Actor = { id: 10, role: 'committee', orgPath: COMMUNITY }
    expect(transition(order('reopened'), 'publish', committee, NOW)).toMatchObject({ ok: true, to: 'open', entry: { actorRole: 'committee' } })
  })
})
