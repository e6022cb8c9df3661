/**
 * The contract of live updates (`GET /api/live`, a WebSocket). Frames say only *that* something
 * changed, never what: the client asks the ordinary routes again, so every read still passes
 * their guards. Same rules as `api.ts`.
 */
import { Type, type Static } from '@sinclair/typebox'

export const LIVE_PATH = '/api/live'

/** The client's first frame: the session's bearer token (a browser WebSocket cannot send headers). */
export const LiveHello = Type.Object({ type: Type.Literal('hello'), token: Type.String({ minLength: 20, maxLength: 100 }) }, { additionalProperties: false })
export type LiveHelloDto = Static<typeof LiveHello>

export const LiveFrame = Type.Union([
  /** The session is valid: changes follow from now on. */
  Type.Object({ type: Type.Literal('ready') }),
  /** Orders this identity may see changed; `ids: null` means any may have (ask everything again). */
  Type.Object({ type: Type.Literal('orders'), ids: Type.Union([Type.Array(Type.Integer()), Type.Null()]) }),
  /** New messages for this person: the unread count changed. */
  Type.Object({ type: Type.Literal('messages') }),
  /**
   * Sent just before closing with `LIVE_CLOSE.unauthenticated`: some clients (Taro's H5 socket)
   * never learn the close code, and must not reconnect with the same token.
   */
  Type.Object({ type: Type.Literal('signed_out') }),
])
export type LiveFrameDto = Static<typeof LiveFrame>

/** Close codes (4000–4999 are the application's): the client does not reconnect after these. */
export const LIVE_CLOSE = {
  /** No valid hello in time, or the session ended: sign in again. */
  unauthenticated: 4401,
} as const
