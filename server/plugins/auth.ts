import { createHash, randomBytes } from 'node:crypto'
import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { Db } from '../db/client'
import { ApiError, unauthenticated } from '../errors'
import { createSession, defaultMembershipOf, findPrincipalBySession, type Person, type UserRecord } from '../repositories/users'

export const SESSION_TTL_MS = 30 * 24 * 3600_000

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by the auth hook from `Authorization: Bearer <token>`; null when absent or invalid. */
    person: Person | null
    /** The membership the session acts as; null before sign-up or when it has ended. */
    user: UserRecord | null
    /** sha256 of the bearer token, to change what the session acts as. */
    sessionHash: string | null
  }
}

export const hashToken = (token: string) => createHash('sha256').update(token).digest('hex')

/**
 * A new random bearer token; only its hash is stored. The session acts as `membershipId`, or
 * by default as the person's first active membership (none before sign-up).
 */
export async function issueSession(db: Db, userId: number, now: Date, membershipId?: number): Promise<string> {
  const token = randomBytes(32).toString('base64url')
  const acting = membershipId ?? (await defaultMembershipOf(db, userId))
  await createSession(db, userId, acting, hashToken(token), now, SESSION_TTL_MS)
  return token
}

export function registerAuth(app: FastifyInstance): void {
  app.decorateRequest('person', null)
  app.decorateRequest('user', null)
  app.decorateRequest('sessionHash', null)
  app.addHook('onRequest', async (request) => {
    const header = request.headers.authorization
    const match = header?.match(/^Bearer\s+([A-Za-z0-9_-]{20,100})$/)
    if (!match) return
    const hash = hashToken(match[1])
    const principal = await findPrincipalBySession(app.db, hash, app.now())
    if (!principal) return
    request.sessionHash = hash
    request.person = principal.person
    request.user = principal.acting
  })
}

/** preHandler for routes open to anyone signed in, registered or not (sign-up itself). */
export async function requirePerson(request: FastifyRequest): Promise<void> {
  if (!request.person) {
    throw unauthenticated(request.headers.authorization ? '登录已过期，请重新登录' : '请先登录')
  }
}

/** preHandler for routes that act in a role: signed in and acting as an active membership. */
export async function requireUser(request: FastifyRequest): Promise<void> {
  await requirePerson(request)
  if (!request.user) throw new ApiError(403, 'not_registered', '请先完成登记，或在“我的”里选择一个身份')
}

/** For handlers behind `requireUser`: the acting identity, typed as present. */
export function userOf(request: FastifyRequest): UserRecord {
  if (!request.user) throw unauthenticated()
  return request.user
}

/** For handlers behind `requirePerson`. */
export function personOf(request: FastifyRequest): Person {
  if (!request.person) throw unauthenticated()
  return request.person
}
