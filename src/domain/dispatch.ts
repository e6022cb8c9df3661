/** What the dispatch picker knows of a possible assignee. */
export interface DispatchCandidate {
  /** Service names this person is good at, as in the catalogue (e.g. 维修, 助医). */
  skills: readonly string[]
  /** Orders they have accepted and not finished. */
  activeOrders: number
}

/** Whether the candidate lists the order's service among their skills. */
export function isSkilledFor(candidate: DispatchCandidate, serviceName: string): boolean {
  return candidate.skills.includes(serviceName)
}

/**
 * The order to offer candidates to a dispatcher: those skilled in the order's service first,
 * then the least busy; otherwise as given.
 */
export function rankCandidates<C extends DispatchCandidate>(candidates: readonly C[], serviceName: string): C[] {
  const unskilled = (c: C) => (isSkilledFor(c, serviceName) ? 0 : 1)
  return [...candidates].sort((a, b) => unskilled(a) - unskilled(b) || a.activeOrders - b.activeOrders)
}
