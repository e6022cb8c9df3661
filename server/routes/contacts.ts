import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { sql } from 'drizzle-orm'
import { speaksForHousehold } from '../../src/domain'
import type { Db } from '../db/client'
import { memberships, orgs, users } from '../db/schema'
import { forbidden } from '../errors'
import { requireUser, userOf } from '../plugins/auth'
import { findHousehold } from '../repositories/households'
import { rowsOf } from '../repositories/prepared'
import { errors } from '../../types/api'
import { HouseholdContacts, type ContactDto, type HouseholdContactsDto } from '../../types/contacts'

// The two reads below live here rather than in repositories/ only to keep this read-only route
// in one file; they are one-off statements, not a hot path.

/** The grid's active grid workers, longest serving first. */
function gridWorkersOf(db: Db, gridId: number): Promise<ContactDto[]> {
  return rowsOf<ContactDto>(
    db,
    sql`select u.name, u.phone from ${memberships} m join ${users} u on u.id = m.user_id
        where m.org_id = ${gridId} and m.role = 'grid_worker' and m.status = 'active' order by m.id`,
  )
}

/**
 * The community above a grid and a number to call it on. Orgs have no phone column yet (adding
 * one needs a migration): until then the community's number is that of its first active
 * committee member at community level (not a compound's branch).
 */
async function communityOf(db: Db, gridPath: string): Promise<HouseholdContactsDto['community'] & { gridName: string }> {
  const [row] = await rowsOf<{ name: string; phone: string | null; gridName: string }>(
    db,
    sql`select c.name,
          (select u.phone from ${memberships} m join ${users} u on u.id = m.user_id
           where m.org_id = c.id and m.role = 'committee' and m.status = 'active' order by m.id limit 1) as phone,
          (select g.name from ${orgs} g where g.path = ${gridPath}) as "gridName"
        from ${orgs} c
        where c.kind = 'community' and c.id = any(string_to_array(trim(both '/' from ${gridPath}::text), '/')::int[])`,
  )
  return { name: row?.name ?? '', phone: row?.phone || null, gridName: row?.gridName ?? '' }
}

/** Whom a resident or family proxy calls about their household: its grid worker and its community. */
const contactsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/me/contacts',
    {
      preValidation: requireUser,
      schema: {
        tags: ['people'],
        summary: '本户的联系人：所在网格的网格员、社区党委（居民、亲情代理）',
        response: { 200: HouseholdContacts, ...errors(401, 403) },
      },
    },
    async (request): Promise<HouseholdContactsDto> => {
      const user = userOf(request)
      const household = speaksForHousehold(user.role) && user.householdId !== null ? await findHousehold(app.db, user.householdId) : null
      if (!household) throw forbidden('只有居民和亲情代理可以查看本户的网格员和社区电话')
      const [gridWorkers, { gridName, ...community }] = await Promise.all([gridWorkersOf(app.db, household.gridId), communityOf(app.db, household.orgPath)])
      return { gridName, gridWorkers, community }
    },
  )
}

export default contactsRoutes
