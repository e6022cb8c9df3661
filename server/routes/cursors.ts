import { invalidInput } from '../errors'
import { MAX_ID } from '../../types/api'

// Cursors come back from clients, so each part is bounded like the column it is compared with:
// an id past `integer`, or a date PostgreSQL cannot hold (year 0000), fails here, not in SQL.

export const badCursor = () => invalidInput('参数 cursor 不合法：请从第一页重新加载')

/** An id cursor: digits within the `integer` range. */
export function cursorId(text: string | undefined): number {
  if (!/^\d{1,10}$/.test(text ?? '') || Number(text) > MAX_ID) throw badCursor()
  return Number(text)
}

/** An ISO instant PostgreSQL can store and compare. */
export function cursorDate(text: string | undefined): Date {
  const when = new Date(text ?? '')
  const valid =
    /^\d{4}-\d{2}-\d{2}T/.test(text ?? '') &&
    !Number.isNaN(when.getTime()) &&
    when.getUTCFullYear() >= 1970 &&
    when.getUTCFullYear() <= 9999
  if (!valid) throw badCursor()
  return when
}

/** The parts of an opaque cursor (base64url of `a|b|…`); refused unless there are `counts` of them. */
export function cursorParts(raw: string, ...counts: number[]): string[] {
  const parts = Buffer.from(raw, 'base64url').toString('utf8').split('|')
  if (!counts.includes(parts.length)) throw badCursor()
  return parts
}

export const encodeCursor = (...parts: (string | number)[]) => Buffer.from(parts.join('|')).toString('base64url')

