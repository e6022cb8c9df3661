/** Status groups, loop steps, masking and labels (src/domain). */
import {
  ACTION_LABELS,
  DESTRUCTIVE_ACTIONS,
  EVENT_LABELS,
  LOOP_STEPS,
  LOOP_STEP_LABELS,
  MEETING_DECISIONS,
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
  maskAddress,
  maskName,
  maskPhone,
  requirementOf,
  statusesEntered,
  stepOf as stepOfEntry,
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
      parked: 'parked',
      assigned: 'dispatching',
      open: 'dispatching',
      accepted: 'active',
      in_progress: 'active',
      completed: 'awaiting_confirmation',
      closed: 'done',
      merged: 'ended',
      rejected: 'ended',
      cancelled: 'ended',
    }
    for (const status of ORDER_STATUSES) expect([status, groupOf(status)]).toEqual([status, expected[status]])
  })

  test('terminal statuses are exactly closed, rejected, cancelled and merged, all in done/ended', () => {
    expect(ORDER_STATUSES.filter(isTerminal)).toEqual(['closed', 'rejected', 'cancelled', 'merged'])
    expect([...TERMINAL_STATUSES].sort()).toEqual(['cancelled', 'closed', 'merged', 'rejected'])
    for (const status of TERMINAL_STATUSES) expect(['done', 'ended']).toContain(groupOf(status))
  })

  test('挂账 is a group of its own: a parked order is neither pending nor ended', () => {
    expect(STATUS_GROUPS.parked).toEqual(['parked'])
    expect(STATUS_GROUP_LABELS.parked).toBe('挂账')
    expect(STATUS_LABELS.parked).toBe('已挂账')
    expect(STATUS_GROUPS.pending).not.toContain('parked')
    expect(isTerminal('parked')).toBe(false)
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

  /** An action's rule: the statuses it leaves and every status it may enter (several for part actions). */
  const ruleOf = (action: OrderAction): { from: readonly OrderStatus[]; to: readonly OrderStatus[] } => ({
    from: TRANSITIONS[action].from,
    to: statusesEntered(action),
  })

  /**
   * Every run through the machine from submission to an end that does not go back to the
   * committee: each status at most once, each action at most once, and at most one self-loop
   * (such as `progress`, or a second responder's `claim`) while in a status. An action with
   * several statuses it may enter (a part action: `statusesEntered`) is walked to each of them.
   * Read from TRANSITIONS, so a new action or status is walked without touching this test.
   */
  interface Run {
    events: OrderEvent[]
    /** Whether each event kept the status (a self-loop). */
    loops: boolean[]
    end: OrderStatus
  }
  function forwardRuns(): Run[] {
    const runs: Run[] = []
    const walk = (status: OrderStatus, run: Omit<Run, 'end'>, seen: Set<OrderStatus>, looped: boolean) => {
      if (isTerminal(status)) return void runs.push({ ...run, end: status })
      for (const action of ORDER_ACTIONS) {
        const rule = ruleOf(action)
        if (!rule.from.includes(status) || run.events.includes(action)) continue
        for (const to of rule.to) {
          if (COMMITTEE_QUEUE.includes(to)) continue
          const next = (loop: boolean) => ({ events: [...run.events, action], loops: [...run.loops, loop] })
          if (to === status) {
            if (!looped) walk(to, next(true), seen, true)
          } else if (!seen.has(to)) {
            walk(to, next(false), new Set(seen).add(to), false)
          }
        }
      }
    }
    walk('submitted', { events: ['submit'], loops: [false] }, new Set(['submitted']), false)
    return runs
  }
  const closingRuns = forwardRuns().filter((run) => run.end === 'closed')
  const closing = closingRuns.map((run) => run.events)
  /** Events only an order with several places has (a call, its invitations and leaving it). */
  const SEVERAL_PLACES: readonly OrderEvent[] = ['call', 'invite', 'leave', 'close_call']
  /**
   * The old one-responder lifecycle, a special case of the slots: a dispatch or publish of one
   * place, taken by one person; the only status-keeping step is a progress note.
   */
  const oneResponder = closingRuns
    .filter((run) => !run.events.some((e) => SEVERAL_PLACES.includes(e)) && run.events.every((e, i) => !run.loops[i] || e === 'progress'))
    .map((run) => run.events)

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
    const closers = ORDER_ACTIONS.filter((action) => ruleOf(action).to.includes('closed'))
    expect(closers.length).toBeGreaterThan(0)
    for (const action of closers) expect([action, stepOf(action)]).toEqual([action, LOOP_STEPS.at(-1)])
  })

  test('one responder, on the way to closing without going back to the committee: steps never go backwards', () => {
    expect(oneResponder.length).toBeGreaterThan(1) // via dispatch and via publish at least
    expect(oneResponder).toContainEqual(['submit', 'dispatch', 'accept', 'start', 'progress', 'complete', 'confirm'])
    expect(oneResponder).toContainEqual(['submit', 'publish', 'claim', 'start', 'complete', 'auto_close'])
    for (const run of oneResponder) {
      const ranks = run.map((event) => rank(stepOf(event)))
      expect([run, ranks]).toEqual([run, [...ranks].sort((a, b) => a - b)])
    }
  })

  /**
   * With several places the parts interleave: the committee (or a team leader) still invites
   * while others work, and others still answer and work after one has reported. Those are the
   * only ways back to an earlier step — written here by hand as (event, the later step it follows).
   */
  test('several places: steps go back only for an invitation during the work, or work after a part is reported', () => {
    expect(closing.length).toBeGreaterThan(oneResponder.length)
    expect(closing.some((run) => run.includes('call') && run.includes('close_call'))).toBe(true)
    const rankOf = new Map(ORDER_EVENTS.map((e) => [e, rank(stepOf(e))]))
    const backwards = new Set<string>()
    for (const run of closing) {
      let latest = 0
      for (const event of run) {
        const r = rankOf.get(event)!
        if (r < latest) backwards.add(`${event} ← ${LOOP_STEPS[latest]}`)
        latest = Math.max(latest, r)
      }
    }
    expect([...backwards].sort()).toEqual(
      [
        'invite ← claimed',
        'invite ← reported',
        // (the walk takes one self-loop per status, so `start`/`progress` after another's `complete` do not show up)
        ...['accept', 'claim', 'decline', 'leave'].map((e) => `${e} ← reported`),
      ].sort(),
    )
  })

  test('a closed order has been through every step (done, or passed on the way)', () => {
    // One expectation for all the runs (tens of thousands): the runs that skip a step, if any.
    const skipping = closing.filter((run) => groupByLoopStep(run.map((event, n) => entry(event, n))).some((v) => v.state === 'ahead'))
    expect(skipping).toEqual([])
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

  test('a meeting decides what the committee decides from its queue, 挂账 and 合并 included', () => {
    expect([...MEETING_DECISIONS]).toEqual(['dispatch', 'publish', 'call', 'reject', 'park', 'merge'])
    // A parked duplicate may be merged too: the case it waits on is being handled elsewhere.
    const queue = (decision: string) => (decision === 'merge' ? ['submitted', 'reopened', 'parked'] : ['submitted', 'reopened'])
    for (const decision of MEETING_DECISIONS) expect([decision, ruleOf(decision).from]).toEqual([decision, queue(decision)])
    // Decided at a meeting, a 挂账 goes under 召开会议 like any decision.
    expect(stepOfEntry({ event: 'park', meetingId: 4 })).toBe('meeting')
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

  /** Each event's step, written by hand. */
  const EVENT_STEP: Record<OrderEvent, LoopStep> = {
    submit: 'found',
    cancel: 'found',
    // Correcting where the household lives corrects where the problem was found.
    rehouse: 'found',
    reject: 'listed',
    park: 'listed',
    // Merging a duplicate is a decision on the list; so is what it leaves on the order kept.
    merge: 'listed',
    absorb: 'listed',
    // An overdue order goes up the list's owners.
    escalate: 'listed',
    revisit: 'listed',
    reopen: 'listed',
    dispatch: 'called',
    publish: 'called',
    call: 'called',
    recall: 'called',
    invite: 'called',
    accept: 'claimed',
    decline: 'claimed',
    claim: 'claimed',
    leave: 'claimed',
    release: 'claimed',
    start: 'claimed',
    progress: 'claimed',
    complete: 'reported',
    close_call: 'reported',
    confirm: 'reported',
    auto_close: 'reported',
  }

  test.each([...ORDER_EVENTS])('%s: with a meetingId under 召开会议, without one under its own step', (event) => {
    const grouped = (e: { event: OrderEvent; meetingId?: number | null }) => groupByLoopStep([e]).filter((v) => v.entries.includes(e)).map((v) => v.step)
    // Decided by a meeting: the meeting step, whatever the event.
    expect(stepOfEntry({ event, meetingId: 7 })).toBe('meeting')
    expect(grouped({ event, meetingId: 7 })).toEqual(['meeting'])
    // No meeting (absent or null): the event's own step, never the meeting's.
    for (const meetingId of [undefined, null]) {
      expect([meetingId, stepOfEntry({ event, meetingId })]).toEqual([meetingId, EVENT_STEP[event]])
      expect([meetingId, grouped({ event, meetingId })]).toEqual([meetingId, [EVENT_STEP[event]]])
    }
    expect(stepOf(event)).toBe(EVENT_STEP[event])
  })

  test("a meeting's decisions go under 召开会议 in time order; what follows them under their own steps", () => {
    const timeline = [
      { ...entry('submit', 1), meetingId: null },
      { ...entry('call', 2), meetingId: 3 },
      { ...entry('claim', 3), meetingId: null },
      { ...entry('recall', 4), meetingId: null },
      { ...entry('reject', 5), meetingId: 4 },
    ]
    const views = groupByLoopStep(timeline)
    const byStep = Object.fromEntries(views.map((v) => [v.step, v.entries.map((e) => e.n)]))
    expect(byStep).toEqual({ found: [1], listed: [], called: [4], meeting: [2, 5], claimed: [3], reported: [] })
    expect(views.map((v) => v.state)).toEqual(['done', 'passed', 'done', 'done', 'done', 'ahead'])
    // A meeting rejecting the order: listed and called passed on the way to the meeting.
    expect(groupByLoopStep([entry('submit'), { ...entry('reject'), meetingId: 9 }]).map((v) => v.state)).toEqual([
      'done', 'passed', 'passed', 'done', 'ahead', 'ahead',
    ])
  })

  // d = done (has events), p = passed (a later step has events), a = ahead (not reached).
  const STATE = { d: 'done', p: 'passed', a: 'ahead' } as const
  test.each([
    [[], 'aaaaaa'],
    [['submit'], 'daaaaa'],
    [['submit', 'cancel'], 'daaaaa'],
    [['submit', 'reject'], 'ddaaaa'],
    // 挂账 and its revisit are the committee's listing: the loop waits in 提出清单.
    [['submit', 'park'], 'ddaaaa'],
    [['submit', 'park', 'cancel'], 'ddaaaa'],
    [['submit', 'park', 'revisit'], 'ddaaaa'],
    [['submit', 'park', 'revisit', 'publish'], 'dddaaa'],
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

  test('an address keeps its building, never the door', () => {
    expect(maskAddress('锦绣小区6号楼4单元204')).toBe('锦绣小区6号楼***')
    expect(maskAddress('青山村东山组12栋101')).toBe('青山村东山组12栋***')
    expect(maskAddress('和平里3幢2单元')).toBe('和平里3幢***')
    expect(maskAddress('东山组村口小卖部旁')).toBe('东山组村***')
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
    expect([...DESTRUCTIVE_ACTIONS].sort()).toEqual(['cancel', 'close_call', 'decline', 'leave', 'merge', 'recall', 'reject', 'release', 'reopen'])
    const needReason = ORDER_ACTIONS.filter((a) => requirementOf(a) === 'reason')
    expect(needReason.filter((a) => !DESTRUCTIVE_ACTIONS.includes(a))).toEqual([])
  })
})

describe('list order', () => {
  test.each([
    ['committee', { group: 'pending' }, 'queue'],
    ['committee', { group: 'active' }, 'recent'],
    // Parked orders wait for their day, not in the queue: newest first.
    ['committee', { group: 'parked' }, 'recent'],
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
  const skill = (code: string, name: string) => ({ code, name })
  const people = [
    { name: '甲', skills: [skill('meals', '助餐')], activeOrders: 0 },
    { name: '乙', skills: [skill('repair', '维修'), skill('mobility', '助行')], activeOrders: 3 },
    { name: '丙', skills: [], activeOrders: 1 },
    { name: '丁', skills: [skill('repair', '维修')], activeOrders: 1 },
    // Another community's own service of the same name: not the catalogue's 维修.
    { name: '戊', skills: [skill('c9-1a2b3c4d', '维修')], activeOrders: 0 },
  ]

  test('skilled in the service (by code) first, then the least busy', () => {
    expect(rankCandidates(people, 'repair').map((p) => p.name)).toEqual(['丁', '乙', '甲', '戊', '丙'])
    expect(rankCandidates(people, 'legal').map((p) => p.name)).toEqual(['甲', '戊', '丙', '丁', '乙'])
    expect(rankCandidates(people, 'c9-1a2b3c4d').map((p) => p.name)).toEqual(['戊', '甲', '丙', '丁', '乙'])
    expect(people.map((p) => p.name)).toEqual(['甲', '乙', '丙', '丁', '戊']) // the input is left alone
  })

  test('isSkilledFor matches the catalogue code, never the name', () => {
    expect(isSkilledFor(people[1], 'mobility')).toBe(true)
    expect(isSkilledFor(people[1], 'meals')).toBe(false)
    expect(isSkilledFor(people[1], '助行')).toBe(false)
    expect(isSkilledFor(people[4], 'repair')).toBe(false)
  })
})
