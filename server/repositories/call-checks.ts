import { sql } from 'drizzle-orm'
import { RESPONDER_ROLES, qualifiesFor, type Actor, type OrderAction, type OrderFacts, type SlotCandidate, type SlotSpec, type TransitionInput } from '../../src/domain'
import type { Db } from '../db/client'
import { categories, memberships, orgs, teams } from '../db/schema'
import { rowsOf } from './prepared'

// What the domain cannot know about a dispatch, a call or an invitation: whether the people,
// teams and units named exist and lie within reach of whoever names them.

const ROLES_SQL = sql.join(RESPONDER_ROLES.map((r) => sql`${r}`), sql`, `)

/** Org paths on the branch of `path`: above it (a community's teams and people) or inside it. */
const onBranch = (column: string, path: string) => sql`(${path} like ${sql.raw(column)} || '%' or ${sql.raw(column)} like ${path} || '%')`

/** The active responder memberships of a person on the branch of `scopePath`. */
async function responderMemberships(db: Db, userId: number, scopePath: string): Promise<SlotCandidate[]> {
  return rowsOf<SlotCandidate>(db,
    sql`select m.role, m.team_id as "teamId", m.work_unit_id as "workUnitId"
        from ${memberships} m join ${orgs} o on o.id = m.org_id
        where m.user_id = ${userId} and m.status = 'active' and m.role in (${ROLES_SQL}) and ${onBranch('o.path', scopePath)}`,
  )
}

async function teamOnBranch(db: Db, teamId: number, scopePath: string): Promise<boolean> {
  const rows = await rowsOf(db, sql`select 1 from ${teams} t join ${orgs} o on o.id = t.org_id where t.id = ${teamId} and ${onBranch('o.path', scopePath)}`)
  return rows.length > 0
}

async function workUnitExists(db: Db, orgId: number): Promise<boolean> {
  return (await rowsOf(db, sql`select 1 from ${orgs} where id = ${orgId} and kind = 'work_unit'`)).length > 0
}

async function serviceExists(db: Db, code: string): Promise<boolean> {
  return (await rowsOf(db, sql`select 1 from ${categories} where code = ${code}`)).length > 0
}

const NOT_A_RESPONDER = '只能派给本辖区的党员、志愿者或驻区单位人员'

async function slotSpecProblem(db: Db, spec: SlotSpec, actor: Actor): Promise<string | null> {
  if (spec.inviteeId && (await responderMemberships(db, spec.inviteeId, actor.orgPath)).length === 0) return `参数 slots 不合法：${NOT_A_RESPONDER}`
  if (spec.kind === 'team' && !(await teamOnBranch(db, spec.unitId!, actor.orgPath))) return '参数 slots 不合法：没有这支志愿队伍'
  if (spec.kind === 'department' && !(await workUnitExists(db, spec.unitId!))) return '参数 slots 不合法：没有这个部门或驻区单位'
  if (spec.skill && !(await serviceExists(db, spec.skill))) return '参数 slots 不合法：skill 须是服务目录里的服务'
  return null
}

/**
 * The problem with the people, teams or units an accepted dispatch, call or invitation names, as a
 * zh-CN sentence for a 400, or null. An invitee must be able to take the slot they are invited to.
 */
export async function inputProblemOfCall(db: Db, order: OrderFacts, action: OrderAction, input: TransitionInput, actor: Actor): Promise<string | null> {
  switch (action) {
    case 'dispatch':
      return (await responderMemberships(db, input.assigneeId!, actor.orgPath)).length > 0 ? null : `参数 assigneeId 不合法：${NOT_A_RESPONDER}`
    case 'call':
      for (const spec of input.slots ?? []) {
        const problem = await slotSpecProblem(db, spec, actor)
        if (problem) return problem
      }
      return null
    case 'invite': {
      const slot = order.slots.find((s) => s.id === input.slotId)!
      const candidates = await responderMemberships(db, input.inviteeId!, actor.orgPath)
      const fits = candidates.some((c) => slot.kind === 'person' || qualifiesFor(slot, c))
      return fits ? null : '参数 inviteeId 不合法：此人不能担任这个名额（须是本辖区相应的党员、志愿队员或单位人员）'
    }
    default:
      return null
  }
}
