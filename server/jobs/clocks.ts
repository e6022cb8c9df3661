import { clockSummaryOf, escalationsOf, remindersOf, targetsFor } from '../../src/domain'
import type { Db } from '../db/client'
import { loadResponders, NO_ONE } from '../repositories/assignments'
import { clockOverridesFor, refreshClockTargets } from '../repositories/clock-targets'
import { appendEscalation, appendReminders, writeClockReadings, type ClockReadingRow } from '../repositories/order-writes'
import { loadTimelines, ordersDueForClocks } from '../repositories/orders'
import type { JobRunner } from './runner'

export interface ClockRun {
  /** Orders whose clocks were read: those due a reading (`orders.clock_check_at`), not every open one. */
  read: number
  /** Escalation steps written (events on timelines, with their messages). */
  escalated: number
  /** Reminders written: 即将超时 warnings and orders left in the hall too long. */
  reminded: number
}

/**
 * Reads the clocks of the orders due a reading (the domain's `escalationsOf`, `remindersOf`):
 * escalates what is overdue, one level up the org tree per half target late; warns whoever holds
 * what is due soon; flags what has waited in the hall too long. Each occasion is written once,
 * whatever the number of processes running this (unique indexes decide). Targets are each
 * community's own where it set them, else the defaults.
 *
 * Then, for the lists' 超时 / 即将超时 filters and the next run, it writes back what it read
 * (`clockSummaryOf`): the alert, when the pressing clock is due, and when to read the order again
 * — the first instant anything can change — in one statement. Nothing is missed in between: every
 * transition sets the order to be read at its next run, as does a change of a community's targets,
 * and an order changed while it was being read keeps that mark (the write checks its version).
 */
export async function watchClocks(db: Db, now: Date): Promise<ClockRun> {
  const due = await ordersDueForClocks(db, now)
  const run: ClockRun = { read: due.length, escalated: 0, reminded: 0 }
  if (due.length === 0) return run
  const ids = due.map((o) => o.id)
  await refreshClockTargets(db)
  const timelines = await loadTimelines(db, ids)
  const responders = await loadResponders(db, ids)
  const readings: ClockReadingRow[] = []
  for (const order of due) {
    const timeline = timelines.get(order.id)
    // Every order is stored with its submission; without one there is no clock to read, ever.
    if (!timeline) {
      readings.push({ id: order.id, version: order.version, alert: null, dueAt: null, checkAt: null })
      continue
    }
    const targets = targetsFor(clockOverridesFor(db, order.orgPath), order.categoryCode, order.urgency)
    for (const { entry, notice } of escalationsOf(timeline, order.orgPath, targets, now)) {
      if (await appendEscalation(db, order.id, order.status, entry, notice ? [notice] : [])) run.escalated++
    }
    run.reminded += await appendReminders(db, order.id, remindersOf(order.id, { orgPath: order.orgPath, ...(responders.get(order.id) ?? NO_ONE) }, timeline, targets, now), now)
    // Read before this run's escalations were appended: they fall due at or before `now`, so the
    // next instant is the same with or without them (the domain's property).
    const summary = clockSummaryOf(timeline, targets, now)
    readings.push({ id: order.id, version: order.version, alert: summary.alert, dueAt: summary.dueAt, checkAt: summary.nextCheckAt })
  }
  await writeClockReadings(db, readings)
  return run
}

/** `watchClocks` every minute, on `runner`: the emergency ladder's steps are 15 minutes apart. */
export function scheduleClocks(runner: JobRunner, db: Db, now: () => Date, log: (message: string) => void, intervalMs = 60_000): void {
  runner.every('clocks', intervalMs, async () => {
    const { escalated, reminded } = await watchClocks(db, now())
    if (escalated + reminded > 0) log(`clocks: ${escalated} escalation step(s), ${reminded} reminder(s)`)
  })
}
