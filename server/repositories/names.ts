import { sql } from 'drizzle-orm'
import type { Db } from '../db/client'
import { categories, orgs, teams, users } from '../db/schema'
import { preparedSql } from './prepared'

/** Display names for the ids a page of orders or a timeline mentions. */
export interface Names {
  user(id: number): string
  org(id: number): string
  team(id: number): string
  category(code: string): string
}

const ph = sql.placeholder

const namesQuery = preparedSql<{ kind: 'u' | 'o' | 't' | 'c'; key: string; name: string }>(
  'display_names',
  sql`select 'u' as kind, id::text as key, name from ${users} where id = any(${ph('users')}::int[])
      union all select 'o', id::text, name from ${orgs} where id = any(${ph('orgs')}::int[])
      union all select 't', id::text, name from ${teams} where id = any(${ph('teams')}::int[])
      union all select 'c', code, name from ${categories} where code = any(${ph('categories')}::text[])`,
)

const distinct = <T>(values: readonly (T | null)[]) => [...new Set(values.filter((v): v is T => v !== null))]

export async function displayNames(
  db: Db,
  wanted: { users: readonly (number | null)[]; orgs: readonly (number | null)[]; teams?: readonly (number | null)[]; categories: readonly string[] },
): Promise<Names> {
  const teamIds = wanted.teams ?? []
  const rows = wanted.users.length + wanted.orgs.length + teamIds.length + wanted.categories.length === 0
    ? []
    : await namesQuery(db, { users: distinct(wanted.users), orgs: distinct(wanted.orgs), teams: distinct(teamIds), categories: distinct(wanted.categories) })
  const byKey = new Map(rows.map((row) => [`${row.kind}${row.key}`, row.name]))
  // Foreign keys guarantee every id has a row; '' only if one was deleted under us.
  const nameOf = (key: string) => byKey.get(key) ?? ''
  return {
    user: (id) => nameOf(`u${id}`),
    org: (id) => nameOf(`o${id}`),
    team: (id) => nameOf(`t${id}`),
    category: (code) => nameOf(`c${code}`),
  }
}
