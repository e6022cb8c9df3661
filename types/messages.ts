/**
 * The contract for the message centre (消息): what the outbox delivered to each person, newest
 * first, and what they have read. Same rules as `api.ts`.
 */
import { Type, type Static } from '@sinclair/typebox'
import { NOTICE_KINDS } from '../src/domain'
import { Id, literals, Nullable } from './api'

export const MESSAGES_PER_PAGE_MAX = 50

export const Message = Type.Object({
  id: Type.Integer(),
  kind: literals(NOTICE_KINDS),
  /** The order it is about: tapping the message opens it. */
  orderId: Nullable(Type.Integer()),
  title: Type.String(),
  body: Type.String({ description: "The order's service and the first line of its description." }),
  at: Type.String({ format: 'date-time' }),
  read: Type.Boolean(),
})
export type MessageDto = Static<typeof Message>

export const MessagesQuery = Type.Object(
  {
    cursor: Type.Optional(Type.String({ maxLength: 20, pattern: '^[1-9][0-9]{0,9}$', description: 'The id of the last message seen: older ones follow.' })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: MESSAGES_PER_PAGE_MAX })),
  },
  { additionalProperties: false },
)
export type MessagesQueryDto = Static<typeof MessagesQuery>

export const MessagePage = Type.Object({
  items: Type.Array(Message),
  nextCursor: Nullable(Type.String()),
  unread: Type.Integer({ description: 'Unread messages in all, for the tab badge.' }),
})
export type MessagePageDto = Static<typeof MessagePage>

export const UnreadCount = Type.Object({ unread: Type.Integer() })
export type UnreadCountDto = Static<typeof UnreadCount>

/** Mark some messages read (opened), or all of them (全部已读). */
export const MarkRead = Type.Union([
  Type.Object({ ids: Type.Array(Id, { minItems: 1, maxItems: 100, uniqueItems: true }) }, { additionalProperties: false }),
  Type.Object({ all: Type.Literal(true) }, { additionalProperties: false }),
])
export type MarkReadRequest = Static<typeof MarkRead>

/** The subscribe-message templates the app asks for (一次性订阅): which notice each carries. */
export const SubscribeTemplates = Type.Object({
  templates: Type.Array(Type.Object({ kind: literals(NOTICE_KINDS), templateId: Type.String() })),
})
export type SubscribeTemplatesDto = Static<typeof SubscribeTemplates>

/** What the person accepted in WeChat's subscribe dialog: each accepted template lets one more message through. */
export const AcceptSubscriptions = Type.Object(
  { accepted: Type.Array(Type.String({ minLength: 1, maxLength: 64 }), { minItems: 1, maxItems: 10, uniqueItems: true }) },
  { additionalProperties: false },
)
export type AcceptSubscriptionsRequest = Static<typeof AcceptSubscriptions>

export const Subscriptions = Type.Object({
  subscriptions: Type.Array(Type.Object({ templateId: Type.String(), remaining: Type.Integer() })),
})
export type SubscriptionsDto = Static<typeof Subscriptions>
