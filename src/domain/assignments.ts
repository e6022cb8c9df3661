import type { OrderStatus } from './order-status'
import type { Role } from './roles'

/**
 * The places an order offers responders (slots) and who holds them (parts). A dispatch is one
 * `person` slot with an invitation, a publish one `hall` slot; a 党委呼叫 opens several, each with
 * a kind and a headcount. Every responder holds at most one live part per order.
 */
export const SLOT_KINDS = ['person', 'hall', 'party_members', 'team', 'department'] as const
export type SlotKind = (typeof SLOT_KINDS)[number]

export const SLOT_KIND_LABELS: Record<SlotKind, string> = {
  person: '指定人员',
  hall: '党员或志愿者',
  party_members: '在职党员',
  team: '志愿队伍',
  department: '部门/驻区单位',
}

/** Who may take a place of each kind without an invitation. `person` places are by invitation only. */
export const SLOT_KIND_ROLES: Record<SlotKind, readonly Role[]> = {
  person: [],
  hall: ['party_member', 'volunteer'],
  party_members: ['party_member'],
  team: ['volunteer'],
  department: ['department'],
}

/** Kinds addressed to a named unit: `unitId` is the team (team) or the work unit's org (department). */
export const UNIT_SLOT_KINDS: readonly SlotKind[] = ['team', 'department']

export const MAX_SLOTS_PER_CALL = 10
export const MAX_HEADCOUNT = 20

/** What a call asks for: one slot. */
export interface SlotSpec {
  kind: SlotKind
  headcount: number
  /** The team or work unit a `team` / `department` slot is addressed to. */
  unitId?: number
  /** A catalogue code the responders should be good at (shown to them; not enforced). */
  skill?: string
  /** The person a `person` slot invites. */
  inviteeId?: number
}

export interface SlotFacts {
  id: number
  kind: SlotKind
  headcount: number
  unitId: number | null
  /** False once the committee closed it (recall, close of the call, reopen, cancel). */
  open: boolean
}

export const PART_STATUSES = ['invited', 'joined', 'started', 'done', 'declined', 'left', 'withdrawn'] as const
export type PartStatus = (typeof PART_STATUSES)[number]

/** A part that holds its place: invited (reserved), working, or finished. */
export const LIVE_PART_STATUSES = ['invited', 'joined', 'started', 'done'] as const satisfies readonly PartStatus[]

export const PART_STATUS_LABELS: Record<PartStatus, string> = {
  invited: '已邀请',
  joined: '已响应',
  started: '服务中',
  done: '已完成',
  declined: '已谢绝',
  left: '已退出',
  withdrawn: '已撤回',
}

export interface PartFacts {
  slotId: number
  userId: number
  status: PartStatus
}

export const isLive = (part: PartFacts) => (LIVE_PART_STATUSES as readonly PartStatus[]).includes(part.status)

/**
 * Parts that hold a place now: live, in a slot still open. Once the committee closed the slots
 * (recall, reopen…) even finished parts belong to an earlier round.
 */
export function liveParts(slots: readonly SlotFacts[], parts: readonly PartFacts[]): PartFacts[] {
  const open = new Set(slots.filter((s) => s.open).map((s) => s.id))
  return parts.filter((p) => open.has(p.slotId) && isLive(p))
}

/** What a responder brings to a slot beyond their role: their team and work unit. */
export interface SlotCandidate {
  role: string
  teamId?: number | null
  workUnitId?: number | null
}

/** Whether the candidate may take a place of this slot without an invitation. */
export function qualifiesFor(slot: Pick<SlotFacts, 'kind' | 'unitId'>, candidate: SlotCandidate): boolean {
  if (!(SLOT_KIND_ROLES[slot.kind] as readonly string[]).includes(candidate.role)) return false
  if (slot.kind === 'team') return slot.unitId !== null && candidate.teamId === slot.unitId
  if (slot.kind === 'department') return slot.unitId !== null && candidate.workUnitId === slot.unitId
  return true
}

/** Places still free in a slot: its headcount less its live parts; none once closed. */
export function placesLeft(slot: SlotFacts, parts: readonly PartFacts[]): number {
  if (!slot.open) return 0
  return Math.max(0, slot.headcount - parts.filter((p) => p.slotId === slot.id && isLive(p)).length)
}

/** Free places anyone qualified may take (every kind but `person`): what puts an order in the hall. */
export function hallPlaces(slots: readonly SlotFacts[], parts: readonly PartFacts[]): number {
  return slots.filter((s) => s.kind !== 'person').reduce((sum, s) => sum + placesLeft(s, parts), 0)
}

/** A slot is complete when as many people as it asked for have finished their part. */
function isComplete(slot: SlotFacts, parts: readonly PartFacts[]): boolean {
  return parts.filter((p) => p.slotId === slot.id && p.status === 'done').length >= slot.headcount
}

/**
 * The order's status after a part changed, read from its slots and parts: finished when every open
 * slot is complete; in progress once anyone started; accepted once anyone answered; in the hall
 * while places are free; assigned while only invitations are out; otherwise (nobody holds it and
 * nothing is free) back in the committee's queue.
 */
export function statusFromParts(slots: readonly SlotFacts[], parts: readonly PartFacts[]): OrderStatus {
  const open = slots.filter((s) => s.open)
  const live = liveParts(slots, parts)
  if (open.length > 0 && open.every((s) => isComplete(s, parts))) return 'completed'
  if (live.some((p) => p.status === 'started' || p.status === 'done')) return 'in_progress'
  if (live.some((p) => p.status === 'joined')) return 'accepted'
  if (hallPlaces(slots, parts) > 0) return 'open'
  if (live.some((p) => p.status === 'invited')) return 'assigned'
  return 'submitted'
}

/** The problem with a call's slots, as a zh-CN sentence, or null. */
export function slotSpecProblem(specs: readonly SlotSpec[]): string | null {
  if (specs.length === 0) return '请至少添加一类响应力量'
  if (specs.length > MAX_SLOTS_PER_CALL) return `一次呼叫最多 ${MAX_SLOTS_PER_CALL} 类响应力量`
  for (const spec of specs) {
    if (!Number.isInteger(spec.headcount) || spec.headcount < 1 || spec.headcount > MAX_HEADCOUNT) return `每类人数须在 1–${MAX_HEADCOUNT} 之间`
    if (UNIT_SLOT_KINDS.includes(spec.kind) && !spec.unitId) return `请选择${SLOT_KIND_LABELS[spec.kind]}`
    if (spec.kind === 'person' && (!spec.inviteeId || spec.headcount !== 1)) return '指定人员须选择一人'
  }
  const invitees = specs.flatMap((s) => (s.inviteeId ? [s.inviteeId] : []))
  if (new Set(invitees).size !== invitees.length) return '同一人不能被指定两次'
  return null
}

/** A call in one line for the timeline: 部门/驻区单位 1 人、在职党员 2 人. */
export function callSummary(specs: readonly SlotSpec[]): string {
  return specs.map((spec) => `${SLOT_KIND_LABELS[spec.kind]} ${spec.headcount} 人`).join('、')
}
