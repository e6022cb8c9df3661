import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { canDecide, canEnd, maskName, maskPhone, type Actor } from '../../src/domain'
import type { Db } from '../db/client'
import { ApiError, forbidden, notFound } from '../errors'
import { requireUser, userOf } from '../plugins/auth'
import { cursorId } from './cursors'
import { changeStatus, countPendingFor, findMembershipFacts, listMembers, listPendingFor, type MemberRecord } from '../repositories/memberships'
import { actAsWhereUnset } from '../repositories/users'
import { errors, IdParams } from '../../types/api'
import { Decision, EndMembership, MemberPage, MembershipOutcome, MembersQuery, PendingPage, PendingQuery, type MemberDto } from '../../types/people'

/** Phones are always masked here; names only for those outside the committee's work (a resident approving a proxy sees them whole). */
const memberDto = (m: MemberRecord, viewer: Actor): MemberDto => ({
  membershipId: m.membershipId,
  userId: m.userId,
  name: viewer.role === 'street_admin' ? maskName(m.name) : m.name,
  phone: maskPhone(m.phone),
  role: m.role,
  status: m.status,
  orgName: m.orgName,
  teamName: m.teamName,
  workUnitName: m.workUnitName,
  orgId: m.orgId,
  householdId: m.householdId,
  householdAddress: m.householdAddress,
  note: m.note,
  createdAt: m.createdAt,
})

const NOT_VISIBLE = '成员不存在或无权查看'
const changedMeanwhile = () => new ApiError(409, 'conflict', '这条申请刚被其他人处理，请刷新后查看')

/** The membership when `allowed` says this actor may act on it; 404 otherwise, so others' memberships do not leak. */
async function actionable(db: Db, id: number, actor: Actor, allowed: typeof canDecide) {
  const facts = await findMembershipFacts(db, id)
  if (!facts) throw notFound(NOT_VISIBLE)
  if (!allowed(facts, actor)) {
    // Someone who could have decided it while pending learns that it has been decided.
    if (facts.status !== 'pending' && canDecide({ ...facts, status: 'pending' }, actor)) throw changedMeanwhile()
    throw notFound(NOT_VISIBLE)
  }
  return facts
}

const membershipRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.addHook('preValidation', requireUser)

  app.get(
    '/memberships/pending',
    {
      schema: {
        tags: ['people'],
        summary: '待我审核的申请（党委：辖区内；居民：家人代理；志愿服务队队长：入队），先到先审，分页',
        querystring: PendingQuery,
        response: { 200: PendingPage, ...errors(400, 401, 403) },
      },
    },
    async (request) => {
      const user = userOf(request)
      const { cursor, limit = 20 } = request.query
      const after = cursor === undefined ? undefined : cursorId(cursor)
      const [rows, total] = await Promise.all([listPendingFor(app.db, user, { after, limit: limit + 1 }), countPendingFor(app.db, user)])
      const shown = rows.slice(0, limit)
      return {
        items: shown.map((m) => memberDto(m, user)),
        nextCursor: rows.length > limit ? String(shown[shown.length - 1].membershipId) : null,
        total,
      }
    },
  )

  app.post(
    '/memberships/:id/decision',
    {
      schema: {
        tags: ['people'],
        summary: '审核申请：通过或不通过（与审核记录一同写入）',
        params: IdParams,
        body: Decision,
        response: { 200: MembershipOutcome, ...errors(400, 401, 403, 404, 409) },
      },
    },
    async (request) => {
      const user = userOf(request)
      const { approve, note } = request.body
      const facts = await actionable(app.db, request.params.id, user, canDecide)
      const status = await changeStatus(app.db, request.params.id, 'pending', approve ? 'active' : 'ended', {
        event: approve ? 'approved' : 'rejected',
        actor: user,
        note: note?.trim() || null,
        at: app.now(),
      })
      if (!status) throw changedMeanwhile()
      // Someone whose only request this was can act at once, without signing in again.
      if (status === 'active') await actAsWhereUnset(app.db, facts.userId, request.params.id)
      return { membershipId: request.params.id, status }
    },
  )

  app.post(
    '/memberships/:id/end',
    {
      schema: {
        tags: ['people'],
        summary: '结束一个身份（本人退出，或党委移出）',
        params: IdParams,
        body: EndMembership,
        response: { 200: MembershipOutcome, ...errors(400, 401, 403, 404, 409) },
      },
    },
    async (request) => {
      const user = userOf(request)
      const facts = await actionable(app.db, request.params.id, user, canEnd)
      const status = await changeStatus(app.db, request.params.id, facts.status, 'ended', {
        event: 'ended',
        actor: user,
        note: request.body.note?.trim() || null,
        at: app.now(),
      })
      if (!status) throw changedMeanwhile()
      return { membershipId: request.params.id, status }
    },
  )

  app.get(
    '/members',
    {
      schema: {
        tags: ['people'],
        summary: '成员名录（党委：辖区内；街道管理员：全街道，只读）',
        querystring: MembersQuery,
        response: { 200: MemberPage, ...errors(400, 401, 403) },
      },
    },
    async (request) => {
      const user = userOf(request)
      if (user.role !== 'committee' && user.role !== 'street_admin') throw forbidden('只有社区党委和街道管理员可以查看成员名录')
      const { status, role, cursor, limit = 20 } = request.query
      const before = cursor === undefined ? undefined : cursorId(cursor)
      const rows = await listMembers(app.db, user.orgPath, { status, role, before, limit: limit + 1 })
      const shown = rows.slice(0, limit)
      return {
        items: shown.map((m) => memberDto(m, user)),
        nextCursor: rows.length > limit ? String(shown[shown.length - 1].membershipId) : null,
      }
    },
  )
}

export default membershipRoutes
