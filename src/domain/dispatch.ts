import type { Urgency } from './urgency'

/** What the dispatch picker knows of a possible assignee. */
export interface DispatchCandidate {
  /**
   * Services this person is good at, by catalogue code (e.g. repair): a name may be another
   * community's own service too, or change.
   */
  skills: readonly { code: string }[]
  /** Orders they have accepted and not finished. */
  activeOrders: number
}

/** Whether the candidate lists the order's service (its catalogue code) among their skills. */
export function isSkilledFor(candidate: DispatchCandidate, serviceCode: string): boolean {
  return candidate.skills.some((skill) => skill.code === serviceCode)
}

/**
 * The order to offer candidates to a dispatcher: those skilled in the order's service (its
 * catalogue code) first, then the least busy; otherwise as given.
 */
export function rankCandidates<C extends DispatchCandidate>(candidates: readonly C[], serviceCode: string): C[] {
  const unskilled = (c: C) => (isSkilledFor(c, serviceCode) ? 0 : 1)
  return [...candidates].sort((a, b) => unskilled(a) - unskilled(b) || a.activeOrders - b.activeOrders)
}

/**
 * How a new order of a service leaves the community's hands (its 派单方式, set per service in the
 * 服务目录): into the committee's queue to be decided (the default), straight into the hall, or
 * straight to one of the community's volunteer teams.
 */
export const DISPATCH_MODES = ['committee', 'hall', 'team'] as const
export type DispatchMode = (typeof DISPATCH_MODES)[number]

export const DISPATCH_MODE_LABELS: Record<DispatchMode, string> = {
  committee: '由社区党委派单',
  hall: '直接发布到接单大厅',
  team: '直接派给服务队',
}

/** A community's default for one service, with what the database knows of its team now. */
export interface DispatchDefault {
  /** Emergency services (助急) always reach the committee first. */
  emergency: boolean
  dispatchMode: DispatchMode
  dispatchTeamId: number | null
  dispatchTeamName: string | null
  /** The team is still the community's and has someone in it to take the order. */
  dispatchTeamReady: boolean
}

/** What the system does with a new order by its community's default: an action and its input. */
export interface DefaultDispatch {
  action: 'publish' | 'call'
  input: { note: string; slots?: { kind: 'team'; headcount: 1; unitId: number }[] }
}

/**
 * What the system does with a new order as its community set the service up, or null when the
 * committee decides (the default). Emergencies — the 助急 service, or any order its household
 * marks 紧急 — always wait for the committee: a risk to life needs someone who answers for it at
 * once (calls 120, reaches the family, sends the 应急处突队), not a place in a hall that nobody may
 * take. A team that can no longer take orders (gone, or nobody left in it) leaves the order with
 * the committee too, rather than with no one.
 */
export function defaultDispatchOf(service: DispatchDefault, order: { urgency: Urgency }): DefaultDispatch | null {
  if (service.emergency || order.urgency === 'emergency') return null
  if (service.dispatchMode === 'hall') return { action: 'publish', input: { note: '按社区设置自动发布到接单大厅' } }
  if (service.dispatchMode === 'team' && service.dispatchTeamId !== null && service.dispatchTeamReady) {
    return {
      action: 'call',
      input: {
        note: `按社区设置直接派给服务队${service.dispatchTeamName ? `「${service.dispatchTeamName}」` : ''}`,
        slots: [{ kind: 'team', headcount: 1, unitId: service.dispatchTeamId }],
      },
    }
  }
  return null
}
