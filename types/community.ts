/**
 * The contract for a community's own set-up, administered by its committee: volunteer teams
 * (leader, skills) and the grid tree. Same rules as `api.ts`.
 */
import { Type } from '@sinclair/typebox'

export const CommunityPing = Type.Object({})
