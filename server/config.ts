import { Type, type Static } from '@sinclair/typebox'
import Ajv, { type ErrorObject } from 'ajv'
import { mkdirSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { NOTICE_KINDS, type NoticeKind } from '../src/domain'

export interface Config {
  port: number
  host: string
  production: boolean
  /** Unset: embedded PGlite in `pgliteDir`. */
  databaseUrl: string | null
  dataDir: string
  pgliteDir: string
  uploadDir: string
  h5Dir: string
  /** Where people reach the H5 app: invite links point here. */
  publicUrl: string
  /** `templates`: the subscribe-message template (一次性订阅消息) for each notice kind that has one. */
  wechat: { appId: string; secret: string; apiBase: string; templates: Partial<Record<NoticeKind, string>> }
  /**
   * The official account (公众号) whose web authorisation signs people in on H5 inside WeChat's
   * browser; null when not configured: the H5 app then offers no WeChat login (optional in
   * production, where the mini-program is the main way in). Its code exchange goes to `wechat.apiBase`.
   */
  wechatWeb: { appId: string; secret: string; authorizeBase: string } | null
  /** Seed demo data when the database has no users. */
  seed: boolean
  /** Demo login (pick any seeded account) — never in production. */
  demoLogin: boolean
  /** Requests per minute: login per client IP, order creation per signed-in user. */
  rateLimit: { loginPerMinute: number; createPerMinute: number }
}

export class ConfigError extends Error {}

type Env = Record<string, string | undefined>

const FLAG_VALUES = ['0', '1', 'true', 'false', 'yes', 'no', 'on', 'off'] as const
const Flag = (description: string) => Type.Union(FLAG_VALUES.map((v) => Type.Literal(v)), { description })
const PerMinute = (fallback: number, description: string) =>
  Type.Integer({ minimum: 1, maximum: 1_000_000, default: fallback, description })

/**
 * Every environment variable the server reads, in one place. Values arrive as strings; Ajv
 * coerces numbers and fills defaults. An empty variable counts as unset (shell `FOO=`).
 */
const EnvSchema = Type.Object({
  NODE_ENV: Type.Optional(Type.String()),
  SANDAN_ENV: Type.Optional(Type.String()),
  PORT: Type.Integer({ minimum: 0, maximum: 65535, default: 3000, description: 'a port number, 0–65535' }),
  HOST: Type.String({ default: '127.0.0.1' }),
  DATABASE_URL: Type.Optional(Type.String({ pattern: '^postgres(ql)?://', description: 'a postgres:// connection string' })),
  DATA_DIR: Type.String({ default: './data' }),
  UPLOAD_DIR: Type.Optional(Type.String()),
  H5_DIR: Type.String({ default: './dist-h5' }),
  PUBLIC_URL: Type.Optional(Type.String({ pattern: '^https?://', description: 'an http(s):// URL, e.g. https://sandan.example.cn' })),
  WECHAT_APP_ID: Type.String({ default: '' }),
  WECHAT_APP_SECRET: Type.String({ default: '' }),
  WECHAT_API_BASE: Type.String({ pattern: '^https?://', default: 'https://api.weixin.qq.com', description: 'an http(s):// URL' }),
  WECHAT_WEB_APP_ID: Type.String({ default: '' }),
  WECHAT_WEB_APP_SECRET: Type.String({ default: '' }),
  WECHAT_AUTHORIZE_BASE: Type.String({ pattern: '^https?://', default: 'https://open.weixin.qq.com', description: 'an http(s):// URL' }),
  WECHAT_SUBSCRIBE_TEMPLATES: Type.String({
    pattern: '^$|^[a-z_]+=[A-Za-z0-9_-]+(,[a-z_]+=[A-Za-z0-9_-]+)*$',
    default: '',
    description: 'notice=templateId pairs, e.g. completed=AbC123,taken=XyZ789',
  }),
  SEED: Type.Optional(Flag(`one of ${FLAG_VALUES.join(', ')}`)),
  RATE_LIMIT_LOGIN_PER_MINUTE: PerMinute(20, 'logins per minute per IP, 1–1000000'),
  RATE_LIMIT_CREATE_PER_MINUTE: PerMinute(10, 'new orders per minute per user, 1–1000000'),
})
type EnvValues = Static<typeof EnvSchema>

const FLAGS = new Set(['SEED'])
const ajv = new Ajv({ coerceTypes: true, useDefaults: true, allErrors: true })
const validateEnv = ajv.compile<EnvValues>(EnvSchema)

function describe(error: ErrorObject, raw: Record<string, string>): string {
  const name = error.instancePath.replace(/^\//, '')
  const schema = (EnvSchema.properties as Record<string, { description?: string }>)[name]
  const expected = schema?.description ? ` (expected ${schema.description})` : ''
  const problem = error.keyword === 'const' || error.keyword === 'anyOf' ? 'is not an allowed value' : error.message ?? 'is invalid'
  return `${name}=${JSON.stringify(raw[name])} ${problem}${expected}`
}

/** `completed=AbC,taken=XyZ` → the template of each notice kind; an unknown kind is a ConfigError. */
function subscribeTemplates(pairs: string): Partial<Record<NoticeKind, string>> {
  const templates: Partial<Record<NoticeKind, string>> = {}
  for (const pair of pairs ? pairs.split(',') : []) {
    const [kind, templateId] = pair.split('=')
    if (!(NOTICE_KINDS as readonly string[]).includes(kind)) {
      throw new ConfigError(`Invalid configuration: WECHAT_SUBSCRIBE_TEMPLATES names ${kind}, which is no notice (one of ${NOTICE_KINDS.join(', ')})`)
    }
    templates[kind as NoticeKind] = templateId
  }
  return templates
}

/** Reads the environment once. Throws ConfigError naming every bad or missing variable. */
export function loadConfig(env: Env = process.env): Config {
  const raw: Record<string, string> = {}
  for (const name of Object.keys(EnvSchema.properties)) {
    const value = env[name]
    if (value !== undefined && value !== '') raw[name] = FLAGS.has(name) ? value.toLowerCase() : value
  }
  const values: Record<string, unknown> = { ...raw }
  if (!validateEnv(values)) {
    // Each error is for one variable; anyOf/union noise repeats the same name.
    const messages = [...new Set((validateEnv.errors ?? []).filter((e) => e.instancePath).map((e) => e.instancePath))]
      .map((path) => describe(validateEnv.errors!.find((e) => e.instancePath === path)!, raw))
    throw new ConfigError(`Invalid configuration: ${messages.join('; ')}`)
  }
  const v = values as EnvValues

  const production = v.NODE_ENV === 'production' || v.SANDAN_ENV === 'production'
  const dataDir = resolve(v.DATA_DIR)
  const config: Config = {
    port: v.PORT,
    host: v.HOST,
    production,
    databaseUrl: v.DATABASE_URL ?? null,
    dataDir,
    pgliteDir: resolve(dataDir, 'pglite'),
    uploadDir: resolve(v.UPLOAD_DIR ?? `${dataDir}/uploads`),
    h5Dir: resolve(v.H5_DIR),
    publicUrl: (v.PUBLIC_URL ?? `http://${v.HOST}:${v.PORT}`).replace(/\/$/, ''),
    wechat: { appId: v.WECHAT_APP_ID, secret: v.WECHAT_APP_SECRET, apiBase: v.WECHAT_API_BASE.replace(/\/$/, ''), templates: subscribeTemplates(v.WECHAT_SUBSCRIBE_TEMPLATES) },
    wechatWeb:
      v.WECHAT_WEB_APP_ID && v.WECHAT_WEB_APP_SECRET
        ? { appId: v.WECHAT_WEB_APP_ID, secret: v.WECHAT_WEB_APP_SECRET, authorizeBase: v.WECHAT_AUTHORIZE_BASE.replace(/\/$/, '') }
        : null,
    seed: v.SEED === undefined ? !production : !['0', 'false', 'no', 'off'].includes(v.SEED),
    demoLogin: !production,
    rateLimit: { loginPerMinute: v.RATE_LIMIT_LOGIN_PER_MINUTE, createPerMinute: v.RATE_LIMIT_CREATE_PER_MINUTE },
  }
  // Half a web login is a typo, not a choice: it would silently hide the H5 login button.
  if (Boolean(v.WECHAT_WEB_APP_ID) !== Boolean(v.WECHAT_WEB_APP_SECRET)) {
    throw new ConfigError(`Invalid configuration: ${v.WECHAT_WEB_APP_ID ? 'WECHAT_WEB_APP_SECRET' : 'WECHAT_WEB_APP_ID'} is missing (web login needs both, or neither)`)
  }
  if (production) {
    const missing = [
      !config.wechat.appId && 'WECHAT_APP_ID',
      !config.wechat.secret && 'WECHAT_APP_SECRET',
      !config.databaseUrl && 'DATABASE_URL (production needs PostgreSQL; embedded PGlite runs with fsync off)',
    ].filter((name): name is string => Boolean(name))
    if (missing.length > 0) {
      throw new ConfigError(`Refusing to start in production mode without: ${missing.join(', ')}`)
    }
  }
  return config
}

/** PGlite does not create parent folders of its data directory. */
export function ensureDir(path: string): void {
  mkdirSync(path, { recursive: true })
}

export function ensureParentDir(path: string): void {
  mkdirSync(dirname(path), { recursive: true })
}
