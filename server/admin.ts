/**
 * `npm run admin -- <command> …`: sets up a production database that starts empty.
 * Runs the migrations first, against the database the server would use (same environment).
 */
import { parseArgs, type ParseArgsConfig } from 'node:util'
import { ROLE_LABELS } from '../src/domain'
import { ConfigError, loadConfig } from './config'
import type { Db } from './db/client'
import { openDatabase } from './db/client'
import {
  AdminError,
  createCommitteeMember,
  createCommunity,
  createStreet,
  createStreetAdmin,
  createWorkUnit,
  listOrgTree,
  listUnregisteredWechatUsers,
  loadCatalogue,
  type CompoundSpec,
  type RegisteredStaff,
} from './repositories/admin'

export const USAGE = `用法：npm run admin -- <命令> [参数]

  create-street --name <街道/乡镇名>
      新建街道/乡镇（同名街道已存在则不做修改）
  create-community [--street <街道 id 或名称>] --name <社区名> --compound <小区名>:<网格1>,<网格2> [--compound …]
      新建社区及其小区、网格；给出 --street 则建在该街道下，否则单独成树（同名社区已存在则不做修改）
  create-work-unit --street <街道 id 或名称> --name <单位名>
      在街道下新建驻区单位（在职党员双报到时选择所在单位）
  load-catalogue
      写入服务类型目录（可重复执行：补齐缺少的，更新已有的）
  create-committee --community <社区 id 或名称> --name <姓名> --phone <手机号> [--openid <微信 openid>]
      登记社区党委成员
  create-street-admin --street <街道 id 或名称> --name <姓名> --phone <手机号> [--openid <微信 openid>]
      登记街道管理员
  list
      列出组织树（街道、社区、小区、网格、单位）、各处的人员和居民人数，以及尚未登记的微信用户

  openid：请该成员先用微信打开小程序登录一次（不必完成登记），再运行 list，
  在「尚未登记的微信用户」中找到他的 openid，用于 --openid。`

export type AdminCommand =
  | { kind: 'create-street'; name: string }
  | { kind: 'create-community'; name: string; compounds: CompoundSpec[]; street?: string }
  | { kind: 'create-work-unit'; street: string; name: string }
  | { kind: 'load-catalogue' }
  | { kind: 'create-committee'; community: string; name: string; phone: string; openid?: string }
  | { kind: 'create-street-admin'; street: string; name: string; phone: string; openid?: string }
  | { kind: 'list' }
  | { kind: 'help' }

/** `锦绣小区:第1网格,第2网格`; full-width `：` and `，` (a Chinese keyboard) work too. */
export function parseCompound(spec: string): CompoundSpec {
  const match = spec.match(/^([^:：]+)[:：](.+)$/)
  if (!match) throw new AdminError(`--compound 格式应为 小区名:网格1,网格2，收到：${spec}`)
  return { name: match[1].trim(), grids: match[2].split(/[,，]/).map((g) => g.trim()).filter(Boolean) }
}

/** Throws AdminError on anything it does not understand, so a typo never writes to the database. */
export function parseCommand(argv: string[]): AdminCommand {
  const [kind, ...rest] = argv
  const parse = (options: NonNullable<ParseArgsConfig['options']>): Record<string, unknown> => {
    try {
      return parseArgs({ args: rest, options, strict: true, allowPositionals: false }).values
    } catch (error) {
      throw new AdminError(`${kind}：${(error as Error).message}`)
    }
  }
  const required = (values: Record<string, unknown>, name: string): string => {
    const value = values[name]
    if (typeof value !== 'string' || !value.trim()) throw new AdminError(`${kind} 缺少 --${name}`)
    return value
  }
  /** Given, it must say something: `--street ""` is a mistake, not "no street". */
  const optional = (values: Record<string, unknown>, name: string): string | undefined =>
    values[name] === undefined ? undefined : required(values, name)
  const person = { name: { type: 'string' }, phone: { type: 'string' }, openid: { type: 'string' } } as const
  switch (kind) {
    case 'create-street': {
      const values = parse({ name: { type: 'string' } })
      return { kind, name: required(values, 'name') }
    }
    case 'create-community': {
      const values = parse({ name: { type: 'string' }, street: { type: 'string' }, compound: { type: 'string', multiple: true } })
      const compounds = (values.compound as string[] | undefined) ?? []
      if (compounds.length === 0) throw new AdminError('create-community 至少需要一个 --compound 小区名:网格1,网格2')
      return { kind, name: required(values, 'name'), compounds: compounds.map(parseCompound), street: optional(values, 'street') }
    }
    case 'create-work-unit': {
      const values = parse({ street: { type: 'string' }, name: { type: 'string' } })
      return { kind, street: required(values, 'street'), name: required(values, 'name') }
    }
    case 'create-committee': {
      const values = parse({ community: { type: 'string' }, ...person })
      const openid = optional(values, 'openid')
      return { kind, community: required(values, 'community'), name: required(values, 'name'), phone: required(values, 'phone'), openid }
    }
    case 'create-street-admin': {
      const values = parse({ street: { type: 'string' }, ...person })
      const openid = optional(values, 'openid')
      return { kind, street: required(values, 'street'), name: required(values, 'name'), phone: required(values, 'phone'), openid }
    }
    case 'load-catalogue':
    case 'list':
      parse({})
      return { kind }
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      return { kind: 'help' }
    default:
      throw new AdminError(`未知命令：${kind}`)
  }
}

/** Beijing time (no daylight saving), whatever the server's time zone. */
const beijingTime = (at: Date) => `${new Date(at.getTime() + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ')}（北京时间）`

/** How a registered committee member or street administrator signs in, for the report line. */
function loginNote(staff: RegisteredStaff, openid: string | undefined): string {
  if (!openid) return '未绑定微信 openid，暂不能登录'
  return staff.claimed ? '已关联其微信账号，重新登录后生效' : '可用微信登录'
}

/** Runs one command; `print` receives each line of the report. */
export async function runCommand(db: Db, command: AdminCommand, print: (line: string) => void): Promise<void> {
  switch (command.kind) {
    case 'help':
      print(USAGE)
      return
    case 'create-street': {
      const street = await createStreet(db, command.name)
      print(`已创建街道/乡镇「${street.name}」（id ${street.id}）`)
      return
    }
    case 'create-community': {
      const { street, community, compounds } = await createCommunity(db, command.name, command.compounds, command.street)
      print(`已${street ? `在街道「${street.name}」下` : ''}创建社区「${community.name}」（id ${community.id}）`)
      for (const { compound, grids } of compounds) {
        print(`  小区「${compound.name}」（id ${compound.id}）：${grids.map((g) => `${g.name}（id ${g.id}）`).join('、')}`)
      }
      return
    }
    case 'create-work-unit': {
      const { street, workUnit } = await createWorkUnit(db, command.street, command.name)
      print(`已在街道「${street.name}」下创建单位「${workUnit.name}」（id ${workUnit.id}）`)
      return
    }
    case 'load-catalogue': {
      const { added, updated } = await loadCatalogue(db)
      print(`服务类型：新增 ${added.length} 个${added.length ? `（${added.join(', ')}）` : ''}，更新 ${updated.length} 个`)
      return
    }
    case 'create-committee': {
      const staff = await createCommitteeMember(db, command)
      print(`已登记「${staff.community.name}」党委成员 ${command.name.trim()}（用户 id ${staff.userId}，${loginNote(staff, command.openid)}）`)
      return
    }
    case 'create-street-admin': {
      const staff = await createStreetAdmin(db, command)
      print(`已登记「${staff.street.name}」街道管理员 ${command.name.trim()}（用户 id ${staff.userId}，${loginNote(staff, command.openid)}）`)
      return
    }
    case 'list': {
      const tree = await listOrgTree(db)
      if (tree.length === 0) print('还没有任何街道或社区：先运行 create-street 或 create-community')
      for (const org of tree) {
        const depth = org.path.split('/').filter(Boolean).length - 1
        const people = org.people.map((p) => `${ROLE_LABELS[p.role]} ${p.name}`).join('、')
        // Nobody lives in a work unit: its Party members serve a community and are listed there.
        const residents = org.kind === 'work_unit' ? '' : `，居民 ${org.residents} 人`
        print(`${'  '.repeat(depth)}${org.name}（${org.kindLabel}，id ${org.id}${residents}）${people ? `：${people}` : ''}`)
      }
      const { total, users } = await listUnregisteredWechatUsers(db)
      print('')
      print(`尚未登记的微信用户（${total} 人${total > users.length ? `，列出最近 ${users.length} 人` : ''}；用 create-committee 或 create-street-admin 的 --openid 登记）：`)
      if (users.length === 0) print('  （无）')
      for (const u of users) {
        print(`  用户 id ${u.id}，openid ${u.openid}，首次登录 ${beijingTime(u.createdAt)}${u.name ? `，自填姓名「${u.name}」` : ''}`)
      }
      return
    }
  }
}

async function main(argv: string[]): Promise<number> {
  let command: AdminCommand
  try {
    command = parseCommand(argv)
  } catch (error) {
    if (!(error instanceof AdminError)) throw error
    console.error(`${error.message}\n\n${USAGE}`)
    return 2
  }
  if (command.kind === 'help') return console.log(USAGE), 0

  const config = loadConfig()
  const database = await openDatabase(config)
  try {
    await database.migrate()
    await runCommand(database.db, command, (line) => console.log(line))
    return 0
  } catch (error) {
    if (!(error instanceof AdminError)) throw error
    console.error(error.message)
    return 1
  } finally {
    await database.close()
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(error instanceof ConfigError ? error.message : error)
      process.exit(1)
    },
  )
}
