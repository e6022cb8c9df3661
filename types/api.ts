/**
 * The HTTP contract between the mini-program and the server: TypeBox schemas, and the types
 * derived from them with `Static<>`. The server validates and serialises with these schemas;
 * the app imports the types only (`import type`), so no schema code reaches its bundle.
 */
import { Type, type Static, type TInteger, type TLiteral, type TSchema, type TUnion } from '@sinclair/typebox'
import {
  DISPATCH_MODES,
  ESCALATION_LEVELS,
  MAX_HEADCOUNT,
  MAX_SLOTS_PER_CALL,
  ORDER_ACTIONS,
  ORDER_EVENTS,
  ORDER_RULES,
  ORDER_STATUSES,
  PART_STATUSES,
  ROLES,
  SLOT_KINDS,
  STATUS_GROUP_NAMES,
  URGENCIES,
  type ActorRole,
  type StatusGroup,
} from '../src/domain'

/** A string-literal union from a domain tuple, so status names live in one place. */
export function literals<T extends string>(values: readonly T[]): TUnion<TLiteral<T>[]> {
  return Type.Union(values.map((v) => Type.Literal(v)))
}

export const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()])

/** Ids are PostgreSQL `integer`s: anything above would fail in SQL, so it fails validation. */
export const MAX_ID = 2_147_483_647
export const Id = Type.Integer({ minimum: 1, maximum: MAX_ID })
export const IdParams = Type.Object({ id: Id })

export const Status = literals(ORDER_STATUSES)
export const Role = literals(ROLES)
const ActorRoleSchema = literals<ActorRole>([...ROLES, 'system'])
export const Urgency = literals(URGENCIES)
export const Event = literals(ORDER_EVENTS)
export const Action = literals(ORDER_ACTIONS)
export const Group = literals(STATUS_GROUP_NAMES)
export const SlotKind = literals(SLOT_KINDS)
export const PartStatus = literals(PART_STATUSES)
/** Responders' lists: their own work (`mine`: assigned to or taken by me), or the hall of open orders. */
const View = Type.Union([Type.Literal('mine'), Type.Literal('hall')])

export const API_ERROR_CODES = [
  'invalid_input',
  'unauthenticated',
  'not_registered',
  'forbidden',
  'not_found',
  'method_not_allowed',
  'conflict',
  'household_exists',
  'idempotency_key_reused',
  'payload_too_large',
  'uri_too_long',
  'unsupported_media_type',
  'upgrade_required',
  'rate_limited',
  'wechat_error',
  'web_login_unavailable',
  'internal',
  'unavailable',
] as const
export type ApiErrorCode = (typeof API_ERROR_CODES)[number]

/** Every non-2xx response body. `message` is zh-CN and shown to the user as is. */
export const ApiError = Type.Object({
  code: literals(API_ERROR_CODES),
  message: Type.String(),
  currentStatus: Type.Optional(Type.Union([Status], { description: "On 409: the order's status now, so the client can refresh." })),
})
export type ApiError = Static<typeof ApiError>

/** Error responses a route may give, for the OpenAPI document and the serializer. */
export const errors = (...codes: (400 | 401 | 403 | 404 | 409 | 413 | 415 | 422 | 429 | 502)[]) =>
  Object.fromEntries(codes.map((code) => [code, ApiError])) as Record<number, typeof ApiError>

export const Category = Type.Object({
  code: Type.String(),
  name: Type.String(),
  description: Type.String(),
  emergency: Type.Boolean({ description: 'Shown one tap from home and dispatched first.' }),
  photoRequired: Type.Boolean(),
})
export type CategoryDto = Static<typeof Category>

/** A service as a community's committee administers it. */
export const Service = Type.Object({
  code: Type.String(),
  name: Type.String(),
  description: Type.String(),
  emergency: Type.Boolean({ description: 'Emergency services cannot be switched off.' }),
  photoRequired: Type.Boolean({ description: "The community's rule, else the catalogue's." }),
  enabled: Type.Boolean(),
  own: Type.Boolean({ description: 'Added by this community rather than from the shared catalogue.' }),
  dispatchMode: literals(DISPATCH_MODES),
  dispatchTeamId: Nullable(Type.Integer({ description: 'The team a `team` default sends new orders to.' })),
  dispatchTeamName: Nullable(Type.String()),
  dispatchTeamReady: Type.Boolean({ description: "The team is still the community's and has an active volunteer; else new orders stay with the committee." }),
})
export type ServiceDto = Static<typeof Service>

export const ServiceCodeParams = Type.Object({ code: Type.String({ pattern: '^[a-z0-9-]{1,40}$' }) })

export const UpdateService = Type.Object(
  { enabled: Type.Boolean(), photoRequired: Nullable(Type.Boolean({ description: "Null: back to the catalogue's rule." })) },
  { additionalProperties: false },
)
export type UpdateServiceRequest = Static<typeof UpdateService>

/** 派单方式: where a new order of the service goes (emergencies always to the committee first). */
export const UpdateServiceDispatch = Type.Object(
  {
    mode: literals(DISPATCH_MODES),
    teamId: Type.Optional(Nullable(Id)),
  },
  { additionalProperties: false, description: '`teamId` only with `team`: a team of the community with an active volunteer.' },
)
export type UpdateServiceDispatchRequest = Static<typeof UpdateServiceDispatch>

export const CreateService = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 10 }),
    description: Type.String({ minLength: 1, maxLength: 60 }),
    photoRequired: Type.Boolean(),
  },
  { additionalProperties: false },
)
export type CreateServiceRequest = Static<typeof CreateService>

export const Grid = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  path: Type.String({ description: 'Its place in the org tree, e.g. `/1/2/5/9/`.' }),
  fullName: Type.String({ description: 'Name within the community, e.g. 锦绣小区党支部 · 第3网格.' }),
})
export type GridDto = Static<typeof Grid>

/**
 * A service someone is good at: its catalogue code (what is stored and compared with an order's
 * `categoryCode`) and its name to show. Named by the server, as the service may be one the reader's
 * catalogue does not list (switched off, or another community's own service for a street).
 */
export const Skill = Type.Object({ code: Type.String(), name: Type.String() })
export type SkillDto = Static<typeof Skill>

export const Responder = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  role: Role,
  teamName: Nullable(Type.String()),
  skills: Type.Array(Skill, { description: 'In the order they were set.' }),
  activeOrders: Type.Integer({ description: 'Orders this person has accepted and not yet finished.' }),
})
export type ResponderDto = Static<typeof Responder>

/** A place the committee opened on an order (a dispatch or publish opens one, a 党委呼叫 several). */
export const Slot = Type.Object({
  id: Type.Integer(),
  kind: SlotKind,
  headcount: Type.Integer(),
  unitId: Nullable(Type.Integer({ description: 'The team (team) or work unit (department) it is addressed to.' })),
  unitName: Nullable(Type.String()),
  skill: Nullable(Type.String({ description: 'Catalogue code the responders should be good at.' })),
  open: Type.Boolean({ description: 'False once the committee closed it.' }),
})
export type SlotDto = Static<typeof Slot>

/** Someone's part in a slot: invited, answered, working, finished, or gone. */
export const Part = Type.Object({
  slotId: Type.Integer(),
  userId: Type.Integer(),
  name: Type.String(),
  status: PartStatus,
})
export type PartDto = Static<typeof Part>

/** What a 党委呼叫 asks for: one slot. */
export const SlotSpec = Type.Object(
  {
    kind: SlotKind,
    headcount: Type.Integer({ minimum: 1, maximum: MAX_HEADCOUNT }),
    unitId: Type.Optional(Id),
    skill: Type.Optional(Type.String({ minLength: 1, maxLength: 40 })),
    inviteeId: Type.Optional(Id),
  },
  { additionalProperties: false },
)

const summaryFields = {
  id: Type.Integer(),
  categoryCode: Type.String(),
  categoryName: Type.String(),
  status: Status,
  urgency: Urgency,
  summary: Type.String({ description: 'First line of the description, at most 60 characters.' }),
  address: Type.String(),
  gridName: Type.String(),
  residentName: Type.String({ description: "Whom the order is for (its contact); masked for everyone but the household." }),
  placedByName: Type.String({ description: 'Who placed it: the resident, a family proxy or a grid worker (masked like residentName).' }),
  placedAs: Role,
  takerName: Nullable(Type.String({ description: 'Who holds the work: one name, or the first and how many (张三等3人).' })),
  createdAt: Type.String({ format: 'date-time' }),
  updatedAt: Type.String({ format: 'date-time' }),
  // Order facts the domain's `availableActions` needs.
  householdId: Type.Integer(),
  followerHouseholdIds: Type.Array(Type.Integer(), { description: 'Households whose duplicate orders were merged into this one: they follow and confirm it.' }),
  orgPath: Type.String(),
  slots: Type.Array(Slot),
  parts: Type.Array(Part),
  mergedIntoId: Nullable(Type.Integer({ description: 'Where a merged duplicate went: the order that carries on.' })),
  clock: Nullable(
    Type.Object(
      {
        state: literals(['overdue', 'due_soon'] as const),
        clock: literals(['response', 'completion'] as const),
        dueAt: Type.String({ format: 'date-time' }),
      },
      { description: '超时 / 即将超时: the most pressing running clock past 80 % of its target; null when none is.' },
    ),
  ),
}
export const OrderSummary = Type.Object(summaryFields)
export type OrderSummaryDto = Static<typeof OrderSummary>

export const TimelineEntry = Type.Object({
  id: Type.Integer(),
  event: Event,
  from: Nullable(Status),
  to: Status,
  actorId: Nullable(Type.Integer({ description: 'Null for what the system did by rule (auto-close).' })),
  actorRole: ActorRoleSchema,
  actorName: Type.String({ description: 'Masked for residents other than the actor themselves; 系统 for the system.' }),
  note: Nullable(Type.String()),
  rating: Nullable(Type.Integer()),
  assigneeId: Nullable(Type.Integer()),
  assigneeName: Nullable(Type.String()),
  photos: Type.Array(Type.String()),
  payload: Nullable(
    Type.Union([
      Type.Object({ kind: Type.Literal('slots'), slots: Type.Array(SlotSpec) }),
      Type.Object({ kind: Type.Literal('part'), slotId: Type.Integer(), userId: Type.Integer(), status: PartStatus }),
      Type.Object({ kind: Type.Literal('parked'), revisitOn: Type.String({ format: 'date' }) }),
      Type.Object({ kind: Type.Literal('merged'), intoOrderId: Type.Integer() }),
      Type.Object({ kind: Type.Literal('absorbed'), orderId: Type.Integer(), householdId: Type.Integer() }),
      Type.Object({ kind: Type.Literal('escalated'), clock: literals(['response', 'completion'] as const), round: Type.Integer(), level: literals(ESCALATION_LEVELS) }),
    ]),
  ),
  /** Whose part the event moved (the invitee of an invite), for the timeline. */
  partName: Nullable(Type.String()),
  meetingId: Nullable(Type.Integer({ description: 'The joint meeting that decided it: the event belongs to 召开会议.' })),
  at: Type.String({ format: 'date-time' }),
})
export type TimelineEntryDto = Static<typeof TimelineEntry>

export const OrderDetail = Type.Object({
  ...summaryFields,
  description: Type.String(),
  photos: Type.Array(Type.String()),
  contactName: Type.String(),
  contactPhone: Type.String({ description: 'Full number for the committee and the person doing the work; masked for others.' }),
  preferredTime: Nullable(Type.String()),
  rating: Nullable(Type.Integer()),
  assigneeName: Nullable(Type.String()),
  timeline: Type.Array(TimelineEntry),
})
export type OrderDetailDto = Static<typeof OrderDetail>

export const OrderPage = Type.Object({
  items: Type.Array(OrderSummary),
  nextCursor: Nullable(Type.String({ description: 'Opaque; pass as `cursor` to get the next page. Null on the last page.' })),
})
export type OrderPageDto = Static<typeof OrderPage>

/**
 * What an action answers. `order` is the order as the actor may still see it; null when the
 * action handed it away (a responder declining or releasing it no longer sees it).
 */
export const TransitionOutcome = Type.Object({
  id: Type.Integer(),
  status: Status,
  order: Nullable(OrderDetail),
})
export type TransitionOutcomeDto = Static<typeof TransitionOutcome>

/** The public path of a file this server stored: `/api/uploads/<yyyy>/<mm>/<random>.<ext>`. */
export const UPLOAD_KEY_PATTERN = /^\d{4}\/\d{2}\/[A-Za-z0-9_-]{8,64}\.(jpg|png|webp)$/
export const UPLOAD_URL_PREFIX = '/api/uploads/'
const UploadUrl = Type.String({ pattern: `^${UPLOAD_URL_PREFIX}${UPLOAD_KEY_PATTERN.source.slice(1)}`, maxLength: 120 })
const Photos = Type.Array(UploadUrl, { maxItems: ORDER_RULES.maxPhotos, uniqueItems: true, description: 'Uploads made by the same person first.' })

export const CreateOrder = Type.Object(
  {
    categoryCode: Type.String({ minLength: 1, maxLength: 40 }),
    description: Type.String({ minLength: ORDER_RULES.descriptionMin, maxLength: ORDER_RULES.descriptionMax }),
    photos: Type.Optional(Photos),
    householdId: Type.Optional(Type.Union([Id], { description: "Whom it is for: a grid worker names the household; residents and proxies order for their own." })),
    gridId: Type.Optional(Type.Union([Id], { description: "The household's grid (optional; checked when given)." })),
    address: Type.Optional(Type.String({ minLength: 1, maxLength: ORDER_RULES.addressMax, description: "Default: the household's registered address." })),
    contactName: Type.Optional(Type.String({ minLength: 1, maxLength: ORDER_RULES.contactNameMax, description: 'Default: the person placing it.' })),
    contactPhone: Type.Optional(Type.String({ pattern: ORDER_RULES.phonePattern.source, description: "Default: the placing person's bound phone." })),
    preferredTime: Type.Optional(Type.String({ maxLength: 50 })),
    urgency: Urgency,
  },
  { additionalProperties: false },
)
export type CreateOrderRequest = Static<typeof CreateOrder>

export const Transition = Type.Object(
  {
    action: Action,
    note: Type.Optional(Type.String({ maxLength: 500 })),
    rating: Type.Optional(Type.Integer({ minimum: 1, maximum: 5 })),
    assigneeId: Type.Optional(Id),
    slots: Type.Optional(Type.Array(SlotSpec, { minItems: 1, maxItems: MAX_SLOTS_PER_CALL })),
    slotId: Type.Optional(Id),
    inviteeId: Type.Optional(Id),
    revisitOn: Type.Optional(Type.String({ maxLength: 10, description: '挂账: the day it returns to the queue, YYYY-MM-DD (China).' })),
    intoOrderId: Type.Optional(Type.Union([Id], { description: '合并: the order this duplicate merges into.' })),
    photos: Type.Optional(Photos),
  },
  { additionalProperties: false },
)
export type TransitionRequest = Static<typeof Transition>

/** The list filters on the clocks: 超时, 即将超时, or either (`late`). */
export const CLOCK_FILTERS = ['overdue', 'due_soon', 'late'] as const
export type ClockFilter = (typeof CLOCK_FILTERS)[number]

/** Narrows an area's list to a part of it: a street administrator picks one community, a committee a compound or grid. */
const Within = Type.Integer({
  minimum: 1,
  maximum: 2147483647,
  description: "Only orders under this org of the actor's own area (committees, grid workers, street administrators); another org is a 400.",
})

/**
 * Lists are scoped by role. The committee's `pending` inbox and the hall come most urgent first,
 * then oldest first (a queue); every other list newest activity first.
 */
export const ListQuery = Type.Object(
  {
    group: Type.Optional(Group),
    view: Type.Optional(View),
    clock: Type.Optional(
      Type.Union([literals(CLOCK_FILTERS)], {
        description:
          "Only orders 超时 (`overdue`), 即将超时 (`due_soon`) or either (`late`), in the list's own order. As the clock job last read them: up to a minute behind the items' `clock`, which is read from the timeline when asked.",
      }),
    ),
    within: Type.Optional(Within),
    cursor: Type.Optional(Type.String({ maxLength: 100 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 50 })),
  },
)
export type ListOrdersQuery = Static<typeof ListQuery>

const GroupCounts = Type.Object(
  Object.fromEntries(STATUS_GROUP_NAMES.map((group) => [group, Type.Integer({ minimum: 0 })])) as Record<StatusGroup, TInteger>,
)

/** How many orders of each status group the actor's list holds (`view` as for lists). */
export const OrderCounts = Type.Object({
  ...GroupCounts.properties,
  clock: Type.Object(
    { overdue: GroupCounts, due_soon: GroupCounts },
    { description: 'Of those, how many are 超时 / 即将超时 per group: the numbers on the `clock` filters (as lagging as the filters).' },
  ),
})
export type OrderCountsDto = Static<typeof OrderCounts>

export const CountsQuery = Type.Object({ view: Type.Optional(View), within: Type.Optional(Within) })
export type OrderCountsQuery = Static<typeof CountsQuery>

export const Upload = Type.Object({ url: Type.String({ description: 'Path under the API, e.g. /api/uploads/2026/11/abc.jpg.' }) })
export type UploadDto = Static<typeof Upload>

export const WechatLogin = Type.Object({ code: Type.String({ minLength: 1, maxLength: 200 }) }, { additionalProperties: false })
/**
 * Whether this server signs people in on H5 through WeChat's web authorisation (公众号网页授权),
 * and where to send them: the app adds redirect_uri, scope=snsapi_base and its own state.
 */
export const WebLoginInfo = Type.Object({
  available: Type.Boolean(),
  appId: Nullable(Type.String({ description: "The official account's appid; null when not available." })),
  authorizeUrl: Nullable(Type.String({ description: 'e.g. https://open.weixin.qq.com/connect/oauth2/authorize; null when not available.' })),
})
export type WebLoginInfoDto = Static<typeof WebLoginInfo>
/** Demo login as a seeded person, acting as one of their memberships (default: the first). */
export const DemoLogin = Type.Object({ userId: Id, membershipId: Type.Optional(Id) }, { additionalProperties: false })
