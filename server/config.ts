import { mkdirSync } from 'node:fs'
import { dirname, resolve } from 'node:path'

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
  wechat: { appId: string; secret: string; apiBase: string }
  /** Seed demo data when the database has no users. */
  seed: boolean
  /** Demo login (pick any seeded account) — never in production. */
  demoLogin: boolean
}

export class ConfigError extends Error {}

type Env = Record<string, string | undefined>

const flag = (value: string | undefined, fallback: boolean): boolean =>
  value === undefined || value === '' ? fallback : !['0', 'false', 'no', 'off'].includes(value.toLowerCase())

/** Reads the environment once. Throws ConfigError when production is missing what it needs. */
export function loadConfig(env: Env = process.env): Config {
  const production = env.NODE_ENV === 'production' || env.SANDAN_ENV === 'production'
  const dataDir = resolve(env.DATA_DIR || './data')
  const config: Config = {
    port: Number(env.PORT || 3000),
    host: env.HOST || '127.0.0.1',
    production,
    databaseUrl: env.DATABASE_URL || null,
    dataDir,
    pgliteDir: resolve(dataDir, 'pglite'),
    uploadDir: resolve(env.UPLOAD_DIR || `${dataDir}/uploads`),
    h5Dir: resolve(env.H5_DIR || './dist-h5'),
    wechat: {
      appId: env.WECHAT_APP_ID || '',
      secret: env.WECHAT_APP_SECRET || '',
      apiBase: (env.WECHAT_API_BASE || 'https://api.weixin.qq.com').replace(/\/$/, ''),
    },
    seed: flag(env.SEED, !production),
    demoLogin: !production,
  }
  if (!Number.isInteger(config.port) || config.port < 0 || config.port > 65535) {
    throw new ConfigError(`PORT 不合法：${env.PORT}`)
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
