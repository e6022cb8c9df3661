/** Status groups, loop steps, masking and labels (src/domain). */
import {
  ACTION_LABELS,
  DESTRUCTIVE_ACTIONS,
  EVENT_LABELS,
  LOOP_STEPS,
  LOOP_STEP_LABELS,
  ORDER_ACTIONS,
  TRANSITIONS,
  ORDER_EVENTS,
  ORDER_STATUSES,
  ROLES,
  ROLE_LABELS,
  STATUS_GROUPS,
  STATUS_GROUP_LABELS,
  STATUS_GROUP_NAMES,
  STATUS_LABELS,
  TERMINAL_STATUSES,
  groupByLoopStep,
  groupOf,
  isSkilledFor,
  rankCandidates,
  listOrderOf,
  isTerminal,
  maskName,
  maskPhone,
  type LoopStep,
  type OrderAction,
  type OrderEvent,
  type OrderStatus,
  type StatusGroup,
} from '@/domain'

describe('status groups', () => {
  test.each([...ORDER_STATUSES])('%s is in exactly one group, and groupOf finds it', (status) => {
    const containing = STATUS_GROUP_NAMES.filter((g) => (STATUS_GROUPS[g] as readonly OrderStatus[]).includes(status))
    expect(containing).toHaveLength(1)
    expect(groupOf(status)).toBe(containing[0])
  })

  test('groups hold only known statuses, and together every status exactly once', () => {
    const listed = STATUS_GROUP_NAMES.flatMap((g) => [...STATUS_GROUPS[g]] as OrderStatus[])
    expect([...listed].sort()).toEqual([...ORDER_STATUSES].sort())
  })

  test('the groups are the ones written down here', () => {
    const expected: Record<OrderStatus, StatusGroup> = {
      submitted: 'pending',
      reopened: 'pending',
      assigned: 'dispatching',
      open: 'dispatching',
      accepted: 'active',
      in_progress: 'active',
      completed: 'awaiting_confirmation',
      closed: 'done',
      rejected: 'ended',
      cancelled: 'ended',
    }
    for (const status of ORDER_STATUSES) expect([status, groupOf(status)]).toEqual([status, expected[status]])
  })

  test('terminal statuses are exactly closed, rejected and cancelled, all in done/ended', () => {
    expect(ORDER_STATUSES.filter(isTerminal)).toEqual(['closed', 'rejected', 'cancelled'])
    expect([...TERMINAL_STATUSES].sort()).toEqual(['cancelled', 'closed', 'rejected'])
    for (const status of TERMINAL_STATUSES) expect(['done', 'ended']).toContain(groupOf(status))
  })

  test('groupOf throws on an unknown status', () => {
    expect(() => groupOf('lost' as OrderStatus)).toThrow('status without group: lost')
  })
})

describe('loop steps', () => {
  const entry = (event: OrderEvent, n = 0) => ({ event, n })
  const stepOf = (event: OrderEvent): LoopStep => {
    const holding = groupByLoopStep([entry(event)]).filter((v) => v.entries.length > 0)
    expect(holding).toHaveLength(1)
    return holding[0].step
  }
  const rank = (step: LoopStep) => LOOP_STEPS.indexOf(step)
  /** Where the committee decides: an order sent back here (recall, decline, release, reopen) starts the loop over. */
  const COMMITTEE_QUEUE: readonly OrderStatus[] = TRANSITIONS.dispatch.from

  const ruleOf = (action: OrderAction): { from: readonly OrderStatus[]; to: OrderStatus } => TRANSITIONS[action]

  /**
   * Every run through the machine from submission to an end that does not go back to the
   * committee: each status at most once (a self-loop such as `progress` at most once too).
   * Read from TRANSITIONS, so a new action or status is walked without touching this test.
   */
  function forwardRuns(): { events: OrderEvent[]; end: OrderStatus }[] {
    const runs: { events: OrderEvent[]; end: OrderStatus }[] = []
    const walk = (status: OrderStatus, events: OrderEvent[], seen: Set<OrderStatus>) => {
      if (isTerminal(status)) return void runs.push({ events, end: status })
      for (const action of ORDER_ACTIONS) {
        const { from, to } = ruleOf(action)
        if (!from.includes(status) || COMMITTEE_QUEUE.includes(to)) continue
        if (to === status ? events.includes(action) : seen.has(to)) continue
        walk(to, [...events, action], new Set(seen).add(to))
      }
    }
    walk('submitted', ['submit'], new Set(['submitted']))
    return runs
  }
  const closing = forwardRuns().filter((run) => run.end === 'closed').map((run) => run.events)

  test('the six steps, in order, with their labels', () => {
    expect(LOOP_STEPS).toEqual(['found', 'listed', 'called', 'meeting', 'claimed', 'reported'])
    expect(LOOP_STEPS.map((s) => LOOP_STEP_LABELS[s])).toEqual(['发现问题', '提出清单', '党委呼叫', '召开会议', '认领落实', '反馈报告'])
  })

  test.each([...ORDER_EVENTS])('%s goes under exactly one step, kept as given', (event) => {
    const views = groupByLoopStep([entry(event, 1)])
    expect(views.map((v) => v.step)).toEqual([...LOOP_STEPS])
    expect(views.flatMap((v) => v.entries)).toEqual([entry(event, 1)])
  })

  test('an order opens in the first step and is struck off in the last', () => {
    expect(stepOf('submit')).toBe(LOOP_STEPS[0])
    const closers = ORDER_ACTIONS.filter((action) => ruleOf(action).to === 'closed')
    expect(closers.length).toBeGreaterThan(0)
    for (const action of closers) expect([action, stepOf(action)]).toEqual([action, LOOP_STEPS.at(-1)])
  })

  test('on the way to closing, without going back to the committee, steps never go backwards', () => {
    expect(closing.length).toBeGreaterThan(1) // via dispatch and via publish at least
    for (const run of closing) {
      const ranks = run.map((event) => rank(stepOf(event)))
      expect([run, ranks]).toEqual([run, [...ranks].sort((a, b) => a - b)])
    }
  })

  test('a closed order has been through every step (done, or passed on the way)', () => {
    for (const run of closing) {
      const views = groupByLoopStep(run.map((event, n) => entry(event, n)))
      expect([run, views.filter((v) => v.state === 'ahead').map((v) => v.step)]).toEqual([run, []])
    }
  })

  test('the committee’s decisions come after the order is found and before anyone takes it', () => {
    // Everything that takes an order out of the committee's queue.
    const decisions = ORDER_ACTIONS.filter((action) => ruleOf(action).from.every((s) => COMMITTEE_QUEUE.includes(s)))
    expect(decisions.length).toBeGreaterThan(0)
    for (const action of decisions) {
      const step = rank(stepOf(action))
      expect([action, step > rank('found') && step < rank('claimed')]).toEqual([action, true])
    }
  })

  test('a full timeline keeps time order within each step and passes extra fields through', () => {
    const timeline = [
      entry('submit', 1),
      entry('dispatch', 2),
      entry('decline', 3),
      entry('publish', 4),
      entry('claim', 5),
      entry('start', 6),
      entry('progress', 7),
      entry('complete', 8),
      entry('confirm', 9),
    ]
    const views = groupByLoopStep(timeline)
    const byStep = Object.fromEntries(views.map((v) => [v.step, v.entries.map((e) => e.n)]))
    expect(byStep).toEqual({ found: [1], listed: [], called: [2, 4], meeting: [], claimed: [3, 5, 6, 7], reported: [8, 9] })
    expect(views.map((v) => v.state)).toEqual(['done', 'passed', 'done', 'passed', 'done', 'done'])
    expect(views.map((v) => v.label)).toEqual(LOOP_STEPS.map((s) => LOOP_STEP_LABELS[s]))
  })

  // d = done (has events), p = passed (a later step has events), a = ahead (not reached).
  const STATE = { d: 'done', p: 'passed', a: 'ahead' } as const
  test.each([
    [[], 'aaaaaa'],
    [['submit'], 'daaaaa'],
    [['submit', 'cancel'], 'daaaaa'],
    [['submit', 'reject'], 'ddaaaa'],
    [['submit', 'publish'], 'dpdaaa'],
    [['submit', 'dispatch', 'accept'], 'dpdpda'],
    [['submit', 'publish', 'claim', 'start', 'complete'], 'dpdpdd'],
    // A reopen lands in an earlier step; steps the loop already went through stay reached.
    [['submit', 'publish', 'claim', 'start', 'complete', 'reopen'], 'dddpdd'],
  ] as [OrderEvent[], string][])('%j → %s', (events, states) => {
    const views = groupByLoopStep(events.map((e) => entry(e)))
    expect(views.map((v) => v.state)).toEqual([...states].map((c) => STATE[c as keyof typeof STATE]))
    // Reached (done or passed) is exactly the steps up to the last one with events.
    const lastWithEvents = views.map((v) => v.entries.length > 0).lastIndexOf(true)
    expect(views.map((v) => v.state !== 'ahead')).toEqual(views.map((_, i) => i <= lastWithEvents))
  })
})

describe('masking', () => {
  test('phone keeps the first three and last four digits', () => {
    expect(maskPhone('13812345678')).toBe('138****5678')
    expect(maskPhone('02112345678')).toBe('021****5678')
  })

  test('short phones are fully masked', () => {
    expect(maskPhone('')).toBe('')
    expect(maskPhone('123456')).toBe('******')
  })

  test('landlines (7–10 characters) keep two digits at each end', () => {
    expect(maskPhone('5812345')).toBe('58***45')
    expect(maskPhone('0591581234')).toBe('05******34')
  })

  test('name keeps the family name', () => {
    expect(maskName('张三丰')).toBe('张**')
    expect(maskName('李四')).toBe('李*')
    expect(maskName('欧阳娜娜')).toBe('欧***')
    expect(maskName('张')).toBe('张')
    expect(maskName('')).toBe('')
    // Characters outside the BMP count as one.
    expect(maskName('𠮷野家')).toBe('𠮷**')
  })
})

describe('labels', () => {
  const nonEmpty = (label: string | undefined) => typeof label === 'string' && label.trim().length > 0

  test.each([...ORDER_ACTIONS])('action %s has a label', (action) => {
    expect(nonEmpty(ACTION_LABELS[action])).toBe(true)
  })

  test.each([...ORDER_EVENTS])('event %s has a label', (event) => {
    expect(nonEmpty(EVENT_LABELS[event])).toBe(true)
  })

  test('label tables have no keys beyond their domain', () => {
    expect(Object.keys(ACTION_LABELS).sort()).toEqual([...ORDER_ACTIONS].sort())
    expect(Object.keys(EVENT_LABELS).sort()).toEqual([...ORDER_EVENTS].sort())
    expect(Object.keys(STATUS_LABELS).sort()).toEqual([...ORDER_STATUSES].sort())
    expect(Object.keys(ROLE_LABELS).sort()).toEqual([...ROLES].sort())
    expect(Object.keys(STATUS_GROUP_LABELS).sort()).toEqual([...STATUS_GROUP_NAMES].sort())
    for (const table of [STATUS_LABELS, ROLE_LABELS, STATUS_GROUP_LABELS, LOOP_STEP_LABELS]) {
      expect(Object.values(table).every(nonEmpty)).toBe(true)
    }
  })

  test('status labels are distinct, so a list filter can show them side by side', () => {
    const labels = Object.values(STATUS_LABELS)
    expect(new Set(labels).size).toBe(labels.length)
  })

  test('every action that needs a reason asks for confirmation first', () => {
    expect(DESTRUCTIVE_ACTIONS.every((a) => ORDER_ACTIONS.includes(a))).toBe(true)
    expect([...DESTRUCTIVE_ACTIONS].sort()).toEqual(['cancel', 'decline', 'recall', 'reject', 'release', 'reopen'])
  })
})

describe('list order', () => {
  test.each([
    ['committee', { group: 'pending' }, 'queue'],
    ['committee', { group: 'active' }, 'recent'],
    ['committee', {}, 'recent'],
    ['volunteer', { view: 'hall' }, 'queue'],
    ['party_member', { view: 'hall' }, 'queue'],
    ['volunteer', { view: 'mine' }, 'recent'],
    ['resident', { group: 'pending' }, 'recent'],
    ['resident', { view: 'hall' }, 'recent'],
  ] as const)('%s %j → %s', (role, list, expected) => {
    expect(listOrderOf(role, list)).toBe(expected)
  })
})

describe('dispatch candidates', () => {
  const people = [
    { name: '甲', skills: ['助餐'], activeOrders: 0 },
    { name: '乙', skills: ['维修', '助行'], activeOrders: 3 },
    { name: '丙', skills: [], activeOrders: 1 },
    { name: '丁', skills: ['维修'], activeOrders: 1 },
  ]

  test('skilled in the service first, then the least busy', () => {
    expect(rankCandidates(people, '维修').map((p) => p.name)).toEqual(['丁', '乙', '甲', '丙'])
    expect(rankCandidates(people, '法律咨询').map((p) => p.name)).toEqual(['甲', '丙', '丁', '乙'])
    expect(people.map((p) => p.name)).toEqual(['甲', '乙', '丙', '丁']) // the input is left alone
  })

  test('isSkilledFor matches the catalogue name', () => {
    expect(isSkilledFor(people[1], '助行')).toBe(true)
    expect(isSkilledFor(people[1], '助餐')).toBe(false)
  })
})
