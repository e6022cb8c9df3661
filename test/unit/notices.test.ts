/**
 * Who is told what, per transition: a table written by hand (src/domain/notices.ts), checked
 * through the state machine's own results.
 */
import { membershipNoticesOf, placementNotice, transition, type Actor, type MembershipFacts, type Notice, type OrderAction, type OrderFacts, type PartFacts, type SlotFacts, type TransitionInput } from '@/domain'

const NOW = new Date('2025-03-01T08:00:00.000Z')
const GRID = '/1/2/5/'
const HOME = 100
const FOLLOWER = 102

const committee: Actor = { id: 10, role: 'committee', orgPath: '/1/' }
const owner: Actor = { id: 1, role: 'resident', orgPath: GRID, householdId: HOME }
const member: Actor = { id: 20, role: 'party_member', orgPath: '/1/' }
const system: Actor = { id: 0, role: 'system', orgPath: '/' }

const slot = (id: number, kind: SlotFacts['kind'], headcount = 1, open = true): SlotFacts => ({ id, kind, headcount, unitId: null, open })
const part = (slotId: number, userId: number, status: PartFacts['status']): PartFacts => ({ slotId, userId, status })
const order = (status: OrderFacts['status'], slots: SlotFacts[] = [], parts: PartFacts[] = []): OrderFacts => ({
  status,
  householdId: HOME,
  followerHouseholdIds: [FOLLOWER],
  orgPath: GRID,
  slots,
  parts,
})

const households: Notice['audience'] = { kind: 'households', householdIds: [HOME, FOLLOWER] }
const committees: Notice['audience'] = { kind: 'committees', orgPath: GRID }

const CASES: [string, OrderFacts, OrderAction, Actor, TransitionInput, Notice[]][] = [
  ['dispatch: the assignee', order('submitted'), 'dispatch', committee, { assigneeId: 20 }, [{ kind: 'invited', audience: { kind: 'users', userIds: [20] } }]],
  ['publish: the hall', order('submitted'), 'publish', committee, {}, [{ kind: 'new_in_hall', audience: { kind: 'hall' } }]],
  [
    'a call naming a person and opening the hall: both',
    order('submitted'),
    'call',
    committee,
    { slots: [{ kind: 'person', headcount: 1, inviteeId: 20 }, { kind: 'party_members', headcount: 2 }] },
    [
      { kind: 'invited', audience: { kind: 'users', userIds: [20] } },
      { kind: 'new_in_hall', audience: { kind: 'hall' } },
    ],
  ],
  ['a call of one named person only: no hall', order('submitted'), 'call', committee, { slots: [{ kind: 'person', headcount: 1, inviteeId: 20 }] }, [{ kind: 'invited', audience: { kind: 'users', userIds: [20] } }]],
  ['the first claim: the households', order('open', [slot(1, 'hall')]), 'claim', member, {}, [{ kind: 'taken', audience: households }]],
  ['a second claim on a call already taken: nobody', order('accepted', [slot(1, 'hall', 2)], [part(1, 21, 'joined')]), 'claim', member, {}, []],
  ['accepting the dispatch: the households', order('assigned', [slot(1, 'person')], [part(1, 20, 'invited')]), 'accept', member, {}, [{ kind: 'taken', audience: households }]],
  ['start: nobody', order('accepted', [slot(1, 'hall')], [part(1, 20, 'joined')]), 'start', member, {}, []],
  ['progress: nobody', order('in_progress', [slot(1, 'hall')], [part(1, 20, 'started')]), 'progress', member, { note: '明天上门' }, []],
  ['the last part done: the households, asked to confirm', order('in_progress', [slot(1, 'hall')], [part(1, 20, 'started')]), 'complete', member, { note: '修好了' }, [{ kind: 'completed', audience: households }]],
  ['one part of two done: nobody yet', order('in_progress', [slot(1, 'hall', 2)], [part(1, 20, 'started'), part(1, 21, 'started')]), 'complete', member, { note: '我的部分完成' }, []],
  ['declining the only invitation: the committees', order('assigned', [slot(1, 'person')], [part(1, 20, 'invited')]), 'decline', member, { note: '不在社区' }, [{ kind: 'returned', audience: committees }]],
  ['releasing as the only taker: the committees', order('accepted', [slot(1, 'hall')], [part(1, 20, 'joined')]), 'release', member, { note: '临时有事' }, [{ kind: 'returned', audience: committees }]],
  ['leaving beside another: the hall, a place is free again', order('accepted', [slot(1, 'hall', 2)], [part(1, 20, 'joined'), part(1, 21, 'joined')]), 'leave', member, { note: '家里有事' }, [{ kind: 'new_in_hall', audience: { kind: 'hall' } }]],
  ['reject: the households', order('submitted'), 'reject', committee, { note: '不属于服务范围' }, [{ kind: 'rejected', audience: households }]],
  ['park: the households', order('submitted'), 'park', committee, { note: '等维修基金', revisitOn: '2025-03-15' }, [{ kind: 'parked', audience: households }]],
  ['merge: the households of the merged order', order('submitted'), 'merge', committee, { intoOrderId: 9 }, [{ kind: 'merged', audience: households }]],
  ['revisit: the committees', order('parked'), 'revisit', system, {}, [{ kind: 'revisited', audience: committees }]],
  ['recall: nobody (the committee did it)', order('open', [slot(1, 'hall')]), 'recall', committee, { note: '无人接单' }, []],
  ['reopen: the committees', order('completed', [slot(1, 'hall')], [part(1, 20, 'done')]), 'reopen', owner, { note: '还是漏' }, [{ kind: 'reopened', audience: committees }]],
  [
    'confirm: whoever did the work, once each',
    order('completed', [slot(1, 'hall', 2)], [part(1, 20, 'done'), part(1, 21, 'done')]),
    'confirm',
    owner,
    { rating: 5 },
    [{ kind: 'closed', audience: { kind: 'users', userIds: [20, 21] } }],
  ],
  ['auto-close: nobody', order('completed', [slot(1, 'hall')], [part(1, 20, 'done')]), 'auto_close', system, {}, []],
  ['cancel: nobody (the household did it)', order('submitted'), 'cancel', owner, {}, []],
]

test.each(CASES)('%s', (_name, facts, action, actor, input, expected) => {
  const result = transition(facts, action, actor, NOW, input)
  if (!result.ok) throw new Error(`${action} refused: ${result.refusal.message}`)
  expect(result.notices).toEqual(expected)
})

test('a placed order is announced to the committees above its grid', () => {
  expect(placementNotice({ orgPath: GRID })).toEqual({ kind: 'order_placed', audience: committees })
})

describe('membership requests and their answers', () => {
  const asked = (role: MembershipFacts['role'], extra: Partial<MembershipFacts> = {}): MembershipFacts => ({
    userId: 7, role, status: 'pending', orgPath: '/1/2/', householdId: null, teamLeaderId: null, ...extra,
  })
  const toCommittees: Notice = { kind: 'approval_requested', audience: { kind: 'committees', orgPath: '/1/2/' } }

  test.each<[string, MembershipFacts, Notice[]]>([
    ['双报到: the committees above', asked('party_member'), [toCommittees]],
    ['a volunteer: and the team leader', asked('volunteer', { teamLeaderId: 30 }), [toCommittees, { kind: 'approval_requested', audience: { kind: 'users', userIds: [30] } }]],
    ['a volunteer of a team without a leader: the committees only', asked('volunteer'), [toCommittees]],
    ['a family proxy: and the household residents', asked('proxy', { householdId: HOME }), [toCommittees, { kind: 'approval_requested', audience: { kind: 'residents', householdId: HOME } }]],
    ['a second resident of a home: and its residents', asked('resident', { householdId: HOME }), [toCommittees, { kind: 'approval_requested', audience: { kind: 'residents', householdId: HOME } }]],
  ])('asked for, %s', (_, membership, expected) => {
    expect(membershipNoticesOf(membership, null, 'pending', true)).toEqual(expected)
  })

  test('decided: the person who asked hears it; withdrawn by them, or no decision at all: nobody', () => {
    const m = asked('party_member')
    expect(membershipNoticesOf(m, 'pending', 'active', false)).toEqual([{ kind: 'membership_approved', audience: { kind: 'users', userIds: [7] } }])
    expect(membershipNoticesOf(m, 'pending', 'ended', false)).toEqual([{ kind: 'membership_rejected', audience: { kind: 'users', userIds: [7] } }])
    expect(membershipNoticesOf(m, 'pending', 'ended', true)).toEqual([])
    // Joined at once (a resident), or removed later: no request, no answer.
    expect(membershipNoticesOf(m, null, 'active', true)).toEqual([])
    expect(membershipNoticesOf(m, 'active', 'ended', false)).toEqual([])
  })
})
