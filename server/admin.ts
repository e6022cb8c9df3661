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
  listOrgTree,
  loadCatalogue,
  type CompoundSpec,
} from './repositories/admin'

export const USAGE = `用法：npm run admin -- <命令> [参数]

  create-community --name <社区名> --compound <小区名>:<网格1>,<网格2> [--compound …]
      新建社区及其小区、网格（同名社区已存在则不做修改）
  load-catalogue
      写入服务类型目录（可重复执行：补齐缺少的，更新已有的）
  create-committee --community <社区 id 或名称> --name <姓名> --phone <手机号> [--openid <微信 openid>]
      登记社区党委成员（openid 见该成员首次微信登录时服务器日志里的 "WeChat login without registration"）
  list
      列出组织树与党委成员`

export type AdminCommand =
  | { kind: 'create-community'; name: string; compounds: CompoundSpec[] }
  | { kind: 'load-catalogue' }
  | { kind: 'create-committee'; community: string; name: string; phone: string; openid?: string }
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
  switch (kind) {
    case 'create-community': {
      const values = parse({ name: { type: 'string' }, compound: { type: 'string', multiple: true } })
      const compounds = (values.compound as string[] | undefined) ?? []
      if (compounds.length === 0) throw new AdminError('create-community 至少需要一个 --compound 小区名:网格1,网格2')
      return { kind, name: required(values, 'name'), compounds: compounds.map(parseCompound) }
    }
    case 'create-committee': {
      const values = parse({ community: { type: 'string' }, name: { type: 'string' }, phone: { type: 'string' }, openid: { type: 'string' } })
      const openid = values.openid as string | undefined
      return { kind, community: required(values, 'community'), name: required(values, 'name'), phone: required(values, 'phone'), openid }
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

/** Runs one command; `print` receives each line of the report. */
export async function runCommand(db: Db, command: AdminCommand, print: (line: string) => void): Promise<void> {
  switch (command.kind) {
    case 'help':
      print(USAGE)
      return
    case 'create-community': {
      const { community, compounds } = await createCommunity(db, command.name, command.compounds)
      print(`已创建社区「${community.name}」（id ${community.id}）`)
      for (const { compound, grids } of compounds) {
        print(`  小区「${compound.name}」（id ${compound.id}）：${grids.map((g) => `${g.name}（id ${g.id}）`).join('、')}`)
      }
      return
    }
    case 'load-catalogue': {
      const { added, updated } = await loadCatalogue(db)
      print(`服务类型：新增 ${added.length} 个${added.length ? `（${added.join(', ')}）` : ''}，更新 ${updated.length} 个`)
      return
    }
    case 'create-committee': {
      const { userId, community } = await createCommitteeMember(db, command)
      const login = command.openid ? '可用微信登录' : '未绑定微信 openid，暂不能登录'
      print(`已登记「${community.name}」党委成员 ${command.name}（用户 id ${userId}，${login}）`)
      return
    }
    case 'list': {
      const tree = await listOrgTree(db)
      if (tree.length === 0) print('还没有任何社区：先运行 create-community')
      for (const org of tree) {
        const depth = org.path.split('/').filter(Boolean).length - 1
        const people = org.people.map((p) => `${ROLE_LABELS[p.role]} ${p.name}`).join('、')
        print(`${'  '.repeat(depth)}${org.name}（id ${org.id}，居民 ${org.residents} 人）${people ? `：${people}` : ''}`)
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
  const database = openDatabase(config)
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
