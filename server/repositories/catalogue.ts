import { randomBytes } from 'node:crypto'
import { sql, type SQLWrapper } from 'drizzle-orm'
import type { Db } from '../db/client'
import type { DispatchDefault, DispatchMode } from '../../src/domain'
import type { SkillDto } from '../../types/api'
import { categories, communityServices, memberships, orgs, teams } from '../db/schema'
import { preparedSql, rowsOf } from './prepared'

/**
 * The service catalogue as one community sees it: the shared catalogue plus the services it
 * added itself, with its own settings (switched off, photo rule, 派单方式) where it set them.
 */
export interface ServiceRecord extends DispatchDefault {
  code: string
  name: string
  description: string
  emergency: boolean
  /** As the community sets it, else as the catalogue says. */
  photoRequired: boolean
  enabled: boolean
  /** Added by this community rather than from the shared catalogue. */
  own: boolean
}

/** A service as the community of a new order's household offers it, with that community's path. */
export interface ServiceForOrder extends ServiceRecord {
  /** Null when the household's grid lies in no community. */
  communityPath: string | null
}

const ph = sql.placeholder

/** The community an org path lies in: the ancestor of kind community (path segments are org ids). */
const communityOfPath = (path: SQLWrapper) =>
  sql`(select o.id from ${orgs} o where o.id = any(string_to_array(trim(both '/' from ${path}::text), '/')::int[]) and o.kind = 'community')`

/**
 * The community's settings, else the catalogue's. A default team can take orders while it is the
 * community's and someone may take a place in it (an active volunteer of it).
 */
const SERVICE_COLUMNS = sql`c.code, c.name, c.description, c.emergency, coalesce(s.photo_required, c.photo_required) as "photoRequired",
  coalesce(s.enabled, true) as enabled, c.community_id is not null as own,
  coalesce(s.dispatch_mode, 'committee') as "dispatchMode", s.dispatch_team_id as "dispatchTeamId", t.name as "dispatchTeamName",
  coalesce(t.org_id = s.community_id and exists(
    select 1 from ${memberships} m where m.team_id = t.id and m.role = 'volunteer' and m.status = 'active'
  ), false) as "dispatchTeamReady"`

/** The services of the `community` CTE (id and path; nulls for a path in no community) with its settings. */
const SERVICES_OF_COMMUNITY = sql`from ${categories} c cross join community
  left join ${communityServices} s on s.code = c.code and s.community_id = community.id
  left join ${teams} t on t.id = s.dispatch_team_id
  where (c.community_id is null or c.community_id = community.id)`

/** Always one row: the community's id and path, or nulls. */
const communityAt = (path: SQLWrapper) => sql`community as (select o.id, o.path from (select 1) one left join ${orgs} o on o.id = ${communityOfPath(path)})`

/** On every new order: one prepared statement for the service as the household's community sees it. */
const serviceForPath = preparedSql<ServiceForOrder>(
  'service_for_path',
  sql`with ${communityAt(ph('path'))}
      select ${SERVICE_COLUMNS}, community.path as "communityPath"
      ${SERVICES_OF_COMMUNITY} and c.code = ${ph('code')}`,
)

export async function findServiceFor(db: Db, code: string, orgPath: string): Promise<ServiceForOrder | null> {
  const [row] = await serviceForPath(db, { code, path: orgPath })
  return row ?? null
}

/**
 * Every service the community at or above `orgPath` has, in catalogue order (`enabledOnly` for
 * the order form); the shared catalogue alone when the path lies in no community.
 */
export async function listServices(db: Db, orgPath: string | null, { enabledOnly = false } = {}): Promise<ServiceRecord[]> {
  return rowsOf<ServiceRecord>(
    db,
    sql`with ${communityAt(orgPath === null ? sql`null::text` : sql`${orgPath}`)}
        select ${SERVICE_COLUMNS}
        ${SERVICES_OF_COMMUNITY}
        ${enabledOnly ? sql`and coalesce(s.enabled, true)` : sql``}
        order by c.sort, c.code`,
  )
}

/**
 * Skills (catalogue codes in a `text[]` column) as `[{code, name}]`, in the order they were set.
 * The name is read here, not by the app: a street reads teams of several communities, each with
 * its own services, and a switched-off service is still someone's skill.
 */
export const skillsOf = (column: SQLWrapper) =>
  sql<SkillDto[]>`coalesce((select json_agg(json_build_object('code', sk.code, 'name', sk.name) order by s.ord)
    from unnest(${column}) with ordinality as s(code, ord) join ${categories} sk on sk.code = s.code), '[]'::json)`

/** A community's setting for one service; `photoRequired: null` goes back to the catalogue's rule. */
export async function setServiceSettings(db: Db, communityId: number, code: string, settings: { enabled: boolean; photoRequired: boolean | null }) {
  await db
    .insert(communityServices)
    .values({ communityId, code, ...settings })
    .onConflictDoUpdate({ target: [communityServices.communityId, communityServices.code], set: settings })
}

/** A community's 派单方式 for one service; its other settings stay as they are. */
export async function setServiceDispatch(db: Db, communityId: number, code: string, dispatch: { dispatchMode: DispatchMode; dispatchTeamId: number | null }) {
  await db
    .insert(communityServices)
    .values({ communityId, code, ...dispatch })
    .onConflictDoUpdate({ target: [communityServices.communityId, communityServices.code], set: dispatch })
}

/** A team of the community, with how many active volunteers it has: whom a service may be sent to. */
export async function findCommunityTeam(db: Db, teamId: number, communityId: number): Promise<{ id: number; name: string; members: number } | null> {
  const [team] = await rowsOf<{ id: number; name: string; members: number }>(
    db,
    sql`select t.id, t.name, (select count(*)::int from ${memberships} m
          where m.team_id = t.id and m.role = 'volunteer' and m.status = 'active') as members
        from ${teams} t where t.id = ${teamId} and t.org_id = ${communityId}`,
  )
  return team ?? null
}

/** A service only this community offers; its code is made here, so it never clashes with the catalogue's. */
export async function insertOwnService(
  db: Db,
  communityId: number,
  service: { name: string; description: string; photoRequired: boolean },
): Promise<string> {
  const code = `c${communityId}-${randomBytes(4).toString('hex')}`
  await db.insert(categories).values({ code, ...service, emergency: false, sort: 1000, communityId })
  return code
}
