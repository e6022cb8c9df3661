import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { orgIdOf, speaksForHousehold } from '../../src/domain'
import { ApiError, forbidden, invalidInput, notFound } from '../errors'
import { requireUser, userOf } from '../plugins/auth'
import { agendaOf, attendeesOf, convenerName, findMeeting, insertMeeting, listMeetings, recordMeeting, type MeetingRow } from '../repositories/meetings'
import { summaryOf } from '../repositories/order-dto'
import type { UserRecord } from '../repositories/users'
import { actOnOrder, visibleOrder } from '../services/order-actions'
import { errors, IdParams } from '../../types/api'
import { CreateMeeting, Decide, DecisionOutcomes, Meeting, MeetingSummary, RecordMeeting, type MeetingDto } from '../../types/meetings'
import { Type } from '@sinclair/typebox'
import type { Db } from '../db/client'

const HIDDEN = '会议不存在或无权查看'

function committeeOnly(user: UserRecord): void {
  if (user.role !== 'committee') throw forbidden('只有社区党委可以召开和主持联席会议')
}

/** A meeting of the committee's subtree (a community committee also sees its compounds'), or 404. */
async function meetingInScope(db: Db, id: number, user: UserRecord): Promise<MeetingRow> {
  const meeting = await findMeeting(db, id)
  if (!meeting || !meeting.orgPath.startsWith(user.orgPath)) throw notFound(HIDDEN)
  return meeting
}

async function meetingDto(db: Db, meeting: MeetingRow, viewer: UserRecord): Promise<MeetingDto> {
  const agenda = await agendaOf(db, meeting.id)
  const ownOnly = speaksForHousehold(viewer.role)
  const shown = ownOnly ? agenda.filter((item) => item.householdId === viewer.householdId) : agenda
  return {
    id: meeting.id,
    kind: meeting.kind,
    title: meeting.title,
    heldAt: meeting.heldAt.toISOString(),
    place: meeting.place,
    agendaCount: agenda.length,
    decidedCount: agenda.filter((item) => item.decision !== null).length,
    convenedByName: await convenerName(db, meeting),
    minutes: meeting.minutes,
    minutesPublic: meeting.minutesPublic,
    attendees: ownOnly ? [] : (await attendeesOf(db, meeting.id)).map(({ id, name, side, present }) => ({ id, name, side, present })),
    agenda: shown.map((item) => ({
      orderId: item.orderId,
      categoryCode: item.categoryCode,
      categoryName: item.categoryName,
      summary: summaryOf(item.description),
      address: item.address,
      status: item.status,
      decision: item.decision && item.decidedAt ? { action: item.decision, note: item.note, at: item.decidedAt } : null,
    })),
  }
}

const meetingRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.addHook('preValidation', requireUser)

  app.post(
    '/meetings',
    { schema: { tags: ['meetings'], summary: '召开联席会议：议题（订单）、参会人员', body: CreateMeeting, response: { 201: Meeting, ...errors(400, 401, 403) } } },
    async (request, reply) => {
      const user = userOf(request)
      committeeOnly(user)
      const body = request.body
      const heldAt = new Date(body.heldAt)
      if (Number.isNaN(heldAt.getTime())) throw invalidInput('参数 heldAt 不合法：请填写会议时间')
      for (const orderId of body.agenda) {
        await visibleOrder(app.db, orderId, user).catch(() => {
          throw invalidInput(`参数 agenda 不合法：订单 ${orderId} 不存在或不在本辖区`)
        })
      }
      const id = await insertMeeting(app.db, {
        org: { id: orgIdOf(user.orgPath)!, path: user.orgPath },
        kind: body.kind,
        title: body.title.trim(),
        heldAt,
        place: body.place.trim(),
        agenda: body.agenda,
        attendees: body.attendees.map((a) => ({ name: a.name.trim(), side: a.side })),
        convenedBy: user.id,
        now: app.now(),
      })
      return reply.status(201).send(await meetingDto(app.db, (await findMeeting(app.db, id))!, user))
    },
  )

  app.get(
    '/meetings',
    { schema: { tags: ['meetings'], summary: '本辖区的联席会议（最近的在前）', response: { 200: Type.Array(MeetingSummary), ...errors(401, 403) } } },
    async (request) => {
      const user = userOf(request)
      committeeOnly(user)
      return listMeetings(app.db, user.orgPath)
    },
  )

  app.get(
    '/meetings/:id',
    { schema: { tags: ['meetings'], summary: '会议详情；会议纪要公开时，议题涉及的居民可看本户的决定', params: IdParams, response: { 200: Meeting, ...errors(400, 401, 403, 404) } } },
    async (request) => {
      const user = userOf(request)
      const meeting = await findMeeting(app.db, request.params.id)
      if (!meeting) throw notFound(HIDDEN)
      if (user.role === 'committee') return meetingDto(app.db, await meetingInScope(app.db, meeting.id, user), user)
      const dto = speaksForHousehold(user.role) && meeting.minutesPublic ? await meetingDto(app.db, meeting, user) : null
      if (!dto || dto.agenda.length === 0) throw notFound(HIDDEN)
      return dto
    },
  )

  app.put(
    '/meetings/:id/record',
    { schema: { tags: ['meetings'], summary: '记录出席情况和会议纪要（可公开）', params: IdParams, body: RecordMeeting, response: { 200: Meeting, ...errors(400, 401, 403, 404) } } },
    async (request) => {
      const user = userOf(request)
      committeeOnly(user)
      const meeting = await meetingInScope(app.db, request.params.id, user)
      if (!(await recordMeeting(app.db, meeting.id, request.body))) throw invalidInput('参数 attendance 不合法：只能记录本次会议的参会人员')
      return meetingDto(app.db, (await findMeeting(app.db, meeting.id))!, user)
    },
  )

  app.post(
    '/meetings/:id/decisions',
    {
      schema: {
        tags: ['meetings'],
        summary: '会议决定：逐项派单、发布、党委呼叫或不予受理；每项单独生效，失败的不影响其他项',
        params: IdParams,
        body: Decide,
        response: { 200: DecisionOutcomes, ...errors(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const user = userOf(request)
      committeeOnly(user)
      const meeting = await meetingInScope(app.db, request.params.id, user)
      const onAgenda = new Set((await agendaOf(app.db, meeting.id)).map((item) => item.orderId))
      const stray = request.body.decisions.find((d) => !onAgenda.has(d.orderId))
      if (stray) throw invalidInput(`参数 decisions 不合法：订单 ${stray.orderId} 不在本次会议的议题中`)
      const results = []
      // One by one, each atomic: a decision refused (the order moved on meanwhile) leaves the others standing.
      for (const { orderId, action, ...input } of request.body.decisions) {
        try {
          const order = await actOnOrder(app.db, orderId, action, user, input, app.now, { meetingId: meeting.id })
          results.push({ orderId, applied: true, status: order.status, code: null, message: null })
        } catch (error) {
          if (!(error instanceof ApiError)) throw error
          const current = await visibleOrder(app.db, orderId, user)
          results.push({ orderId, applied: false, status: current.row.status, code: error.code, message: error.message })
        }
      }
      return { results }
    },
  )
}

export default meetingRoutes
