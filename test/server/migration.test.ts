import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { sql } from 'drizzle-orm'
import { drizzle } from 'drizzle-orm/pglite'
import { migrate } from 'drizzle-orm/pglite/migrator'
import { MIGRATIONS_DIR } from '../../server/db/client'
import { PGlite } from '../support/real-node'
import { queryRows } from '../support/app'

/** A copy of the migrations whose journal `upTo` cuts after a tag: the database as it was then. */
function scratchMigrations() {
  const dir = mkdtempSync(join(tmpdir(), 'sandan-migration-'))
  const journalPath = join(dir, 'meta', '_journal.json')
  cpSync(MIGRATIONS_DIR, dir, { recursive: true })
  const journal = JSON.parse(readFileSync(journalPath, 'utf8')) as { entries: { tag: string }[] }
  const upTo = (tag: string) => {
    const entries = journal.entries.slice(0, journal.entries.findIndex((e) => e.tag === tag) + 1)
    writeFileSync(journalPath, JSON.stringify({ ...journal, entries }))
  }
  return { dir, upTo }
}

/**
 * Migration 0004 turns one role per user into memberships and gives every order a household.
 * A database written before it (one community, users with roles, orders, sessions) must come
 * out with the same people acting in the same roles, and every order followed by its resident.
 */
test('0004 carries single-role users, their orders and their sessions over to memberships and households', async () => {
  const { dir, upTo } = scratchMigrations()
  const pg = new PGlite()
  const db = drizzle({ client: pg })
  try {
    upTo('0003_hardening')
    await migrate(db, { migrationsFolder: dir })
    // The shape of data before memberships: roles on users, orders by resident.
    await pg.exec(`
      insert into categories (code, name, description) values ('meals', '助餐', '送餐');
      insert into orgs (id, parent_id, kind, name, path) values (1, null, 'community', '阳光社区', '/1/'), (2, 1, 'compound', '锦绣小区', '/1/2/'), (3, 2, 'grid', '第1网格', '/1/2/3/');
      insert into teams (id, org_id, name) values (1, 1, '先锋队');
      insert into users (id, name, phone, role, org_id, team_id, work_unit, created_at) values
        (1, '张大妈', '13800000001', 'resident', 3, null, null, now()),
        (2, '张大爷', '13800000002', 'resident', 3, null, null, now()),
        (3, '李先生', '13800000003', 'resident', 3, null, null, now()),
        (4, '王书记', '13800000004', 'committee', 1, null, null, now()),
        (5, '赵志愿', '13800000005', 'volunteer', 1, 1, null, now()),
        (6, '钱党员', '13800000006', 'party_member', 1, null, '县医院', now());
      insert into orders (id, resident_id, category_code, description, grid_id, org_path, address, contact_name, contact_phone, urgency, status, created_at, updated_at, idempotency_key)
        values (1, 1, 'meals', '送一周午餐', 3, '/1/2/3/', '1号楼101', '张大妈', '13800000001', 'normal', 'submitted', now(), now(), 'key-12345678'),
               (2, 2, 'meals', '送晚餐', 3, '/1/2/3/', '1号楼101', '张大爷', '13800000002', 'normal', 'submitted', now(), now(), null);
      insert into sessions (token_hash, user_id, created_at, expires_at) values ('h1', 1, now(), now() + interval '1 day'), ('h5', 5, now(), now() + interval '1 day');
      -- Rows written with explicit ids: move the sequences past them, as real inserts would have.
      select setval('orgs_id_seq', 3), setval('teams_id_seq', 1), setval('users_id_seq', 6), setval('orders_id_seq', 2);
    `)
    upTo('0004_people_and_communities')
    await migrate(db, { migrationsFolder: dir })

    const memberships = await queryRows<{ user_id: number; role: string; org_id: number; status: string; team_id: number | null; work_unit: string | null; household: string | null }>(
      db as never,
      sql`select m.user_id, m.role, m.org_id, m.status, m.team_id, w.name as work_unit, h.room as household
          from memberships m left join orgs w on w.id = m.work_unit_id left join households h on h.id = m.household_id order by m.user_id`,
    )
    expect(memberships).toEqual([
      { user_id: 1, role: 'resident', org_id: 3, status: 'active', team_id: null, work_unit: null, household: '1号楼101' },
      // Same address as his wife's last order: the same household.
      { user_id: 2, role: 'resident', org_id: 3, status: 'active', team_id: null, work_unit: null, household: '1号楼101' },
      // No order yet: a placeholder address the committee corrects.
      { user_id: 3, role: 'resident', org_id: 3, status: 'active', team_id: null, work_unit: null, household: '待更正（用户3）' },
      { user_id: 4, role: 'committee', org_id: 1, status: 'active', team_id: null, work_unit: null, household: null },
      { user_id: 5, role: 'volunteer', org_id: 1, status: 'active', team_id: 1, work_unit: null, household: null },
      { user_id: 6, role: 'party_member', org_id: 1, status: 'active', team_id: null, work_unit: '县医院', household: null },
    ])
    const history = await queryRows<{ n: number }>(db as never, sql`select count(*)::int as n from membership_events where event = 'registered'`)
    expect(history).toEqual([{ n: 6 }])

    const orders = await queryRows<{ id: number; placed_by_id: number; placed_as: string; same_household: boolean }>(
      db as never,
      sql`select o.id, o.placed_by_id, o.placed_as, o.household_id = (select household_id from memberships where user_id = 1) as same_household from orders o order by o.id`,
    )
    expect(orders).toEqual([
      { id: 1, placed_by_id: 1, placed_as: 'resident', same_household: true },
      { id: 2, placed_by_id: 2, placed_as: 'resident', same_household: true },
    ])
    // Sessions keep working, acting as the user's one membership.
    const sessions = await queryRows<{ token_hash: string; role: string }>(
      db as never,
      sql`select s.token_hash, m.role from sessions s join memberships m on m.id = s.membership_id order by s.token_hash`,
    )
    expect(sessions).toEqual([{ token_hash: 'h1', role: 'resident' }, { token_hash: 'h5', role: 'volunteer' }])
    // The idempotency key moved with the column: a retry by the same person still finds the order.
    await expect(
      db.execute(sql`insert into orders (placed_by_id, placed_as, household_id, category_code, description, grid_id, org_path, address, contact_name, contact_phone, urgency, status, created_at, updated_at, idempotency_key)
                     select 1, 'resident', household_id, 'meals', 'x', 3, '/1/2/3/', 'a', 'b', 'c', 'normal', 'submitted', now(), now(), 'key-12345678' from orders where id = 1`),
    ).rejects.toThrow()
  } finally {
    await pg.close()
    rmSync(dir, { recursive: true, force: true })
  }
})

/**
 * Migration 0022 turns skills from service names into catalogue codes. A name is ambiguous once a
 * community may add its own service: the shared catalogue's wins, else the own service of the
 * team's community (a person's: of a community they hold a membership in); anything else goes.
 */
test('0022 rewrites team and person skills from names to the codes of services their community may offer', async () => {
  const { dir, upTo } = scratchMigrations()
  const pg = new PGlite()
  const db = drizzle({ client: pg })
  try {
    upTo('0021_web_login')
    await migrate(db, { migrationsFolder: dir })
    // Two communities that each added a service named 修鞋, and one that added its own 维修 beside the catalogue's.
    await pg.exec(`
      insert into orgs (id, parent_id, kind, name, path) values
        (1, null, 'street', '阳光街道', '/1/'), (2, 1, 'community', '阳光社区', '/1/2/'), (3, 1, 'community', '幸福社区', '/1/3/'),
        (4, 2, 'compound', '锦绣小区', '/1/2/4/'), (5, 4, 'grid', '第1网格', '/1/2/4/5/'), (6, 1, 'work_unit', '县医院', '/1/6/');
      insert into categories (code, name, description, community_id) values
        ('repair', '维修', '', null), ('meals', '助餐', '', null),
        ('c2-aaaa', '修鞋', '', 2), ('c3-bbbb', '修鞋', '', 3), ('c3-cccc', '维修', '', 3);
      insert into teams (id, org_id, name, skills) values
        (1, 2, '先锋队', '{维修,修鞋,开锁,维修," 助餐 "}'), (2, 3, '幸福队', '{修鞋,维修}'), (3, 2, '空队', '{}');
      insert into users (id, name, phone, skills, created_at) values
        (1, '赵志愿', '13800000001', '{修鞋,助餐}', now()), (2, '陈主任', '13800000002', '{修鞋,维修}', now()), (3, '钱党员', '13800000003', '{开锁}', now());
      insert into memberships (user_id, role, org_id, status, created_at) values
        (1, 'resident', 5, 'active', now()), (2, 'street_admin', 1, 'active', now()), (3, 'party_member', 2, 'pending', now());
    `)
    upTo('0022_skills_as_codes')
    await migrate(db, { migrationsFolder: dir })

    expect(await queryRows<{ id: number; skills: string[] }>(db as never, sql`select id, skills from teams order by id`)).toEqual([
      // The catalogue's 维修 (not 幸福's own), 阳光's own 修鞋, 开锁 dropped; each once, in order, trimmed.
      { id: 1, skills: ['repair', 'c2-aaaa', 'meals'] },
      { id: 2, skills: ['c3-bbbb', 'repair'] },
      { id: 3, skills: [] },
    ])
    expect(await queryRows<{ id: number; skills: string[] }>(db as never, sql`select id, skills from users order by id`)).toEqual([
      // A resident of 阳光's grid: 阳光's 修鞋.
      { id: 1, skills: ['c2-aaaa', 'meals'] },
      // The street is in no community: only the catalogue's service is known.
      { id: 2, skills: ['repair'] },
      { id: 3, skills: [] },
    ])
  } finally {
    await pg.close()
    rmSync(dir, { recursive: true, force: true })
  }
})
