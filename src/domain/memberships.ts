import type { Actor } from './order-machine'
import { speaksForHousehold, type Role } from './roles'

/**
 * The org tree, rural and urban alike: street/township → community/village → compound/village
 * group → grid. Work units (驻区单位, 机关/企事业 branches) sit beside it: in-service Party members
 * belong to one and serve a community.
 */
export const ORG_KINDS = ['street', 'community', 'compound', 'grid', 'work_unit'] as const
export type OrgKind = (typeof ORG_KINDS)[number]

/** An org's own id: the last step of its path (`/1/2/5/` → 5); null for anything else. */
export function orgIdOf(path: string | null | undefined): number | null {
  const id = Number(path?.split('/').filter(Boolean).pop())
  return Number.isInteger(id) && id > 0 ? id : null
}

/** The path of an org's parent (`/1/2/5/` → `/1/2/`): a community's street, a grid's compound. */
export const parentPathOf = (path: string): string => path.replace(/\d+\/$/, '')

export const ORG_KIND_LABELS: Record<OrgKind, string> = {
  street: '街道/乡镇',
  community: '社区/村',
  compound: '小区/村民小组',
  grid: '网格',
  work_unit: '单位',
}

export const MEMBERSHIP_STATUSES = ['pending', 'active', 'ended'] as const
export type MembershipStatus = (typeof MEMBERSHIP_STATUSES)[number]

export const MEMBERSHIP_STATUS_LABELS: Record<MembershipStatus, string> = { pending: '待审核', active: '已生效', ended: '已结束' }

/** What can happen to a membership; each is a row in its history. */
export const MEMBERSHIP_EVENTS = ['registered', 'requested', 'invited', 'approved', 'rejected', 'corrected', 'ended', 'leads_team', 'stops_leading'] as const
export type MembershipEvent = (typeof MEMBERSHIP_EVENTS)[number]

export const MEMBERSHIP_EVENT_LABELS: Record<MembershipEvent, string> = {
  registered: '登记',
  requested: '申请',
  invited: '凭邀请加入',
  approved: '审核通过',
  rejected: '审核未通过',
  corrected: '信息更正',
  ended: '身份结束',
  // A volunteer's standing in their team changes: the leader decides who joins it.
  leads_team: '任服务队队长',
  stops_leading: '卸任服务队队长',
}

/** The org kinds a membership of each role attaches to: its scope in the tree. */
export const ROLE_ORG_KINDS: Record<Role, readonly OrgKind[]> = {
  resident: ['grid'],
  proxy: ['grid'],
  grid_worker: ['grid'],
  committee: ['community', 'compound'],
  street_admin: ['street'],
  party_member: ['community'],
  volunteer: ['community'],
  department: ['community'],
}

/**
 * How a person comes to hold a role. Residents register and may order at once (the committee
 * corrects or removes afterwards); 双报到 Party members, volunteers and family proxies wait for
 * an approval; grid workers, committee members and street administrators join only through an
 * invite made by someone who may grant the role.
 */
export type JoinRule = 'at_once' | 'approval' | 'invite_only'
export const JOIN_RULES: Record<Role, JoinRule> = {
  resident: 'at_once',
  proxy: 'approval',
  party_member: 'approval',
  volunteer: 'approval',
  department: 'approval',
  grid_worker: 'invite_only',
  committee: 'invite_only',
  street_admin: 'invite_only',
}

/** How a join request arrives: with an invite or not; at a home someone already lives in or not. */
export interface Joining {
  viaInvite: boolean
  /** The household already has an active resident (other than the applicant). */
  homeTaken: boolean
}

/**
 * The status a new membership starts in. An invite stands in for the community's approval, never
 * for a household's: a family proxy, or a resident registering at a home someone already lives
 * in, waits for that home's resident (or the committee). Otherwise anyone who typed a
 * neighbour's address would read that home's orders and phone numbers at once.
 */
export function initialStatus(role: Role, joining: Joining): Exclude<MembershipStatus, 'ended'> | null {
  if (role === 'proxy' || (role === 'resident' && joining.homeTaken)) return 'pending'
  const rule = JOIN_RULES[role]
  if (rule === 'at_once' || joining.viaInvite) return 'active'
  return rule === 'approval' ? 'pending' : null
}

/** The parts of a membership its guards need. */
export interface MembershipFacts {
  userId: number
  role: Role
  status: MembershipStatus
  /** The org the membership attaches to, e.g. `/1/2/` for a community. */
  orgPath: string
  householdId: number | null
  /** The leader of the volunteer team, for a volunteer's membership. */
  teamLeaderId: number | null
}

const within = (path: string, actor: Actor) => /^(\/\d+)+\/$/.test(actor.orgPath) && path.startsWith(actor.orgPath)

/**
 * Who approves or rejects a pending membership: the committee whose subtree holds it; for a
 * family proxy or a second resident of a home also the household's resident; for a volunteer
 * also the team's leader.
 */
export function canDecide(m: MembershipFacts, actor: Actor): boolean {
  if (m.status !== 'pending') return false
  // Always within the actor's own subtree: a team leader in one community decides nothing in another.
  if (!within(m.orgPath, actor)) return false
  if (actor.role === 'committee') return true
  if (speaksForHousehold(m.role)) return actor.role === 'resident' && actor.householdId === m.householdId && m.householdId !== null
  if (m.role === 'volunteer') return actor.role === 'volunteer' && m.teamLeaderId === actor.id
  return false
}

/** A person may leave any of their own memberships; the committee may remove one in its subtree. */
export function canEnd(m: MembershipFacts, actor: Actor): boolean {
  if (m.status === 'ended') return false
  return m.userId === actor.id || (actor.role === 'committee' && within(m.orgPath, actor))
}

/**
 * Roles a committee may invite people to; a street administrator sets up committees only. No
 * family proxy: binding to a home is the household's decision, which no invite can make.
 */
const INVITABLE: Partial<Record<Role, readonly Role[]>> = {
  committee: ['resident', 'party_member', 'volunteer', 'department', 'grid_worker', 'committee'],
  street_admin: ['committee'],
}

/** Whether `actor` may make invites to `role` at the org with path `orgPath`. */
export function canInvite(actor: Actor, role: Role, orgPath: string): boolean {
  const roles = INVITABLE[actor.role as Role] ?? []
  return roles.includes(role) && within(orgPath, actor)
}
