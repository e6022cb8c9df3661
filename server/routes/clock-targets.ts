import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { ANY_SERVICE, DEFAULT_CLOCK_TARGETS, URGENCIES, clockTargetsProblem, orgIdOf } from '../../src/domain'
import { forbidden, invalidInput } from '../errors'
import { requireUser, userOf } from '../plugins/auth'
import { findServiceFor } from '../repositories/catalogue'
import { listClockTargets, removeClockTarget, setClockTarget } from '../repositories/clock-targets'
import { errors } from '../../types/api'
import { ClockTarget, ClockTargetKey, ClockTargetPage, type ClockTargetPageDto } from '../../types/clock-targets'
import type { Db } from '../db/client'
import { administered } from './community-scope'

const WHAT = '服务时限'

async function pageOf(db: Db, communityId: number): Promise<ClockTargetPageDto> {
  return {
    defaults: URGENCIES.map((urgency) => ({ urgency, ...DEFAULT_CLOCK_TARGETS[urgency] })),
    overrides: await listClockTargets(db, communityId),
  }
}

/** A community's time limits (时限): read by its committees, set by its community-level committee. */
const clockTargetRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.addHook('preValidation', requireUser)

  app.get(
    '/community/clock-targets',
    { schema: { tags: ['community'], summary: '本社区的服务时限（受理、办结），未设置的用默认值', response: { 200: ClockTargetPage, ...errors(401, 403) } } },
    async (request) => {
      const user = userOf(request)
      // Per community: its committees (a compound's branch too) read them.
      if (user.role !== 'committee' || !user.communityPath) throw forbidden(`只有社区党委可以查看${WHAT}`)
      return pageOf(app.db, orgIdOf(user.communityPath)!)
    },
  )

  app.put(
    '/community/clock-targets',
    {
      schema: { tags: ['community'], summary: '设置某项服务（或全部服务 *）在某一紧急程度下的时限', body: ClockTarget, response: { 200: ClockTargetPage, ...errors(400, 401, 403) } },
    },
    async (request) => {
      const user = userOf(request)
      const community = administered(user, WHAT)
      const target = request.body
      const problem = clockTargetsProblem(target)
      if (problem) throw invalidInput(problem)
      if (target.categoryCode !== ANY_SERVICE && !(await findServiceFor(app.db, target.categoryCode, community.path))) {
        throw invalidInput(`参数 categoryCode 不合法：本社区的服务目录里没有这项服务（全部服务请用 ${ANY_SERVICE}）`)
      }
      await setClockTarget(app.db, community.id, target, user.id, app.now())
      return pageOf(app.db, community.id)
    },
  )

  app.delete(
    '/community/clock-targets',
    { schema: { tags: ['community'], summary: '恢复默认时限', body: ClockTargetKey, response: { 200: ClockTargetPage, ...errors(400, 401, 403) } } },
    async (request) => {
      const community = administered(userOf(request), WHAT)
      await removeClockTarget(app.db, community.id, request.body.categoryCode, request.body.urgency, app.now())
      return pageOf(app.db, community.id)
    },
  )
}

export default clockTargetRoutes
