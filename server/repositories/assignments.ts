import { and, eq, inArray, isNull, sql } from 'drizzle-orm'
import { LIVE_PART_STATUSES, type OrderPatch, type PartFacts, type SlotFacts, type SlotKind, type SlotSpec } from '../../src/domain'
import type { Db } from '../db/client'
import { orderAssignments, orderSlots } from '../db/schema'
import { preparedSql } from './prepared'

// The slots of orders and the parts people hold in them: read for every order shown (the
// domain decides with them), written in the transaction of the transition that changes them.

/** A slot as the domain sees it, with what its DTO shows besides. */
export interface SlotRecord extends SlotFacts {
  teamId: number | null
  workUnitId: number | null
  skill: string | null
}

export interface Responders {
  slots: SlotRecord[]
  parts: PartFacts[]
}

export const NO_ONE: Responders = { slots: [], parts: [] }

/** One round trip for a page of orders: each order's slots and parts as JSON arrays. */
const respondersOfOrders = preparedSql<{ orderId: number; slots: Omit<SlotRecord, 'unitId'>[]; parts: PartFacts[] }>(
  'responders_of_orders',
  sql`select o.id as "orderId",
        coalesce((select json_agg(json_build_object('id', s.id, 'kind', s.kind, 'headcount', s.headcount, 'teamId', s.team_id,
                    'workUnitId', s.work_unit_id, 'skill', s.skill, 'open', s.closed_at is null) order by s.id)
                  from ${orderSlots} s where s.order_id = o.id), '[]') as slots,
        coalesce((select json_agg(json_build_object('slotId', a.slot_id, 'userId', a.user_id, 'status', a.status) order by a.id)
                  from ${orderAssignments} a where a.order_id = o.id), '[]') as parts
      from unnest(${sql.placeholder('ids')}::int[]) as o(id)`,
)

/** Each order's responders, by order id (orders without any map to `NO_ONE`). */
export async function loadResponders(db: Db, orderIds: readonly number[]): Promise<Map<number, Responders>> {
  if (orderIds.length === 0) return new Map()
  const rows = await respondersOfOrders(db, { ids: [...orderIds] })
  return new Map(
    rows.map((row) => [row.orderId, { slots: row.slots.map((s) => ({ ...s, unitId: s.teamId ?? s.workUnitId })), parts: row.parts }]),
  )
}

type Tx = Parameters<Parameters<Db['transaction']>[0]>[0]

const UNIT_COLUMN: Partial<Record<SlotKind, 'teamId' | 'workUnitId'>> = { team: 'teamId', department: 'workUnitId' }

async function openSlot(tx: Tx, orderId: number, spec: SlotSpec, now: Date): Promise<void> {
  const unit = UNIT_COLUMN[spec.kind]
  const [slot] = await tx
    .insert(orderSlots)
    .values({ orderId, kind: spec.kind, headcount: spec.headcount, skill: spec.skill ?? null, ...(unit && { [unit]: spec.unitId }), openedAt: now })
    .returning({ id: orderSlots.id })
  if (spec.inviteeId) {
    await tx.insert(orderAssignments).values({ orderId, slotId: slot.id, userId: spec.inviteeId, status: 'invited', createdAt: now, updatedAt: now })
  }
}

/**
 * Writes what a transition does to slots and parts, inside its transaction: the part first (a
 * release leaves before the others are withdrawn), then closing, then opening.
 */
export async function writeResponderChanges(tx: Tx, orderId: number, patch: OrderPatch, now: Date): Promise<void> {
  const part = patch.part
  const from = part?.from
  if (part && from === null) {
    await tx.insert(orderAssignments).values({ orderId, slotId: part.slotId, userId: part.userId, status: part.to, createdAt: now, updatedAt: now })
  } else if (part && from && from !== part.to) {
    await tx
      .update(orderAssignments)
      .set({ status: part.to, updatedAt: now })
      .where(and(eq(orderAssignments.slotId, part.slotId), eq(orderAssignments.userId, part.userId), eq(orderAssignments.status, from)))
  }
  if (patch.closeSlots) {
    await tx.update(orderSlots).set({ closedAt: now }).where(and(eq(orderSlots.orderId, orderId), isNull(orderSlots.closedAt)))
    const unfinished = LIVE_PART_STATUSES.filter((s) => s !== 'done')
    await tx
      .update(orderAssignments)
      .set({ status: 'withdrawn', updatedAt: now })
      .where(and(eq(orderAssignments.orderId, orderId), inArray(orderAssignments.status, unfinished)))
  }
  for (const spec of patch.openSlots ?? []) await openSlot(tx, orderId, spec, now)
}
