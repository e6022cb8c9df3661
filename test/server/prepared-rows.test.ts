/**
 * Prepared selects map their rows with each column's decoder looked up once per statement
 * (server/repositories/prepared.ts): the rows must be exactly those drizzle's own mapping gives
 * for the same query, and selects with nested objects keep drizzle's mapping.
 */
import { asc, eq, sql } from 'drizzle-orm'
import type { Database, Db } from '../../server/db/client'
import { orderEvents, orders, orgs } from '../../server/db/schema'
import { prepared } from '../../server/repositories/prepared'
import { openTestDatabase } from '../support/app'

let database: Database
beforeAll(async () => {
  database = await openTestDatabase()
})
afterAll(() => database.close())

interface Query<Row> extends PromiseLike<Row[]> {
  prepare(name: string): { execute(): Promise<Row[]> }
}

let statements = 0

/** The rows of `build` run as it is and as a prepared statement, and whether the fast mapping took it. */
async function bothWays<Row>(build: (db: Db) => Query<Row>) {
  const db = database.db
  const expected = await build(db)
  const statement = prepared(`test_prepared_rows_${statements++}`, (d) => build(d))(db)
  return { expected, actual: await statement.execute(), fast: (statement as { customResultMapper?: unknown }).customResultMapper !== undefined }
}

test('whole order rows: timestamps, jsonb, arrays and nulls', async () => {
  const { expected, actual, fast } = await bothWays((db) => db.select().from(orders).orderBy(asc(orders.id)))
  expect(fast).toBe(true)
  expect(expected.length).toBeGreaterThan(10)
  expect(expected.some((o) => o.rating === null)).toBe(true)
  expect(actual).toEqual(expected)
  expect(actual[0].createdAt).toBeInstanceOf(Date)
})

test('timeline rows with their payloads', async () => {
  const { expected, actual, fast } = await bothWays((db) => db.select().from(orderEvents).orderBy(asc(orderEvents.id)))
  expect(fast).toBe(true)
  expect(expected.some((e) => e.payload !== null)).toBe(true)
  expect(actual).toEqual(expected)
})

test('picked columns, SQL expressions and SQL mapped with a column', async () => {
  const { expected, actual, fast } = await bothWays((db) =>
    db
      .select({
        id: orders.id,
        status: orders.status,
        total: sql<number>`(count(*) over ())::int`,
        touched: sql<Date>`${orders.updatedAt}`.mapWith(orders.updatedAt),
      })
      .from(orders)
      .orderBy(asc(orders.id)),
  )
  expect(fast).toBe(true)
  expect(actual).toEqual(expected)
  expect(actual[0].touched).toBeInstanceOf(Date)
})

test('nested objects and outer joins keep drizzle’s own mapping', async () => {
  const { expected, actual, fast } = await bothWays((db) =>
    db
      .select({ order: { id: orders.id, at: orders.updatedAt }, grid: { name: orgs.name } })
      .from(orders)
      .leftJoin(orgs, eq(orgs.id, orders.gridId))
      .orderBy(asc(orders.id)),
  )
  expect(fast).toBe(false)
  expect(actual).toEqual(expected)
})
