import type { OrderEvent, TimelineEntry } from './order-machine'

/**
 * The six steps of the 三单制 loop as the seeds describe it:
 * 发现问题 → 提出清单 → 党委呼叫 → 召开会议 → 认领落实 → 反馈报告.
 * The meeting step is optional: only hard cases reach it, and what a meeting decides goes under it.
 */
export const LOOP_STEPS = ['found', 'listed', 'called', 'meeting', 'claimed', 'reported'] as const
export type LoopStep = (typeof LOOP_STEPS)[number]

export const LOOP_STEP_LABELS: Record<LoopStep, string> = {
  found: '发现问题',
  listed: '提出清单',
  called: '党委呼叫',
  meeting: '召开会议',
  claimed: '认领落实',
  reported: '反馈报告',
}

/** Which loop step each event belongs to on the timeline. */
export const EVENT_STEPS: Record<OrderEvent, LoopStep> = {
  submit: 'found',
  rehouse: 'found',
  cancel: 'found',
  reject: 'listed',
  park: 'listed',
  merge: 'listed',
  absorb: 'listed',
  escalate: 'listed',
  revisit: 'listed',
  reopen: 'listed',
  dispatch: 'called',
  publish: 'called',
  recall: 'called',
  call: 'called',
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

/**
 * `done`: the step has events. `passed`: a later step has events, so the loop went through this
 * one without its own (a dispatch lists and calls at once; most orders need no meeting).
 * `ahead`: not reached yet.
 */
export type LoopStepState = 'done' | 'passed' | 'ahead'

export interface LoopStepView<E extends Pick<TimelineEntry, 'event' | 'meetingId'>> {
  step: LoopStep
  label: string
  entries: E[]
  state: LoopStepState
}

/** The step an entry belongs to: a meeting's decision is 召开会议, whatever it decided. */
export const stepOf = (entry: Pick<TimelineEntry, 'event' | 'meetingId'>): LoopStep => (entry.meetingId ? 'meeting' : EVENT_STEPS[entry.event])

/** Groups timeline entries (in time order) under the six loop steps. */
export function groupByLoopStep<E extends Pick<TimelineEntry, 'event' | 'meetingId'>>(entries: readonly E[]): LoopStepView<E>[] {
  const views = LOOP_STEPS.map((step) => ({
    step,
    label: LOOP_STEP_LABELS[step],
    entries: entries.filter((entry) => stepOf(entry) === step),
  }))
  const last = views.reduce((max, view, index) => (view.entries.length > 0 ? index : max), -1)
  return views.map((view, index) => ({
    ...view,
    state: view.entries.length > 0 ? 'done' : index < last ? 'passed' : 'ahead',
  }))
}
