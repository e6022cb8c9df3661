/** Every role a signed-in user can hold. */
export const ROLES = ['resident', 'committee', 'party_member', 'volunteer'] as const
export type Role = (typeof ROLES)[number]

export const ROLE_LABELS: Record<Role, string> = {
  resident: '居民',
  committee: '社区党委',
  party_member: '在职党员',
  volunteer: '志愿者',
}

/** Roles that take work: accept dispatched orders and claim from the hall. */
export const RESPONDER_ROLES = ['party_member', 'volunteer'] as const satisfies readonly Role[]

export function isResponder(role: Role): boolean {
  return (RESPONDER_ROLES as readonly Role[]).includes(role)
}
