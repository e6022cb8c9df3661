import { and, asc, eq, lte } from 'drizzle-orm'
import type { Db } from '../db/client'
import { wechatPushes } from '../db/schema'
import { WechatError, type WechatClient } from '../wechat/client'
import type { JobRunner } from './runner'

/** Tries before a push is given up: WeChat busy for longer than ~10 minutes in all is not a blip. */
export const MAX_PUSH_ATTEMPTS = 6
const FIRST_RETRY_MS = 10_000

export interface PushRun {
  sent: number
  retried: number
  failed: number
}

/**
 * Sends the subscribe messages that are due, `batch` at a time. Each is taken `for update skip
 * locked` and settled in the same transaction, so processes sending at once never send one twice;
 * a WeChat refusal no retry can change fails it, anything else retries after 10 s, 20 s, 40 s …
 * (A process dying between WeChat's answer and the commit would send that one again: WeChat has
 * no idempotency key to prevent it.)
 */
export async function pushMessages(db: Db, wechat: WechatClient, now: Date, batch = 20): Promise<PushRun> {
  return db.transaction(async (tx) => {
    const due = await tx
      .select()
      .from(wechatPushes)
      .where(and(eq(wechatPushes.status, 'pending'), lte(wechatPushes.nextAt, now)))
      .orderBy(asc(wechatPushes.nextAt), asc(wechatPushes.id))
      .limit(batch)
      .for('update', { skipLocked: true })
    const run: PushRun = { sent: 0, retried: 0, failed: 0 }
    for (const push of due) {
      try {
        await wechat.sendSubscribeMessage({ openid: push.openid, templateId: push.templateId, page: push.page, data: push.data })
        await tx.update(wechatPushes).set({ status: 'sent', sentAt: now, attempts: push.attempts + 1, lastError: null }).where(eq(wechatPushes.id, push.id))
        run.sent++
      } catch (error) {
        const attempts = push.attempts + 1
        const final = (error instanceof WechatError && error.isFinal) || attempts >= MAX_PUSH_ATTEMPTS
        await tx
          .update(wechatPushes)
          .set({
            attempts,
            lastError: String(error instanceof Error ? error.message : error).slice(0, 200),
            ...(final ? { status: 'failed' as const } : { nextAt: new Date(now.getTime() + FIRST_RETRY_MS * 2 ** (attempts - 1)) }),
          })
          .where(eq(wechatPushes.id, push.id))
        if (final) run.failed++
        else run.retried++
      }
    }
    return run
  })
}

/** `pushMessages` every few seconds, after the deliveries that queue them. */
export function schedulePushes(runner: JobRunner, db: Db, wechat: WechatClient, now: () => Date, log: (message: string) => void, intervalMs = 5000): void {
  runner.every('push-messages', intervalMs, async () => {
    const { failed } = await pushMessages(db, wechat, now())
    if (failed > 0) log(`${failed} subscribe message(s) could not be sent`)
  })
}

