/**
 * Every role a person can hold in an org unit (a membership). One person may hold several and
 * acts as one of them at a time.
 */
export const ROLES = ['resident', 'proxy', 'grid_worker', 'committee', 'street_admin', 'party_member', 'volunteer', 'department'] as const
export type Role = (typeof ROLES)[number]

export const ROLE_LABELS: Record<Role, string> = {
  resident: '居民',
  proxy: '亲情代理',
  grid_worker: '网格员',
  committee: '社区党委',
  street_admin: '街道管理员',
  party_member: '在职党员',
  volunteer: '志愿者',
  department: '驻区单位',
}

/** Who can appear on a timeline: a person in one of the roles, or the system (e.g. auto-close). */
export type ActorRole = Role | 'system'

export const ACTOR_ROLE_LABELS: Record<ActorRole, string> = { ...ROLE_LABELS, system: '系统' }

/**
 * Roles that take work: accept dispatched orders and take places (the hall's, or a call's). A
 * department's members answer the calls addressed to their unit (a 驻区单位 or 部门).
 */
export const RESPONDER_ROLES = ['party_member', 'volunteer', 'department'] as const satisfies readonly Role[]

export function isResponder(role: ActorRole): boolean {
  return (RESPONDER_ROLES as readonly ActorRole[]).includes(role)
}

/** Roles that speak for a household: they place its orders, follow, confirm and reopen them. */
export const HOUSEHOLD_ROLES = ['resident', 'proxy'] as const satisfies readonly Role[]

export function speaksForHousehold(role: ActorRole): boolean {
  return (HOUSEHOLD_ROLES as readonly ActorRole[]).includes(role)
}

/** Roles that read every order in their subtree without acting on it (a grid worker also orders for others). */
export const OVERSEER_ROLES = ['grid_worker', 'street_admin'] as const satisfies readonly Role[]

export function isOverseer(role: ActorRole): boolean {
  return (OVERSEER_ROLES as readonly ActorRole[]).includes(role)
}
