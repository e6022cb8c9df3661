import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { periodLabel, periodRange } from '../../src/domain/problem-list'
import { forbidden, invalidInput } from '../errors'
import { requireUser, userOf } from '../plugins/auth'
import { problemPage, problemSummary, type ProblemCursor } from '../repositories/problem-list'
import { errors, MAX_ID } from '../../types/api'
import { ProblemListQuery, ProblemPage } from '../../types/problem-list'

/** Opaque to clients: `at|id` of the last item shown. */
const encodeCursor = (c: ProblemCursor) => Buffer.from(`${c.at.toISOString()}|${c.id}`).toString('base64url')

function decodeCursor(raw: string): ProblemCursor {
  const [at, id, ...rest] = Buffer.from(raw, 'base64url').toString('utf8').split('|')
  const when = new Date(at ?? '')
  // Bounded like the columns they are compared with, so a forged cursor fails here, not in SQL.
  const valid =
    rest.length === 0 &&
    /^\d{4}-\d{2}-\d{2}T/.test(at ?? '') &&
    !Number.isNaN(when.getTime()) &&
    when.getUTCFullYear() >= 1970 &&
    when.getUTCFullYear() <= 9999 &&
    /^\d{1,10}$/.test(id ?? '') &&
    Number(id) <= MAX_ID
  if (!valid) throw invalidInput('参数 cursor 不合法：请从第一页重新加载')
  return { at: when, id: Number(id) }
}

const problemListRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.addHook('preValidation', requireUser)

  app.get(
    '/problem-list',
    {
      schema: {
        tags: ['problem-list'],
        summary: '问题清单：本周、本月或本季度辖区内新提出的和仍未办结的问题，各自的决定（一事一议）与销号情况',
        querystring: ProblemListQuery,
        response: { 200: ProblemPage, ...errors(400, 401, 403) },
      },
    },
    async (request) => {
      const user = userOf(request)
      if (user.role !== 'committee') throw forbidden('问题清单由社区党委查看和管理')
      const { period = 'week', offset = 0, state, cursor, limit = 20 } = request.query
      const range = periodRange(period, app.now(), offset)
      const scope = { pathPrefix: user.orgPath, range }
      const { items, next } = await problemPage(app.db, { ...scope, state, cursor: cursor ? decodeCursor(cursor) : undefined, limit })
      return {
        period: { period, offset, label: periodLabel(period, offset), firstDay: range.firstDay, lastDay: range.lastDay },
        // The counts head the list: later pages leave them to the first.
        summary: cursor ? null : await problemSummary(app.db, scope),
        items,
        nextCursor: next ? encodeCursor(next) : null,
      }
    },
  )
}

export default problemListRoutes
