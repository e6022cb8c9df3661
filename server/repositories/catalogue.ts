import { randomBytes } from 'node:crypto'
import { sql, type SQLWrapper } from 'drizzle-orm'
import type { Db } from '../db/client'
import { categories, communityServices, orgs } from '../db/schema'
import { preparedSql, rowsOf } from './prepared'

/**
 * The service catalogue as one community sees it: the shared catalogue plus the services it
 * added itself, with its own settings (switched off, photo rule) where it set them.
 */
export interface ServiceRecord {
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

const ph = sql.placeholder

/** The community an org path lies in: the ancestor of kind community (path segments are org ids). */
const communityOfPath = (path: SQLWrapper) =>
  sql`(select o.id from ${orgs} o where o.id = any(string_to_array(trim(both '/' from ${path}::text), '/')::int[]) and o.kind = 'community')`

const SERVICE_COLUMNS = sql`c.code, c.name, c.description, c.emergency, coalesce(s.photo_required, c.photo_required) as "photoRequired",
  coalesce(s.enabled, true) as enabled, c.community_id is not null as own`

/** On every new order: one prepared statement for the service as the household's community sees it. */
const serviceForPath = preparedSql<ServiceRecord>(
  'service_for_path',
  sql`with community as (select ${communityOfPath(ph('path'))} as id)
      select ${SERVICE_COLUMNS}
      from ${categories} c cross join community
      left join ${communityServices} s on s.code = c.code and s.community_id = community.id
      where c.code = ${ph('code')} and (c.community_id is null or c.community_id = community.id)`,
)

export async function findServiceFor(db: Db, code: string, orgPath: string): Promise<ServiceRecord | null> {
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
    sql`with community as (select ${orgPath === null ? sql`null::int` : communityOfPath(sql`${orgPath}`)} as id)
        select ${SERVICE_COLUMNS}
        from ${categories} c cross join community
        left join ${communityServices} s on s.code = c.code and s.community_id = community.id
        where (c.community_id is null or c.community_id = community.id)
        ${enabledOnly ? sql`and coalesce(s.enabled, true)` : sql``}
        order by c.sort, c.code`,
  )
}

/** A community's setting for one service; `photoRequired: null` goes back to the catalogue's rule. */
export async function setServiceSettings(db: Db, communityId: number, code: string, settings: { enabled: boolean; photoRequired: boolean | null }) {
  await db
    .insert(communityServices)
    .values({ communityId, code, ...settings })
    .onConflictDoUpdate({ target: [communityServices.communityId, communityServices.code], set: settings })
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
