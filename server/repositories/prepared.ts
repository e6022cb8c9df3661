import { Column, is, SQL, sql, Subquery, type DriverValueDecoder } from 'drizzle-orm'
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
      statement = withRowMapper(build(db).prepare(name))
      statements.set(db, statement)
    }
    return statement
  }
}

/**
 * The parts of a prepared statement that both drivers (node-postgres and PGlite, drizzle 0.45)
 * read in `execute`: the selected fields in column order, and a mapper that, when set, receives
 * the rows (arrays of column values) instead of drizzle's own mapping.
 */
interface SelectStatement {
  fields?: { path: string[]; field: unknown }[]
  customResultMapper?: (rows: unknown[][]) => unknown
}

type Decoder = DriverValueDecoder<unknown, unknown>

/** The decoder drizzle's `mapResultRow` picks for a selected field. */
function decoderOf(field: unknown): Decoder {
  if (is(field, Column)) return field as unknown as Decoder
  if (is(field, SQL)) return (field as unknown as { decoder: Decoder }).decoder
  if (is(field, Subquery)) return (field as unknown as { _: { sql: { decoder: Decoder } } })._.sql.decoder
  return (field as { sql: { decoder: Decoder } }).sql.decoder
}

/**
 * Rows of a flat select (no nested objects, so no outer-join nulling either) as drizzle's
 * `mapResultRow` makes them, with each column's key and decoder looked up once per statement:
 * drizzle resolves them again for every cell (entity checks, a path iterator), the largest item
 * of a list request's CPU above a bare pg server's (profiled), and ~25 KB of garbage a request.
 */
function withRowMapper<P>(statement: P): P {
  const s = statement as SelectStatement
  const fields = s.fields
  if (!fields || s.customResultMapper || fields.some((f) => f.path.length !== 1)) return statement
  const keys = fields.map((f) => f.path[0])
  const decoders = fields.map((f) => decoderOf(f.field))
  const width = keys.length
  s.customResultMapper = (rows) =>
    rows.map((values) => {
      const row: Record<string, unknown> = {}
      for (let i = 0; i < width; i++) {
        const value = values[i]
        row[keys[i]] = value === null ? null : decoders[i].mapFromDriverValue(value)
      }
      return row
    })
  return statement
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
