import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from '@sinclair/typebox'
import { sql } from 'drizzle-orm'
import { ApiError as ApiErrorBody } from '../../types/api'
import { ApiError } from '../errors'

/** A pool that cannot connect waits forever by default; a probe must answer within its own timeout. */
const READY_TIMEOUT_MS = 2000

/**
 * Probes for the orchestrator, outside `/api` and without auth. `/healthz`: the process
 * answers (restart it if not). `/readyz`: the database answers too (send it traffic only then).
 * Probes come every few seconds: they log only warnings.
 */
const healthRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/healthz',
    {
      logLevel: 'warn',
      schema: { tags: ['health'], summary: '存活检查', response: { 200: Type.Object({ status: Type.Literal('ok') }) } },
    },
    async () => ({ status: 'ok' as const }),
  )

  app.get(
    '/readyz',
    {
      logLevel: 'warn',
      schema: {
        tags: ['health'],
        summary: '就绪检查（数据库可用）',
        response: { 200: Type.Object({ status: Type.Literal('ready') }), 503: ApiErrorBody },
      },
    },
    async (request) => {
      let timer: NodeJS.Timeout | undefined
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${READY_TIMEOUT_MS} ms`)), READY_TIMEOUT_MS)
      })
      try {
        await Promise.race([app.db.execute(sql`select 1`), timeout])
      } catch (error) {
        request.log.warn({ err: error }, 'readiness: database unavailable')
        throw new ApiError(503, 'unavailable', '数据库不可用')
      } finally {
        clearTimeout(timer)
      }
      return { status: 'ready' as const }
    },
  )
}

export default healthRoutes
