import type { FastifyInstance, FastifyPluginAsync } from 'fastify'
import { Value } from '@sinclair/typebox/value'
import type { WebSocket } from 'ws'
import { LIVE_CLOSE, LIVE_PATH, LiveHello, type LiveFrameDto } from '../../types/live'
import { ApiError } from '../errors'
import { hashToken } from '../plugins/auth'
import { findPrincipalBySession } from '../repositories/users'

/** A client that does not say who it is within this is closed. */
const HELLO_TIMEOUT_MS = 10_000
/** A socket that answers no ping within this is dead (a phone that lost its network says nothing). */
const PING_MS = 30_000

/**
 * `GET /api/live`: a WebSocket that tells a signed-in identity when orders it may see or its
 * messages change (types/live.ts). Hidden from the OpenAPI document: it is not a JSON route.
 */
const liveRoutes: FastifyPluginAsync = async (app) => {
  app.route({
    method: 'GET',
    url: LIVE_PATH,
    schema: { hide: true },
    // A plain request (no Upgrade header) is told what this is, in the API's error shape.
    handler: async () => {
      throw new ApiError(426, 'upgrade_required', '这是实时更新的 WebSocket 地址，请以 WebSocket 连接')
    },
    wsHandler: (socket: WebSocket) => serveSocket(app, socket),
  })
}

/** One client's socket: its hello, its pings, and its place in the hub once signed in. */
function serveSocket(app: FastifyInstance, socket: WebSocket) {
  let remove: (() => void) | null = null
  let alive = true
  const send = (frame: LiveFrameDto) => socket.readyState === socket.OPEN && socket.send(JSON.stringify(frame))
  const signOut = (reason: string) => {
    send({ type: 'signed_out' })
    socket.close(LIVE_CLOSE.unauthenticated, reason)
  }
  const helloTimer = setTimeout(() => signOut('hello expected'), HELLO_TIMEOUT_MS)
  const pingTimer = setInterval(() => {
    if (!alive) return socket.terminate()
    alive = false
    socket.ping()
  }, PING_MS)
  socket.on('pong', () => (alive = true))
  socket.on('close', () => {
    clearTimeout(helloTimer)
    clearInterval(pingTimer)
    remove?.()
  })
  socket.once('message', (data) => {
    clearTimeout(helloTimer)
    void signIn(String(data)).catch((error: unknown) => {
      app.log.warn(`live: sign-in failed: ${String(error)}`)
      socket.close(1011, 'try again')
    })
  })

  const signIn = async (text: string) => {
    const hello: unknown = parseJson(text)
    if (!Value.Check(LiveHello, hello)) return signOut('hello expected')
    const sessionHash = hashToken(hello.token)
    const principal = await findPrincipalBySession(app.db, sessionHash, app.now())
    if (!principal?.acting) return signOut('not signed in')
    if (socket.readyState !== socket.OPEN) return
    remove = app.live.add({ send, signOut }, sessionHash, principal.acting)
    send({ type: 'ready' })
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    return null
  }
}

export default liveRoutes
