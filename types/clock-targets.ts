/**
 * The contract for a community's service time limits (时限): how soon an order must be answered
 * and done, per service and urgency, where the committee sets its own instead of the defaults.
 * Same rules as `api.ts`.
 */
import { Type, type Static } from '@sinclair/typebox'
import { ANY_SERVICE, MAX_TARGET_DAYS, URGENCIES } from '../src/domain'
import { literals } from './api'

const Minutes = Type.Integer({ minimum: 1, maximum: MAX_TARGET_DAYS * 1440 })

export const ClockTarget = Type.Object(
  {
    categoryCode: Type.String({ minLength: 1, maxLength: 40, description: `A service code of the catalogue, or '${ANY_SERVICE}' for every service.` }),
    urgency: literals(URGENCIES),
    responseMinutes: Minutes,
    completionMinutes: Minutes,
  },
  { additionalProperties: false },
)
export type ClockTargetDto = Static<typeof ClockTarget>

export const ClockTargetKey = Type.Object(
  { categoryCode: Type.String({ minLength: 1, maxLength: 40 }), urgency: literals(URGENCIES) },
  { additionalProperties: false },
)
export type ClockTargetKeyDto = Static<typeof ClockTargetKey>

export const ClockTargetPage = Type.Object({
  /** What applies where the community sets nothing: by urgency. */
  defaults: Type.Array(Type.Object({ urgency: literals(URGENCIES), responseMinutes: Type.Integer(), completionMinutes: Type.Integer() })),
  /** The community's own, most specific first (a service's own before '*'). */
  overrides: Type.Array(ClockTarget),
})
export type ClockTargetPageDto = Static<typeof ClockTargetPage>
