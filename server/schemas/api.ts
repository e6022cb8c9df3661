import { Type, type Static, type TInteger } from '@sinclair/typebox'
import {
  ORDER_ACTIONS,
  ORDER_EVENTS,
  ORDER_RULES,
  ORDER_STATUSES,
  ROLES,
  STATUS_GROUP_NAMES,
  URGENCIES,
  type ActorRole,
  type StatusGroup,
} from '../../src/domain'
import type * as Api from '../../types/api'
import { literals, Nullable, type Equal } from './common'

export const Status = literals(ORDER_STATUSES)
export const Role = literals(ROLES)
const ActorRoleSchema = literals<ActorRole>([...ROLES, 'system'])
export const Urgency = literals(URGENCIES)
export const Event = literals(ORDER_EVENTS)
export const Action = literals(ORDER_ACTIONS)
export const Group = literals(STATUS_GROUP_NAMES)
/** Responders' lists: their own work, or the hall of open orders. */
const View = Type.Union([Type.Literal('mine'), Type.Literal('hall')])

const API_ERROR_CODES = [
  'invalid_input', 'unauthenticated', 'forbidden', 'not_found', 'conflict',
  'payload_too_large', 'unsupported_media_type', 'wechat_error', 'internal',
] as const satisfies readonly Api.ApiErrorCode[]

export const ApiError = Type.Object({
  code: literals(API_ERROR_CODES),
  message: Type.String(),
  currentStatus: Type.Optional(Status),
})

/** Error responses a route may give, for the OpenAPI document and the serializer. */
export const errors = (...codes: (400 | 401 | 403 | 404 | 409 | 413 | 415 | 502)[]) =>
  Object.fromEntries(codes.map((code) => [code, ApiError])) as Record<number, typeof ApiError>

export const User = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  role: Role,
  phone: Type.String(),
  orgPath: Type.String(),
  orgName: Type.String(),
  teamName: Nullable(Type.String()),
})
export const Session = Type.Object({ token: Type.String(), user: User })
export const DemoAccount = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  role: Role,
  orgName: Type.String(),
  teamName: Nullable(Type.String()),
})
export const Category = Type.Object({
  code: Type.String(),
  name: Type.String(),
  description: Type.String(),
  emergency: Type.Boolean(),
  photoRequired: Type.Boolean(),
})
export const Grid = Type.Object({ id: Type.Integer(), name: Type.String(), fullName: Type.String() })
export const Responder = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  role: Role,
  teamName: Nullable(Type.String()),
  skills: Type.Array(Type.String()),
  activeOrders: Type.Integer(),
})

const summaryFields = {
  id: Type.Integer(),
  categoryCode: Type.String(),
  categoryName: Type.String(),
  status: Status,
  urgency: Urgency,
  summary: Type.String(),
  address: Type.String(),
  gridName: Type.String(),
  residentName: Type.String(),
  takerName: Nullable(Type.String()),
  createdAt: Type.String({ format: 'date-time' }),
  updatedAt: Type.String({ format: 'date-time' }),
  residentId: Type.Integer(),
  orgPath: Type.String(),
  assigneeId: Nullable(Type.Integer()),
  takerId: Nullable(Type.Integer()),
}
export const OrderSummary = Type.Object(summaryFields)
export const TimelineEntry = Type.Object({
  id: Type.Integer(),
  event: Event,
  from: Nullable(Status),
  to: Status,
  actorId: Nullable(Type.Integer()),
  actorRole: ActorRoleSchema,
  actorName: Type.String(),
  note: Nullable(Type.String()),
  rating: Nullable(Type.Integer()),
  assigneeId: Nullable(Type.Integer()),
  assigneeName: Nullable(Type.String()),
  photos: Type.Array(Type.String()),
  at: Type.String({ format: 'date-time' }),
})
export const OrderDetail = Type.Object({
  ...summaryFields,
  description: Type.String(),
  photos: Type.Array(Type.String()),
  contactName: Type.String(),
  contactPhone: Type.String(),
  preferredTime: Nullable(Type.String()),
  rating: Nullable(Type.Integer()),
  assigneeName: Nullable(Type.String()),
  timeline: Type.Array(TimelineEntry),
})
export const OrderPage = Type.Object({ items: Type.Array(OrderSummary), nextCursor: Nullable(Type.String()) })

/** Photos must be files uploaded to this server first. */
const UploadUrl = Type.String({ pattern: '^/api/uploads/[A-Za-z0-9/_.-]+$', maxLength: 200 })

export const CreateOrder = Type.Object(
  {
    categoryCode: Type.String({ minLength: 1, maxLength: 40 }),
    description: Type.String({ minLength: ORDER_RULES.descriptionMin, maxLength: ORDER_RULES.descriptionMax }),
    photos: Type.Optional(Type.Array(UploadUrl, { maxItems: ORDER_RULES.maxPhotos })),
    gridId: Type.Integer({ minimum: 1 }),
    address: Type.String({ minLength: 1, maxLength: ORDER_RULES.addressMax }),
    contactName: Type.String({ minLength: 1, maxLength: ORDER_RULES.contactNameMax }),
    contactPhone: Type.String({ pattern: ORDER_RULES.phonePattern.source }),
    preferredTime: Type.Optional(Type.String({ maxLength: 50 })),
    urgency: Urgency,
  },
  { additionalProperties: false },
)
export const Transition = Type.Object(
  {
    action: Action,
    note: Type.Optional(Type.String({ maxLength: 500 })),
    rating: Type.Optional(Type.Integer({ minimum: 1, maximum: 5 })),
    assigneeId: Type.Optional(Type.Integer({ minimum: 1 })),
    photos: Type.Optional(Type.Array(UploadUrl, { maxItems: ORDER_RULES.maxPhotos })),
  },
  { additionalProperties: false },
)
export const ListQuery = Type.Object({
  group: Type.Optional(Group),
  view: Type.Optional(View),
  cursor: Type.Optional(Type.String({ maxLength: 100 })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 50 })),
})
export const Upload = Type.Object({ url: Type.String() })
export const OrderCounts = Type.Object(
  Object.fromEntries(STATUS_GROUP_NAMES.map((group) => [group, Type.Integer({ minimum: 0 })])) as Record<StatusGroup, TInteger>,
)
export const CountsQuery = Type.Object({ view: Type.Optional(View) })

// Compile-time: each schema's static type is exactly its DTO. A drift fails `tsc`.
const checks: [
  Equal<Static<typeof ApiError>, Api.ApiError>,
  Equal<Static<typeof User>, Api.UserDto>,
  Equal<Static<typeof Session>, Api.SessionDto>,
  Equal<Static<typeof DemoAccount>, Api.DemoAccountDto>,
  Equal<Static<typeof Category>, Api.CategoryDto>,
  Equal<Static<typeof Grid>, Api.GridDto>,
  Equal<Static<typeof Responder>, Api.ResponderDto>,
  Equal<Static<typeof OrderSummary>, Api.OrderSummaryDto>,
  Equal<Static<typeof TimelineEntry>, Api.TimelineEntryDto>,
  Equal<Static<typeof OrderDetail>, Api.OrderDetailDto>,
  Equal<Static<typeof OrderPage>, Api.Page<Api.OrderSummaryDto>>,
  Equal<Static<typeof CreateOrder>, Api.CreateOrderRequest>,
  Equal<Static<typeof Transition>, Api.TransitionRequest>,
  Equal<Static<typeof ListQuery>, Api.ListOrdersQuery>,
  Equal<Static<typeof Upload>, Api.UploadDto>,
  Equal<Static<typeof OrderCounts>, Api.OrderCountsDto>,
  Equal<Static<typeof CountsQuery>, Api.OrderCountsQuery>,
] = [true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true]
void checks
