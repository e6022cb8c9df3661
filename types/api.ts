/**
 * The HTTP contract between the mini-program and the server (type-only).
 * The server's TypeBox schemas are checked against these types, so the two cannot drift.
 */
import type { ActorRole, OrderAction, OrderEvent, OrderStatus, Role, StatusGroup, Urgency } from '../src/domain'

/** Every non-2xx response body. `message` is zh-CN and shown to the user as is. */
export interface ApiError {
  code: ApiErrorCode
  message: string
  /** On 409: the order's status now, so the client can refresh. */
  currentStatus?: OrderStatus
}

export type ApiErrorCode =
  | 'invalid_input'
  | 'unauthenticated'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'payload_too_large'
  | 'unsupported_media_type'
  | 'wechat_error'
  | 'internal'

export interface Page<T> {
  items: T[]
  /** Opaque; pass as `cursor` to get the next page. Null on the last page. */
  nextCursor: string | null
}

export interface UserDto {
  id: number
  name: string
  role: Role
  /** Masked, e.g. 138****5678. */
  phone: string
  /** The user's place in the org tree, e.g. `/1/2/5/`. */
  orgPath: string
  /** Human name of that place, e.g. 阳光社区大党委 · 锦绣小区党支部 · 第3网格. */
  orgName: string
  teamName: string | null
}

export interface SessionDto {
  token: string
  user: UserDto
}

export interface DemoAccountDto {
  id: number
  name: string
  role: Role
  orgName: string
  teamName: string | null
}

export interface CategoryDto {
  code: string
  name: string
  description: string
  /** Shown one tap from home and dispatched first. */
  emergency: boolean
  photoRequired: boolean
}

export interface GridDto {
  id: number
  name: string
  /** Name within the community, e.g. 锦绣小区党支部 · 第3网格. */
  fullName: string
}

export interface ResponderDto {
  id: number
  name: string
  role: Role
  teamName: string | null
  skills: string[]
  /** Orders this person has accepted and not yet finished. */
  activeOrders: number
}

export interface OrderSummaryDto {
  id: number
  categoryCode: string
  categoryName: string
  status: OrderStatus
  urgency: Urgency
  /** First line of the description, at most 60 characters. */
  summary: string
  address: string
  gridName: string
  /** Masked. */
  residentName: string
  takerName: string | null
  createdAt: string
  updatedAt: string
  /** Order facts the domain's `availableActions` needs. */
  residentId: number
  orgPath: string
  assigneeId: number | null
  takerId: number | null
}

export interface TimelineEntryDto {
  id: number
  event: OrderEvent
  from: OrderStatus | null
  to: OrderStatus
  /** Null for what the system did by rule (auto-close). */
  actorId: number | null
  actorRole: ActorRole
  /** Masked for residents other than the actor themselves; 系统 for the system. */
  actorName: string
  note: string | null
  rating: number | null
  assigneeId: number | null
  assigneeName: string | null
  photos: string[]
  at: string
}

export interface OrderDetailDto extends OrderSummaryDto {
  description: string
  photos: string[]
  contactName: string
  /** Full number for the committee and the person doing the work; masked for others. */
  contactPhone: string
  preferredTime: string | null
  rating: number | null
  assigneeName: string | null
  timeline: TimelineEntryDto[]
}

export interface CreateOrderRequest {
  categoryCode: string
  description: string
  photos?: string[]
  gridId: number
  address: string
  contactName: string
  contactPhone: string
  preferredTime?: string
  urgency: Urgency
}

export interface TransitionRequest {
  action: OrderAction
  note?: string
  rating?: number
  assigneeId?: number
  photos?: string[]
}

/**
 * Lists are scoped by role. The committee's `pending` inbox and the hall come most urgent first,
 * then oldest first (a queue); every other list newest activity first.
 */
export interface ListOrdersQuery {
  group?: StatusGroup
  /** Volunteers and Party members: `mine` (assigned to or taken by me) or `hall` (open orders). */
  view?: 'mine' | 'hall'
  cursor?: string
  limit?: number
}

/** How many orders of each status group the actor's list holds (`view` as for lists). */
export type OrderCountsDto = Record<StatusGroup, number>

export interface OrderCountsQuery {
  view?: 'mine' | 'hall'
}

export interface UploadDto {
  /** Path under the API, e.g. /api/uploads/2026/11/abc.jpg. */
  url: string
}
