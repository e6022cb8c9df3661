import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from '@sinclair/typebox'
import { canSubmit, draftProblem, submission, transition, type Actor } from '../../src/domain'
import type { Db } from '../db/client'
import { conflict, forbidden, fromRefusal, invalidInput, notFound } from '../errors'
import { requireUser, userOf } from '../plugins/auth'
import { canView, missedInHall } from '../policies'
import { factsOf, toDetail, toSummary } from '../repositories/order-dto'
import { applyTransition, countOrders, findCategory, findGrid, findOrder, insertOrder, listEvents, listOrders, type Cursor } from '../repositories/orders'
import { findResponderInScope } from '../repositories/users'
import { IdParams } from '../schemas/common'
import { CountsQuery, CreateOrder, errors, ListQuery, OrderCounts, OrderDetail, OrderPage, Transition } from '../schemas/api'
import { communityOf } from './catalog'

/** Opaque to clients: `at|id`, or `rank|at|id` in queue order. */
const encodeCursor = (c: Cursor) =>
  Buffer.from([...(c.rank === undefined ? [] : [c.rank]), c.at.toISOString(), c.id].join('|')).toString('base64url')

function decodeCursor(raw: string): Cursor {
  const parts = Buffer.from(raw, 'base64url').toString('utf8').split('|')
  const [rank, at, id] = parts.length === 3 ? parts : [undefined, ...parts]
  const when = new Date(at ?? '')
  const valid =
    (parts.length === 2 || parts.length === 3) &&
    (rank === undefined || /^\d$/.test(rank)) &&
    /^\d+$/.test(id ?? '') &&
    /^\d{4}-\d{2}-\d{2}T/.test(at ?? '') &&
    !Number.isNaN(when.getTime())
  if (!valid) throw invalidInput('参数 cursor 不合法：请从第一页重新加载')
  return { ...(rank === undefined ? {} : { rank: Number(rank) }), at: when, id: Number(id) }
}

const NOT_VISIBLE = '订单不存在或无权查看'

/** The order as this actor may see it, or 404 — the same answer for missing and not visible. */
async function visibleOrder(db: Db, id: number, actor: Actor) {
  const row = await findOrder(db, id)
  if (!row || !canView(factsOf(row), actor)) throw notFound(NOT_VISIBLE)
  return row
}

/** As `visibleOrder`, but a responder who missed it in the hall learns why (409, not 404). */
async function actionableOrder(db: Db, id: number, actor: Actor) {
  const row = await findOrder(db, id)
  if (row && canView(factsOf(row), actor)) return row
  if (row && missedInHall(factsOf(row), actor)) throw conflict(row.order.status, '手慢了，这个订单已被其他人接走或已被收回')
  throw notFound(NOT_VISIBLE)
}

async function detail(db: Db, id: number, actor: Actor) {
  const row = await visibleOrder(db, id, actor)
  return toDetail(row, await listEvents(db, id), actor)
}

const IDEMPOTENCY_KEY = /^[A-Za-z0-9_.:-]{8,100}$/

const orderRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.addHook('preHandler', requireUser)

  app.post(
    '/orders',
    {
      schema: {
        tags: ['orders'],
        summary: '群众点单（可带 Idempotency-Key 头，重试不会重复下单）',
        headers: Type.Object({ 'idempotency-key': Type.Optional(Type.String()) }),
        body: CreateOrder,
        response: { 200: OrderDetail, 201: OrderDetail, ...errors(400, 401, 403) },
      },
    },
    async (request, reply) => {
      const user = userOf(request)
      if (!canSubmit(user)) throw forbidden('只有居民可以点单')
      const key = request.headers['idempotency-key']
      if (key !== undefined && !IDEMPOTENCY_KEY.test(key)) throw invalidInput('参数 Idempotency-Key 不合法：8–100 位字母数字')
      const body = request.body
      const category = await findCategory(app.db, body.categoryCode)
      if (!category) throw invalidInput('参数 categoryCode 不合法：没有这个服务类型')
      // The same rules the form checks as the user types (e.g. 维修 needs a photo).
      const problem = draftProblem({ ...body, photos: body.photos ?? [] }, category)
      if (problem) throw invalidInput(problem)
      const grid = await findGrid(app.db, body.gridId)
      if (!grid || !grid.path.startsWith(communityOf(user.orgPath))) throw invalidInput('参数 gridId 不合法：请选择本社区的网格')
      const now = app.now()
      const { id, created } = await insertOrder(
        app.db,
        {
          residentId: user.id,
          categoryCode: body.categoryCode,
          description: body.description.trim(),
          photos: body.photos ?? [],
          gridId: grid.id,
          orgPath: grid.path,
          address: body.address.trim(),
          contactName: body.contactName.trim(),
          contactPhone: body.contactPhone,
          preferredTime: body.preferredTime ?? null,
          urgency: body.urgency,
          idempotencyKey: key ?? null,
        },
        submission(user, now),
        now,
      )
      return reply.status(created ? 201 : 200).send(await detail(app.db, id, user))
    },
  )

  app.get(
    '/orders',
    { schema: { tags: ['orders'], summary: '订单列表（按角色限定范围）', querystring: ListQuery, response: { 200: OrderPage, ...errors(400, 401) } } },
    async (request) => {
      const user = userOf(request)
      const q = request.query
      const { rows, next } = await listOrders(app.db, user, {
        group: q.group,
        view: q.view ?? 'mine',
        cursor: q.cursor ? decodeCursor(q.cursor) : undefined,
        limit: q.limit ?? 20,
      })
      return { items: rows.map((row) => toSummary(row, user)), nextCursor: next ? encodeCursor(next) : null }
    },
  )

  app.get(
    '/orders/counts',
    {
      schema: { tags: ['orders'], summary: '各状态分组的订单数（列表页签上的数字）', querystring: CountsQuery, response: { 200: OrderCounts, ...errors(400, 401) } },
    },
    async (request) => countOrders(app.db, userOf(request), request.query.view ?? 'mine'),
  )

  app.get(
    '/orders/:id',
    { schema: { tags: ['orders'], summary: '订单详情和时间线', params: IdParams, response: { 200: OrderDetail, ...errors(401, 404) } } },
    async (request) => detail(app.db, request.params.id, userOf(request)),
  )

  app.post(
    '/orders/:id/transitions',
    {
      schema: {
        tags: ['orders'],
        summary: '办理订单：派单、发布、接单、开始、办结、评价…（由状态机判定）',
        params: IdParams,
        body: Transition,
        response: { 200: OrderDetail, ...errors(400, 401, 403, 404, 409) },
      },
    },
    async (request) => {
      const user = userOf(request)
      const row = await actionableOrder(app.db, request.params.id, user)
      const { action, ...input } = request.body
      const result = transition(factsOf(row), action, user, app.now(), input)
      if (!result.ok) throw fromRefusal(result.refusal.kind, result.refusal.message, row.order.status)
      if (action === 'dispatch' && !(await findResponderInScope(app.db, input.assigneeId!, user.orgPath))) {
        throw invalidInput('参数 assigneeId 不合法：只能派给本辖区的党员或志愿者')
      }
      await applyTransition(app.db, row.order, result.to, result.patch, result.entry, new Date(result.entry.at))
      return detail(app.db, row.order.id, user)
    },
  )
}

export default orderRoutes
