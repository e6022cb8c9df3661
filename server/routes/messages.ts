import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { requireUser, userOf } from '../plugins/auth'
import { listMessages, markRead, unreadMessages } from '../repositories/messages'
import { errors } from '../../types/api'
import { MarkRead, MessagePage, MessagesQuery, UnreadCount, MESSAGES_PER_PAGE_MAX } from '../../types/messages'

// The message centre: a person's own messages, whichever membership they act as.

const messageRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.addHook('preValidation', requireUser)

  app.get(
    '/messages',
    { schema: { tags: ['messages'], summary: '我的消息（最新的在前）和未读数', querystring: MessagesQuery, response: { 200: MessagePage, ...errors(400, 401) } } },
    async (request) => {
      const { cursor, limit } = request.query
      const page = await listMessages(app.db, userOf(request).id, cursor ? Number(cursor) : null, limit ?? Math.min(20, MESSAGES_PER_PAGE_MAX))
      return { items: page.items, nextCursor: page.next === null ? null : String(page.next), unread: page.unread }
    },
  )

  app.get(
    '/messages/unread',
    { schema: { tags: ['messages'], summary: '未读消息数（消息页签上的数字）', response: { 200: UnreadCount, ...errors(401) } } },
    async (request) => ({ unread: await unreadMessages(app.db, userOf(request).id) }),
  )

  app.post(
    '/messages/read',
    { schema: { tags: ['messages'], summary: '标记已读：指定的消息，或全部', body: MarkRead, response: { 200: UnreadCount, ...errors(400, 401) } } },
    async (request) => {
      const body = request.body
      return { unread: await markRead(app.db, userOf(request).id, 'all' in body ? 'all' : body.ids, app.now()) }
    },
  )
}

export default messageRoutes
