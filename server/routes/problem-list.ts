import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { periodLabel, periodRange } from '../../src/domain/problem-list'
import { forbidden } from '../errors'
import { requireUser, userOf } from '../plugins/auth'
import { cursorDate, cursorId, cursorParts, encodeCursor } from './cursors'
import { problemPage, problemSummary, type ProblemCursor } from '../repositories/problem-list'
import { errors } from '../../types/api'
import { ProblemListQuery, ProblemPage } from '../../types/problem-list'

/** Opaque to clients: `at|id` of the last item shown. */
const encodeProblemCursor = (c: ProblemCursor) => encodeCursor(c.at.toISOString(), c.id)

function decodeProblemCursor(raw: string): ProblemCursor {
  const [at, id] = cursorParts(raw, 2)
  return { at: cursorDate(at), id: cursorId(id) }
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
      const { items, next } = await problemPage(app.db, { ...scope, state, cursor: cursor ? decodeProblemCursor(cursor) : undefined, limit })
      return {
        period: { period, offset, label: periodLabel(period, offset), firstDay: range.firstDay, lastDay: range.lastDay },
        // The counts head the list: later pages leave them to the first.
        summary: cursor ? null : await problemSummary(app.db, scope),
        items,
        nextCursor: next ? encodeProblemCursor(next) : null,
      }
    },
  )
}

export default problemListRoutes
