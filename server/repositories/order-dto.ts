import { ACTOR_ROLE_LABELS, liveParts, maskAddress, maskName, maskPhone, POLICIES, speaksForHousehold, type Actor, type OrderFacts } from '../../src/domain'
import type { OrderDetailDto, OrderSummaryDto, PartDto, SlotDto, TimelineEntryDto } from '../../types/api'
import { seesContact } from '../policies'
import type { Responders } from './assignments'
import type { EventView, OrderRow, OrderView } from './orders'

/** The single place order rows become DTOs; masking decisions live here and in policies. */

export const factsOf = ({ row, responders }: { row: OrderRow; responders: Responders }): OrderFacts => ({
  status: row.status,
  householdId: row.householdId,
  followerHouseholdIds: row.followerHouseholdIds,
  orgPath: row.orgPath,
  slots: responders.slots,
  parts: responders.parts,
})

const factsOfView = (view: OrderView) => factsOf({ row: view.order, responders: view.responders })

const SUMMARY_MAX = 60

export function summaryOf(description: string): string {
  const line = description.trim().split(/\r?\n/)[0]
  const chars = Array.from(line)
  return chars.length > SUMMARY_MAX ? chars.slice(0, SUMMARY_MAX - 1).join('') + '…' : line
}

/** Names of the household's people are masked for everyone outside the household. */
const householdName = (name: string, order: OrderRow, viewer: Actor) => (POLICIES.isOwner(order, viewer) ? name : maskName(name))

/** Who holds the work now: one name, or the first and how many (张三等3人). */
function holdersOf(view: OrderView): string | null {
  const holders = liveParts(view.responders.slots, view.responders.parts).filter((p) => p.status !== 'invited')
  if (holders.length === 0) return null
  const first = view.partNames.get(holders[0].userId) ?? ''
  return holders.length === 1 ? first : `${first}等${holders.length}人`
}

const slotsOf = (view: OrderView): SlotDto[] =>
  view.responders.slots.map((s) => ({
    id: s.id,
    kind: s.kind,
    headcount: s.headcount,
    unitId: s.unitId,
    unitName: view.unitNames.get(s.id) ?? null,
    skill: s.skill,
    open: s.open,
  }))

const partsOf = (view: OrderView): PartDto[] =>
  view.responders.parts.map((p) => ({ slotId: p.slotId, userId: p.userId, status: p.status, name: view.partNames.get(p.userId) ?? '' }))

export function toSummary(row: OrderView, viewer: Actor): OrderSummaryDto {
  const o = row.order
  return {
    id: o.id,
    categoryCode: o.categoryCode,
    categoryName: row.categoryName,
    status: o.status,
    urgency: o.urgency,
    summary: summaryOf(o.description),
    // A household following another's order (its duplicate was merged) sees the building, not the door.
    address: POLICIES.isOwner(o, viewer) || !POLICIES.follows(o, viewer) ? o.address : maskAddress(o.address),
    gridName: row.gridName,
    residentName: householdName(o.contactName, o, viewer),
    placedByName: o.placedAs === 'grid_worker' ? row.placedByName : householdName(row.placedByName, o, viewer),
    placedAs: o.placedAs,
    takerName: holdersOf(row),
    createdAt: o.createdAt.toISOString(),
    updatedAt: o.updatedAt.toISOString(),
    householdId: o.householdId,
    followerHouseholdIds: o.followerHouseholdIds,
    orgPath: o.orgPath,
    slots: slotsOf(row),
    parts: partsOf(row),
    mergedIntoId: o.mergedIntoId,
    clock: row.clock,
  }
}

function actorNameOf({ event, actorName }: EventView, order: OrderRow, viewer: Actor): string {
  if (event.actorId === null || actorName === null) return ACTOR_ROLE_LABELS.system
  return speaksForHousehold(event.actorRole) ? householdName(actorName, order, viewer) : actorName
}

export function toTimelineEntry(row: EventView, order: OrderRow, viewer: Actor): TimelineEntryDto {
  const e = row.event
  return {
    id: e.id,
    event: e.event,
    from: e.fromStatus,
    to: e.toStatus,
    actorId: e.actorId,
    actorRole: e.actorRole,
    actorName: actorNameOf(row, order, viewer),
    note: e.note,
    rating: e.rating,
    assigneeId: e.assigneeId,
    assigneeName: row.assigneeName,
    photos: e.photos,
    payload: e.payload,
    partName: row.partName,
    meetingId: e.meetingId,
    at: e.at.toISOString(),
  }
}

/** The person a dispatch invited (its `person` slot), while the invitation or their part stands. */
function assigneeOf(view: OrderView): string | null {
  const slot = view.responders.slots.find((s) => s.kind === 'person' && s.open)
  const part = slot && liveParts(view.responders.slots, view.responders.parts).find((p) => p.slotId === slot.id)
  return part ? view.partNames.get(part.userId) ?? null : null
}

export function toDetail(row: OrderView, events: EventView[], viewer: Actor): OrderDetailDto {
  const o = row.order
  const full = seesContact(factsOfView(row), viewer)
  return {
    ...toSummary(row, viewer),
    description: o.description,
    photos: o.photos,
    contactName: full ? o.contactName : maskName(o.contactName),
    contactPhone: full ? o.contactPhone : maskPhone(o.contactPhone),
    preferredTime: o.preferredTime,
    rating: o.rating,
    assigneeName: assigneeOf(row),
    timeline: events.map((event) => toTimelineEntry(event, o, viewer)),
  }
}
