import { makeAutoObservable, observable, runInAction } from 'mobx'
import {
  MAX_AGENDA,
  MAX_ATTENDEES,
  MEETING_DECISIONS,
  requirementOf,
  slotSpecProblem,
  TRANSITIONS,
  type AttendeeSide,
  type MeetingDecision,
  type MeetingKind,
  type OrderStatus,
  type SlotSpec,
} from '../domain'
import type {
  AgendaItemDto,
  CreateMeetingRequest,
  DecideRequest,
  DecisionOutcomesDto,
  MeetingDto,
  MeetingSummaryDto,
  RecordMeetingRequest,
} from '../../types/meetings'
import type { Api } from '../services/api'
import { ApiRequestError } from '../services/api-error'
import { messageOf } from './errors'
import { onePage, PagedList } from './paged-list'

type MeetingApi = Pick<Api, 'listMeetings' | 'getMeeting' | 'createMeeting' | 'recordMeeting' | 'decideMeeting'>

/** Lengths the contract allows (types/meetings.ts): the fields stop there, and the checks say so. */
export const MEETING_LIMITS = { title: 60, place: 60, attendeeName: 20, minutes: 5000, note: 500 } as const

// ---------------------------------------------------------------------------------------------
// Convening

/** The convene form as filled in: the time as the pickers give it (local date and time). */
export interface ConveneDraft {
  kind: MeetingKind
  title: string
  /** YYYY-MM-DD */
  date: string
  /** HH:mm */
  time: string
  place: string
  /** Order ids, in the order the meeting takes them up. */
  agenda: number[]
  /** Rows added on the form; a row left wholly blank is ignored. */
  attendees: { name: string; side: AttendeeSide | null }[]
}

/** The local date and time of the pickers, or null when they do not make a real moment. */
export function heldAtOf(date: string, time: string): Date | null {
  const d = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date)
  const t = /^(\d{2}):(\d{2})$/.exec(time)
  if (!d || !t) return null
  const at = new Date(Number(d[1]), Number(d[2]) - 1, Number(d[3]), Number(t[1]), Number(t[2]))
  // new Date rolls 2月30日 over into March: such a date is not what was picked.
  return at.getMonth() === Number(d[2]) - 1 && at.getDate() === Number(d[3]) ? at : null
}

const isBlankRow = (row: ConveneDraft['attendees'][number]) => !row.name.trim() && row.side === null

/** What is wrong with the form, as the sentence to show, or null when it can be sent. */
export function conveneProblem(draft: ConveneDraft): string | null {
  const title = draft.title.trim()
  if (!title) return '请填写会议名称'
  if (title.length > MEETING_LIMITS.title) return `会议名称最多 ${MEETING_LIMITS.title} 个字`
  if (!heldAtOf(draft.date, draft.time)) return '请选择会议日期和时间'
  const place = draft.place.trim()
  if (!place) return '请填写会议地点'
  if (place.length > MEETING_LIMITS.place) return `会议地点最多 ${MEETING_LIMITS.place} 个字`
  if (draft.agenda.length === 0) return '请至少选择一个议题（待处理的订单）'
  if (draft.agenda.length > MAX_AGENDA) return `一次会议最多 ${MAX_AGENDA} 个议题`
  const rows = draft.attendees.filter((row) => !isBlankRow(row))
  if (rows.length > MAX_ATTENDEES) return `参会人员最多 ${MAX_ATTENDEES} 位`
  for (const [index, row] of draft.attendees.entries()) {
    if (isBlankRow(row)) continue
    const name = row.name.trim()
    if (!name) return `请填写第 ${index + 1} 位参会人员的姓名`
    if (name.length > MEETING_LIMITS.attendeeName) return `第 ${index + 1} 位参会人员的姓名最多 ${MEETING_LIMITS.attendeeName} 个字`
    if (!row.side) return `请选择${name}代表哪一方`
  }
  return null
}

/** The request for a form that has no problem (`conveneProblem` is null). */
export function conveneRequest(draft: ConveneDraft): CreateMeetingRequest {
  const heldAt = heldAtOf(draft.date, draft.time)
  if (!heldAt) throw new Error('conveneRequest: no valid time (check conveneProblem first)')
  return {
    kind: draft.kind,
    title: draft.title.trim(),
    heldAt: heldAt.toISOString(),
    place: draft.place.trim(),
    agenda: [...draft.agenda],
    attendees: draft.attendees.filter((row) => !isBlankRow(row)).map((row) => ({ name: row.name.trim(), side: row.side as AttendeeSide })),
  }
}

/** Who was there, in words: 「出席 3 人，缺席 1 人，未记录 2 人」 (parts that are 0 are left out). */
export function attendanceLine(present: readonly (boolean | null)[]): string {
  const count = (value: boolean | null) => present.filter((p) => p === value).length
  const parts = [
    ['出席', count(true)],
    ['缺席', count(false)],
    ['未记录', count(null)],
  ] as const
  return parts.filter(([, n]) => n > 0).map(([label, n]) => `${label} ${n} 人`).join('，') || '没有登记参会人员'
}

// ---------------------------------------------------------------------------------------------
// Deciding

/** A decision chosen for one agenda order, with the input each kind needs. */
export interface DecisionDraft {
  action: MeetingDecision
  /** The reason (不予受理, required) or a remark (the others, optional). */
  note: string
  /** 派单: to whom. */
  assigneeId: number | null
  /** 党委呼叫: whom it calls. */
  slots: SlotSpec[]
  /** 挂账: the day (YYYY-MM-DD) the order comes back to the queue. */
  revisitOn: string | null
  /** 合并: the order this one merges into. */
  intoOrderId?: number | null
}

/** What a decision still lacks, in words, or null when it can be sent. The domain says what each needs. */
export function decisionProblem(draft: DecisionDraft): string | null {
  if (draft.note.length > MEETING_LIMITS.note) return `说明最多 ${MEETING_LIMITS.note} 个字`
  switch (requirementOf(draft.action)) {
    case 'reason':
      return draft.note.trim() ? null : '请填写不予受理的原因，居民会看到'
    case 'assignee':
      return draft.assigneeId ? null : '请选择派单对象'
    case 'slots':
      return slotSpecProblem(draft.slots)
    case 'revisit':
      return draft.note.trim() && draft.revisitOn ? null : '请填写挂账原因和重新办理的日期'
    case 'target':
      return draft.intoOrderId ? null : '请选择合并到哪一单'
    default:
      return null
  }
}

/** One decision as the API takes it: only the input its kind uses. */
export function decisionRequest(orderId: number, draft: DecisionDraft): DecideRequest['decisions'][number] {
  const requirement = requirementOf(draft.action)
  const note = draft.note.trim()
  return {
    orderId,
    action: draft.action,
    ...(note ? { note } : {}),
    ...(requirement === 'assignee' && draft.assigneeId ? { assigneeId: draft.assigneeId } : {}),
    ...(requirement === 'slots' ? { slots: draft.slots } : {}),
    ...(requirement === 'revisit' && draft.revisitOn ? { revisitOn: draft.revisitOn } : {}),
    ...(requirement === 'target' && draft.intoOrderId ? { intoOrderId: draft.intoOrderId } : {}),
  }
}

/** Whether a meeting can still decide an order in this status: it waits in the committee's queue. */
export const awaitsDecision = (status: OrderStatus): boolean =>
  MEETING_DECISIONS.every((action) => (TRANSITIONS[action].from as readonly OrderStatus[]).includes(status))

/** What became of a decision sent: applied (the order's new status) or refused (the server's reason). */
export type DecisionOutcome = DecisionOutcomesDto['results'][number] & { action: MeetingDecision }

/** One meeting on screen: what the server holds, and the edits not sent yet. */
export class MeetingDetail {
  meeting: MeetingDto | null = null
  loading = false
  error: string | null = null
  /** The server knows no such meeting for this reader (a resident: minutes not public, or none of their orders on it). */
  gone = false
  /** Attendance marked on screen and not saved yet, by attendee id. */
  attendance = new Map<number, boolean>()
  /** The minutes as edited; null while unchanged. */
  minutes: string | null = null
  minutesPublic: boolean | null = null
  saving = false
  /** The decision chosen for each agenda order not decided yet, by order id. */
  drafts = new Map<number, DecisionDraft>()
  /** What a chosen decision still lacks (after a tap on 应用), by order id. */
  problems = new Map<number, string>()
  /** What became of the decisions sent from this screen, by order id. */
  outcomes = new Map<number, DecisionOutcome>()
  deciding = false

  constructor(readonly id: number) {
    makeAutoObservable(this, { id: false })
  }

  presentOf(attendee: MeetingDto['attendees'][number]): boolean | null {
    return this.attendance.get(attendee.id) ?? attendee.present
  }

  get minutesText(): string {
    return this.minutes ?? this.meeting?.minutes ?? ''
  }

  get isPublic(): boolean {
    return this.minutesPublic ?? this.meeting?.minutesPublic ?? false
  }

  /** What the save button sends: only what changed. Null when nothing did. */
  get recordRequest(): RecordMeetingRequest | null {
    const meeting = this.meeting
    if (!meeting) return null
    const attendance = meeting.attendees.filter((a) => this.attendance.has(a.id) && this.attendance.get(a.id) !== a.present)
    const request: RecordMeetingRequest = {
      ...(attendance.length ? { attendance: attendance.map((a) => ({ id: a.id, present: this.attendance.get(a.id)! })) } : {}),
      ...(this.minutes !== null && this.minutes !== (meeting.minutes ?? '') ? { minutes: this.minutes } : {}),
      ...(this.minutesPublic !== null && this.minutesPublic !== meeting.minutesPublic ? { minutesPublic: this.minutesPublic } : {}),
    }
    return Object.keys(request).length ? request : null
  }

  setPresent(attendeeId: number, present: boolean): void {
    this.attendance.set(attendeeId, present)
  }

  setMinutes(text: string): void {
    this.minutes = text
  }

  setPublic(value: boolean): void {
    this.minutesPublic = value
  }

  /** Agenda orders the meeting can still decide. */
  get openItems(): AgendaItemDto[] {
    return (this.meeting?.agenda ?? []).filter((item) => item.decision === null && awaitsDecision(item.status))
  }

  /** The decisions chosen, in agenda order. */
  get chosen(): { item: AgendaItemDto; draft: DecisionDraft }[] {
    return this.openItems.flatMap((item) => {
      const draft = this.drafts.get(item.orderId)
      return draft ? [{ item, draft }] : []
    })
  }

  /** Chooses (or, with null, clears) the decision for an order; its note and choices stay if it changes kind. */
  choose(orderId: number, action: MeetingDecision | null): void {
    this.problems.delete(orderId)
    if (action === null) {
      this.drafts.delete(orderId)
      return
    }
    const current = this.drafts.get(orderId)
    this.drafts.set(orderId, current ? { ...current, action } : { action, note: '', assigneeId: null, slots: [], revisitOn: null })
  }

  editDraft(orderId: number, changes: Partial<Omit<DecisionDraft, 'action'>>): void {
    const current = this.drafts.get(orderId)
    if (!current) return
    this.drafts.set(orderId, { ...current, ...changes })
    if (this.problems.has(orderId) && !decisionProblem(this.drafts.get(orderId)!)) this.problems.delete(orderId)
  }

  /** Marks what each chosen decision lacks; returns how many lack something. */
  validate(): number {
    this.problems.clear()
    for (const { item, draft } of this.chosen) {
      const problem = decisionProblem(draft)
      if (problem) this.problems.set(item.orderId, problem)
    }
    return this.problems.size
  }
}

const summaryOf = ({ id, kind, title, heldAt, place, agendaCount, decidedCount }: MeetingDto | MeetingSummaryDto): MeetingSummaryDto => ({
  id,
  kind,
  title,
  heldAt,
  place,
  agendaCount,
  decidedCount,
})

const latestFirst = (a: MeetingSummaryDto, b: MeetingSummaryDto) => b.heldAt.localeCompare(a.heldAt) || b.id - a.id

/**
 * The committee's joint meetings (召开会议): the list, convening one on pending orders, recording
 * who came and the minutes, and applying its decisions order by order.
 */
export class MeetingStore {
  /** The committee's meetings, latest first (the server sends them all at once). */
  list: PagedList<MeetingSummaryDto>
  /** True while a new meeting is sent: the button waits, and a second tap does nothing. */
  convening = false
  private details = new Map<number, MeetingDetail>()

  constructor(private readonly api: MeetingApi) {
    this.list = this.newList()
    makeAutoObservable<MeetingStore, 'api' | 'details'>(this, { api: false, details: false, list: observable.ref })
  }

  detail(id: number): MeetingDetail {
    let detail = this.details.get(id)
    if (!detail) {
      detail = new MeetingDetail(id)
      this.details.set(id, detail)
    }
    return detail
  }

  /** Loads a meeting; edits not saved yet stay. A failure is kept in the detail's `error`. */
  async load(id: number): Promise<void> {
    const detail = this.detail(id)
    detail.loading = true
    detail.error = null
    detail.gone = false
    try {
      const meeting = await this.api.getMeeting(id)
      this.settle(meeting)
    } catch (error) {
      runInAction(() => {
        detail.error = messageOf(error)
        detail.gone = error instanceof ApiRequestError && error.status === 404
      })
    } finally {
      runInAction(() => (detail.loading = false))
    }
  }

  /**
   * Convenes a meeting (the form passed `conveneProblem`); it joins the list where its time puts
   * it. Null while another is being sent; rejects with the server's reason.
   */
  async convene(request: CreateMeetingRequest): Promise<MeetingDto | null> {
    if (this.convening) return null
    this.convening = true
    try {
      const meeting = await this.api.createMeeting(request)
      this.settle(meeting)
      runInAction(() => {
        if (this.list.loaded) this.list.items = [...this.list.items.filter((m) => m.id !== meeting.id), summaryOf(meeting)].sort(latestFirst)
      })
      return meeting
    } finally {
      runInAction(() => (this.convening = false))
    }
  }

  /** Saves attendance and minutes (what changed). False when nothing changed or a save is under way; rejects with the server's reason. */
  async saveRecord(id: number): Promise<boolean> {
    const detail = this.detail(id)
    const request = detail.recordRequest
    if (!request || detail.saving) return false
    detail.saving = true
    try {
      const meeting = await this.api.recordMeeting(id, request)
      runInAction(() => {
        detail.attendance.clear()
        detail.minutes = null
        detail.minutesPublic = null
      })
      this.settle(meeting)
      return true
    } finally {
      runInAction(() => (detail.saving = false))
    }
  }

  /**
   * Sends every chosen decision at once (they passed `validate`). Each stands or falls alone: the
   * outcomes are kept per order for the page (已生效 or the refusal), and the meeting is read
   * again so decided orders show their decision. Null when nothing is chosen or a send is under
   * way; a failure of the whole request rejects with the server's reason and changes nothing.
   */
  async applyDecisions(id: number): Promise<DecisionOutcome[] | null> {
    const detail = this.detail(id)
    const chosen = detail.chosen
    if (chosen.length === 0 || detail.deciding) return null
    detail.deciding = true
    try {
      const { results } = await this.api.decideMeeting(id, { decisions: chosen.map(({ item, draft }) => decisionRequest(item.orderId, draft)) })
      const actions = new Map(chosen.map(({ item, draft }) => [item.orderId, draft.action]))
      const outcomes = results.map((result): DecisionOutcome => ({ ...result, action: actions.get(result.orderId)! }))
      runInAction(() => {
        for (const outcome of outcomes) {
          detail.outcomes.set(outcome.orderId, outcome)
          // Applied, or refused because the order moved on: either way nothing is left to decide.
          if (outcome.applied || !awaitsDecision(outcome.status)) detail.drafts.delete(outcome.orderId)
          const item = detail.meeting?.agenda.find((a) => a.orderId === outcome.orderId)
          if (item) item.status = outcome.status
        }
        detail.problems.clear()
      })
      await this.load(id)
      return outcomes
    } finally {
      runInAction(() => (detail.deciding = false))
    }
  }

  /** Forgets everything: it belongs to one acting identity (the root store calls this on a switch). */
  reset(): void {
    this.list = this.newList()
    this.details.clear()
  }

  private settle(meeting: MeetingDto): void {
    runInAction(() => {
      this.detail(meeting.id).meeting = meeting
      this.list.update(meeting.id, summaryOf(meeting))
    })
  }

  private newList(): PagedList<MeetingSummaryDto> {
    return new PagedList(onePage(() => this.api.listMeetings()), (meeting) => meeting.id)
  }
}
