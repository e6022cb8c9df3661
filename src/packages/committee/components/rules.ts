import { canInvite, JOIN_RULES, ROLE_LABELS, type Actor, type Role } from '../../../domain'
import type { GridDto } from '../../../../types/api'
import type { CommunityTreeDto } from '../../../../types/community'
import type { MemberDto } from '../../../../types/people'

/** The roles the 邀请码 page offers, in the order a committee most often needs them. */
const INVITE_ROLES = ['resident', 'volunteer', 'grid_worker', 'committee', 'party_member'] as const satisfies readonly Role[]
export type InviteRole = (typeof INVITE_ROLES)[number]

/**
 * What the acting identity may invite people to: the domain's `canInvite` at the org such an
 * invite names (a compound's committee cannot invite to the community's teams).
 */
export function invitableRoles(actor: Actor): InviteRole[] {
  const community = actor.communityPath
  return INVITE_ROLES.filter((role) => canInvite(actor, role, INVITE_TARGETS[role] === 'community' && community ? community : actor.orgPath))
}

/**
 * Roles that join only by invite get a single-use invite by default: each such invite makes one
 * grid worker or committee member, so a forwarded picture cannot make more. Residents (and
 * those approved anyway) share one code, e.g. on a notice board.
 */
export function defaultMaxUses(role: Role): number | null {
  return JOIN_RULES[role] === 'invite_only' ? 1 : null
}

/** Where an invite to each role points: a grid (homes), the community (teams, 双报到), or a committee's own org. */
export const INVITE_TARGETS: Record<InviteRole, 'grid' | 'community' | 'committee'> = {
  resident: 'grid',
  grid_worker: 'grid',
  volunteer: 'community',
  party_member: 'community',
  committee: 'committee',
}

/**
 * Where a committee seat may be offered: a community-level committee seats members on its own
 * committee or on one of its compounds' (小区党支部); a compound's committee on its own only.
 * The server checks the same (the org lies in the inviter's subtree).
 */
export function committeeSeats(tree: Pick<CommunityTreeDto, 'id' | 'name' | 'compounds'>, actorOrgId: number): { value: number; label: string }[] {
  const compounds = tree.compounds.map((c) => ({ value: c.id, label: c.name }))
  if (actorOrgId === tree.id) return [{ value: tree.id, label: tree.name }, ...compounds]
  return compounds.filter((c) => c.value === actorOrgId)
}

/** The grids a committee may invite to: those in its subtree (a compound's committee, its own). */
export function gridsWithin(grids: GridDto[], orgPath: string): GridDto[] {
  return grids.filter((grid) => grid.path.startsWith(orgPath))
}

/** The grids of the committee's area as one list of choices, each named with its compound (锦绣小区党支部 · 第1网格). */
export function gridChoices(trees: readonly CommunityTreeDto[] | null): { id: number; name: string }[] {
  return (trees ?? []).flatMap((tree) => tree.compounds.flatMap((compound) => compound.grids.map((grid) => ({ id: grid.id, name: `${compound.name} · ${grid.name}` }))))
}

/** Grids under their compound (the part of the full name before the grid's own), in directory order. */
export function groupByCompound(grids: GridDto[]): [string, GridDto[]][] {
  const groups = new Map<string, GridDto[]>()
  for (const grid of grids) {
    const compound = grid.fullName.split(' · ').slice(0, -1).join(' · ')
    groups.set(compound, [...(groups.get(compound) ?? []), grid])
  }
  return [...groups]
}

/** An org chain without the part the viewer shares with it (a committee knows its own community). */
export function shortOrgName(orgName: string, viewerOrgName: string): string {
  const parts = orgName.split(' · ')
  const shared = viewerOrgName.split(' · ')
  let i = 0
  while (i < parts.length && i < shared.length && parts[i] === shared[i]) i += 1
  return parts.slice(Math.min(i, parts.length - 1)).join(' · ')
}

/**
 * Where an approved request puts the person, as the approver knows the place: the team a
 * volunteer joins, the home a resident or family proxy is bound to, the community (and work
 * unit) a Party member serves.
 */
export function approvalPlace(member: Pick<MemberDto, 'role' | 'orgName' | 'teamName' | 'householdAddress' | 'workUnitName'>, viewerOrgName: string): string {
  const org = shortOrgName(member.orgName, viewerOrgName)
  if (member.role === 'volunteer' && member.teamName) return member.teamName
  if (member.householdAddress) return `${org} ${member.householdAddress}`
  if (member.role === 'party_member' && member.workUnitName) return `${org}（${member.workUnitName}）`
  return org
}

/** What 通过 asks before it acts: who, as what, where; approving cannot be taken back from here. */
export function approvalQuestion(member: Pick<MemberDto, 'name' | 'role' | 'orgName' | 'teamName' | 'householdAddress' | 'workUnitName'>, viewerOrgName: string): string {
  return `确定通过${member.name}的申请吗？通过后，${member.name}将以${ROLE_LABELS[member.role]}身份加入：${approvalPlace(member, viewerOrgName)}。`
}

/** The invite form says 党委成员: one joins a committee as a member, 社区党委 names the body. */
export const INVITE_ROLE_LABELS: Record<InviteRole, string> = {
  resident: '居民',
  volunteer: '志愿者',
  grid_worker: '网格员',
  committee: '党委成员',
  party_member: '在职党员',
}

export const inviteRoleLabel = (role: Role): string => (INVITE_ROLE_LABELS as Partial<Record<Role, string>>)[role] ?? ROLE_LABELS[role]

export type InviteState = 'usable' | 'expired' | 'used_up' | 'revoked'

export const INVITE_STATE_LABELS: Record<InviteState, string> = { usable: '可用', expired: '已过期', used_up: '已用完', revoked: '已作废' }

/** Why an invite can or cannot be used; the server's `usable` decides, the dates and counts explain. */
export function inviteStateOf(invite: { usable: boolean; expiresAt: string; maxUses: number | null; uses: number }, now: Date): InviteState {
  if (invite.usable) return 'usable'
  if (invite.maxUses !== null && invite.uses >= invite.maxUses) return 'used_up'
  if (Date.parse(invite.expiresAt) <= now.getTime()) return 'expired'
  return 'revoked'
}
