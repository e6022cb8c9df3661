import { createHash, randomBytes } from 'node:crypto'
import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { Db } from '../db/client'
import { unauthenticated } from '../errors'
import { createSession, findUserBySession, type UserRecord } from '../repositories/users'

export const SESSION_TTL_MS = 30 * 24 * 3600_000

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by the auth hook from `Authorization: Bearer <token>`; null when absent or invalid. */
    user: UserRecord | null
  }
}

const hashToken = (token: string) => createHash('sha256').update(token).digest('hex')

/** A new random bearer token; only its hash is stored. */
export async function issueSession(db: Db, userId: number, now: Date): Promise<string> {
  const token = randomBytes(32).toString('base64url')
  await createSession(db, userId, hashToken(token), now, SESSION_TTL_MS)
  return token
}

export function registerAuth(app: FastifyInstance): void {
  app.decorateRequest('user', null)
  app.addHook('onRequest', async (request) => {
    const header = request.headers.authorization
    const match = header?.match(/^Bearer\s+([A-Za-z0-9_-]{20,100})$/)
    if (match) request.user = await findUserBySession(app.db, hashToken(match[1]), app.now())
  })
}

/** preHandler for routes that need a signed-in user. */
export async function requireUser(request: FastifyRequest): Promise<void> {
  if (!request.user) {
    throw unauthenticated(request.headers.authorization ? '登录已过期，请重新登录' : '请先登录')
  }
}

/** For handlers behind `requireUser`: the user, typed as present. */
export function userOf(request: FastifyRequest): UserRecord {
  if (!request.user) throw unauthenticated()
  return request.user
}
