import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { requireUser, userOf } from '../plugins/auth'
import { cursorId } from './cursors'
import { acceptSubscriptions, listMessages, markRead, unreadMessages } from '../repositories/messages'
import { invalidInput } from '../errors'
import { errors } from '../../types/api'
import {
  AcceptSubscriptions,
  MarkRead,
  MessagePage,
  MessagesQuery,
  SubscribeTemplates,
  Subscriptions,
  UnreadCount,
  MESSAGES_PER_PAGE_MAX,
} from '../../types/messages'
import type { NoticeKind } from '../../src/domain'

// The message centre: a person's own messages, whichever membership they act as.

const messageRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.addHook('preValidation', requireUser)

  app.get(
    '/messages',
    { schema: { tags: ['messages'], summary: '我的消息（最新的在前）和未读数', querystring: MessagesQuery, response: { 200: MessagePage, ...errors(400, 401, 403) } } },
    async (request) => {
      const { cursor, limit } = request.query
      const page = await listMessages(app.db, userOf(request).id, cursor ? cursorId(cursor) : null, limit ?? Math.min(20, MESSAGES_PER_PAGE_MAX))
      return { items: page.items, nextCursor: page.next === null ? null : String(page.next), unread: page.unread }
    },
  )

  app.get(
    '/messages/unread',
    { schema: { tags: ['messages'], summary: '未读消息数（消息页签上的数字）', response: { 200: UnreadCount, ...errors(401, 403) } } },
    async (request) => ({ unread: await unreadMessages(app.db, userOf(request).id) }),
  )

  app.post(
    '/messages/read',
    { schema: { tags: ['messages'], summary: '标记已读：指定的消息，或全部', body: MarkRead, response: { 200: UnreadCount, ...errors(400, 401, 403) } } },
    async (request) => {
      const body = request.body
      return { unread: await markRead(app.db, userOf(request).id, 'all' in body ? 'all' : body.ids, app.now()) }
    },
  )

  app.get(
    '/messages/subscriptions',
    { schema: { tags: ['messages'], summary: '可订阅的微信消息模板（一次性订阅）', response: { 200: SubscribeTemplates, ...errors(401, 403) } } },
    async () => ({
      templates: (Object.entries(app.config.wechat.templates) as [NoticeKind, string][]).map(([kind, templateId]) => ({ kind, templateId })),
    }),
  )

  app.post(
    '/messages/subscriptions',
    {
      schema: { tags: ['messages'], summary: '记录用户在微信订阅弹窗里同意的模板：每同意一次，可收一条', body: AcceptSubscriptions, response: { 200: Subscriptions, ...errors(400, 401, 403) } },
    },
    async (request) => {
      const known = new Set(Object.values(app.config.wechat.templates))
      const unknown = request.body.accepted.find((id) => !known.has(id))
      if (unknown) throw invalidInput(`参数 accepted 不合法：没有这个消息模板（${unknown}）`)
      return { subscriptions: await acceptSubscriptions(app.db, userOf(request).id, request.body.accepted, app.now()) }
    },
  )
}

export default messageRoutes
