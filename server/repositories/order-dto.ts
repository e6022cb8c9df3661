import { ACTOR_ROLE_LABELS, maskName, maskPhone, POLICIES, speaksForHousehold, type Actor, type OrderFacts } from '../../src/domain'
import type { OrderDetailDto, OrderSummaryDto, TimelineEntryDto } from '../../types/api'
import { seesContact } from '../policies'
import type { EventView, OrderRow, OrderView } from './orders'

/** The single place order rows become DTOs; masking decisions live here and in policies. */

export const factsOf = (order: OrderRow): OrderFacts => ({
  status: order.status,
  householdId: order.householdId,
  orgPath: order.orgPath,
  assigneeId: order.assigneeId,
  takerId: order.takerId,
})

const SUMMARY_MAX = 60

function summaryOf(description: string): string {
  const line = description.trim().split(/\r?\n/)[0]
  const chars = Array.from(line)
  return chars.length > SUMMARY_MAX ? chars.slice(0, SUMMARY_MAX - 1).join('') + '…' : line
}

/** Names of the household's people are masked for everyone outside the household. */
const householdName = (name: string, order: OrderRow, viewer: Actor) => (POLICIES.isOwner(factsOf(order), viewer) ? name : maskName(name))

export function toSummary(row: OrderView, viewer: Actor): OrderSummaryDto {
  const o = row.order
  return {
    id: o.id,
    categoryCode: o.categoryCode,
    categoryName: row.categoryName,
    status: o.status,
    urgency: o.urgency,
    summary: summaryOf(o.description),
    address: o.address,
    gridName: row.gridName,
    residentName: householdName(o.contactName, o, viewer),
    placedByName: o.placedAs === 'grid_worker' ? row.placedByName : householdName(row.placedByName, o, viewer),
    placedAs: o.placedAs,
    takerName: row.takerName,
    createdAt: o.createdAt.toISOString(),
    updatedAt: o.updatedAt.toISOString(),
    householdId: o.householdId,
    orgPath: o.orgPath,
    assigneeId: o.assigneeId,
    takerId: o.takerId,
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
    at: e.at.toISOString(),
  }
}

export function toDetail(row: OrderView, events: EventView[], viewer: Actor): OrderDetailDto {
  const o = row.order
  const full = seesContact(factsOf(o), viewer)
  return {
    ...toSummary(row, viewer),
    description: o.description,
    photos: o.photos,
    contactName: full ? o.contactName : maskName(o.contactName),
    contactPhone: full ? o.contactPhone : maskPhone(o.contactPhone),
    preferredTime: o.preferredTime,
    rating: o.rating,
    assigneeName: row.assigneeName,
    timeline: events.map((event) => toTimelineEntry(event, o, viewer)),
  }
}
