import WebSocket from 'ws'
import type { LiveFrameDto } from '../../types/live'
import { LIVE_PATH } from '../../types/live'

/** A live-updates client as a test sees it: every frame kept, waits for the one it expects. */
export interface LiveClient {
  frames: LiveFrameDto[]
  /**
   * Resolves with the first frame that `matches`, among those received from index `from` on
   * (take `frames.length` before an action to wait for what the action causes).
   */
  next(matches: (frame: LiveFrameDto) => boolean, options?: { from?: number; timeoutMs?: number }): Promise<LiveFrameDto>
  closed: Promise<{ code: number; reason: string }>
  close(): void
}

/** Connects to `baseUrl` (http://host:port), says hello with `token` unless it is null. */
export function openLive(baseUrl: string, token: string | null): LiveClient {
  const socket = new WebSocket(baseUrl.replace(/^http/, 'ws') + LIVE_PATH)
  const frames: LiveFrameDto[] = []
  const waiters = new Set<() => void>()
  // A refused or dropped connection shows in `closed`; an 'error' event alone would be unhandled.
  socket.on('error', () => undefined)
  socket.on('open', () => token !== null && socket.send(JSON.stringify({ type: 'hello', token })))
  socket.on('message', (data) => {
    frames.push(JSON.parse(String(data)) as LiveFrameDto)
    waiters.forEach((wake) => wake())
  })
  const closed = new Promise<{ code: number; reason: string }>((resolve) => socket.on('close', (code, reason) => resolve({ code, reason: String(reason) })))
  return {
    frames,
    closed,
    close: () => socket.close(),
    next(matches, { from = 0, timeoutMs = 5000 } = {}) {
      return new Promise((resolve, reject) => {
        let seen = from
        const check = () => {
          for (; seen < frames.length; seen++) {
            if (matches(frames[seen])) {
              waiters.delete(check)
              clearTimeout(timer)
              return resolve(frames[seen])
            }
          }
        }
        const timer = setTimeout(() => {
          waiters.delete(check)
          reject(new Error(`no matching live frame within ${timeoutMs} ms; got ${JSON.stringify(frames)}`))
        }, timeoutMs)
        waiters.add(check)
        check()
      })
    },
  }
}

export const isReady = (frame: LiveFrameDto) => frame.type === 'ready'
export const aboutOrder = (id: number) => (frame: LiveFrameDto) => frame.type === 'orders' && (frame.ids === null || frame.ids.includes(id))
