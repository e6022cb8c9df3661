/** Every role a signed-in user can hold. */
export const ROLES = ['resident', 'committee', 'party_member', 'volunteer'] as const
export type Role = (typeof ROLES)[number]

export const ROLE_LABELS: Record<Role, string> = {
  resident: '居民',
  committee: '社区党委',
  party_member: '在职党员',
  volunteer: '志愿者',
}

/** Who can appear on a timeline: a person in one of the roles, or the system (e.g. auto-close). */
export type ActorRole = Role | 'system'

export const ACTOR_ROLE_LABELS: Record<ActorRole, string> = { ...ROLE_LABELS, system: '系统' }

/** Roles that take work: accept dispatched orders and claim from the hall. */
export const RESPONDER_ROLES = ['party_member', 'volunteer'] as const satisfies readonly Role[]

export function isResponder(role: ActorRole): boolean {
  return (RESPONDER_ROLES as readonly ActorRole[]).includes(role)
}
