import { sql, type SQL } from 'drizzle-orm'
import { PgDialect } from 'drizzle-orm/pg-core'
import type { Db } from '../db/client'

/**
 * A statement built once per database and prepared under a name, for hot paths: Drizzle does
 * not rebuild its SQL text per request (a third of the server's CPU on lists, measured), and
 * PostgreSQL plans a named statement once per connection instead of on every call.
 * Names must be unique: PostgreSQL refuses a second statement of the same name on a connection.
 * Bound to `db` itself: inside a transaction build the query on `tx` instead, or it would run
 * on another connection.
 */
export function prepared<P>(name: string, build: (db: Db) => { prepare(name: string): P }): (db: Db) => P {
  const statements = new WeakMap<Db, P>()
  return (db) => {
    let statement = statements.get(db)
    if (!statement) {
      statement = build(db).prepare(name)
      statements.set(db, statement)
    }
    return statement
  }
}

const dialect = new PgDialect()

/** As `prepared`, for SQL the query builder cannot express; values come from `sql.placeholder`s. */
export function preparedSql<Row>(name: string, query: SQL): (db: Db, params: Record<string, unknown>) => Promise<Row[]> {
  const statement = prepared(name, (db) => ({
    prepare: (n: string) => db._.session.prepareQuery(dialect.sqlToQuery(query), undefined, n, false),
  }))
  // Both drivers answer a raw statement with `{ rows }`.
  return async (db, params) => ((await statement(db).execute(params)) as { rows: Row[] }).rows
}

/** Rows of a one-off raw statement (admin and approval paths, not hot ones). */
export async function rowsOf<Row>(db: Db, query: SQL): Promise<Row[]> {
  return ((await db.execute(query)) as unknown as { rows: Row[] }).rows
}

/**
 * A timestamptz as ISO 8601 text (`2026-11-20T08:00:00.000Z`) for raw statements: both drivers
 * hand raw timestamps over as PostgreSQL's own text, which Date does not reliably parse.
 */
export const isoTime = (column: SQL) => sql<string>`to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`

/**
 * Known words (statuses, roles) as a SQL list of literals: `'a', 'b'`. Printed rather than bound
 * where a partial index's predicate must match the query's text; never for user input.
 */
export const quotedList = (values: readonly string[]) => sql.raw(values.map((v) => `'${v}'`).join(', '))
