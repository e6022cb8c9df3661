import { inArray } from 'drizzle-orm'
import type { OrderFacts } from '../../src/domain'
import type { LiveFrameDto } from '../../types/live'
import type { Db } from '../db/client'
import { orders } from '../db/schema'
import { canView } from '../policies'
import { loadResponders, NO_ONE } from '../repositories/assignments'
import { findPrincipalBySession, type UserRecord } from '../repositories/users'
import type { Channel } from '../repositories/changes'

/** What the hub needs of a socket: send a frame; end it because its session no longer holds. */
export interface LiveSocket {
  send(frame: LiveFrameDto): void
  signOut(reason: string): void
}

interface Listener {
  socket: LiveSocket
  sessionHash: string
  actor: UserRecord
  checkedAt: number
}

/** Notifications arriving within this window go out together: a meeting's decisions, a job's run. */
const BATCH_MS = 50
/** A session ended or switched elsewhere is noticed within this; a socket never outlives it for long. */
const RECHECK_MS = 30_000

/**
 * The server's live connections and what each may hear. A change reaches a socket only if its
 * identity may see the order (the same `canView` as GET /api/orders/:id), so a frame leaks no
 * more than the list would show. Every server process has its own hub; all of them hear every
 * change through the database's notifications.
 */
export class LiveHub {
  private listeners = new Set<Listener>()
  private pendingOrders: Set<number> | 'all' | null = null
  private pendingPeople: Set<number> | 'all' | null = null
  private timer: NodeJS.Timeout | null = null
  private flushing: Promise<void> = Promise.resolve()

  constructor(
    private readonly db: Db,
    private readonly now: () => Date,
    private readonly onError: (error: unknown) => void,
  ) {}

  get size(): number {
    return this.listeners.size
  }

  /** Registers a socket for an identity already checked; returns how to remove it. */
  add(socket: LiveSocket, sessionHash: string, actor: UserRecord): () => void {
    const listener: Listener = { socket, sessionHash, actor, checkedAt: this.now().getTime() }
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  /** A database notification: `ids` changed on `channel` (null: any may have). */
  notified(channel: Channel, ids: number[] | null): void {
    if (this.listeners.size === 0) return
    if (channel === 'sandan_orders') this.pendingOrders = merge(this.pendingOrders, ids)
    else this.pendingPeople = merge(this.pendingPeople, ids)
    this.timer ??= setTimeout(() => {
      this.timer = null
      this.flushing = this.flushing.then(() => this.flush()).catch(this.onError)
    }, BATCH_MS)
  }

  /** Forgets every socket and waits for a batch under way (shutdown: the server closes the sockets). */
  async close(): Promise<void> {
    if (this.timer) clearTimeout(this.timer)
    this.timer = null
    await this.flushing
    this.listeners.clear()
  }

  private async flush(): Promise<void> {
    const changedOrders = this.pendingOrders
    const changedPeople = this.pendingPeople
    this.pendingOrders = null
    this.pendingPeople = null
    const listeners = await this.stillSignedIn()
    if (changedOrders) await this.sendOrders(listeners, changedOrders)
    if (changedPeople) {
      for (const listener of listeners) {
        if (changedPeople === 'all' || changedPeople.has(listener.actor.id)) listener.socket.send({ type: 'messages' })
      }
    }
  }

  private async sendOrders(listeners: Listener[], changed: Set<number> | 'all'): Promise<void> {
    if (changed === 'all') return listeners.forEach((listener) => listener.socket.send({ type: 'orders', ids: null }))
    const facts = await factsOfOrders(this.db, [...changed])
    for (const listener of listeners) {
      const ids = [...facts].filter(([, order]) => canView(order, listener.actor)).map(([id]) => id)
      if (ids.length > 0) listener.socket.send({ type: 'orders', ids })
    }
  }

  /** The listeners whose session still acts as the same identity; the others are closed. */
  private async stillSignedIn(): Promise<Listener[]> {
    const now = this.now()
    const stale = [...this.listeners].filter((listener) => now.getTime() - listener.checkedAt >= RECHECK_MS)
    await Promise.all(
      stale.map(async (listener) => {
        const principal = await findPrincipalBySession(this.db, listener.sessionHash, now)
        if (!principal?.acting || principal.acting.membershipId !== listener.actor.membershipId) {
          this.listeners.delete(listener)
          // The client signs in again or, after a switch, reconnects as the new identity.
          listener.socket.signOut('session changed')
          return
        }
        listener.actor = principal.acting
        listener.checkedAt = now.getTime()
      }),
    )
    return [...this.listeners]
  }
}

function merge(pending: Set<number> | 'all' | null, ids: number[] | null): Set<number> | 'all' {
  if (ids === null || pending === 'all') return 'all'
  const merged = pending ?? new Set<number>()
  ids.forEach((id) => merged.add(id))
  return merged
}

/** What `canView` decides with, for many orders in two queries. */
async function factsOfOrders(db: Db, ids: number[]): Promise<Map<number, OrderFacts>> {
  const rows = await db
    .select({ id: orders.id, status: orders.status, householdId: orders.householdId, followerHouseholdIds: orders.followerHouseholdIds, orgPath: orders.orgPath })
    .from(orders)
    .where(inArray(orders.id, ids))
  const responders = await loadResponders(db, ids)
  return new Map(rows.map(({ id, ...row }) => [id, { ...row, ...(responders.get(id) ?? NO_ONE) }]))
}
