import { resolve } from 'node:path'
import { ConfigError, loadConfig } from '../../server/config'

const production = { NODE_ENV: 'production', WECHAT_APP_ID: 'wx1', WECHAT_APP_SECRET: 's', DATABASE_URL: 'postgres://db/sandan' }

/** The ConfigError's message, or fails. */
function problem(env: Record<string, string>): string {
  try {
    loadConfig(env)
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError)
    return (error as Error).message
  }
  throw new Error(`loadConfig accepted ${JSON.stringify(env)}`)
}

describe('loadConfig', () => {
  test('defaults outside production', () => {
    expect(loadConfig({})).toEqual({
      port: 3000,
      host: '127.0.0.1',
      production: false,
      databaseUrl: null,
      dataDir: resolve('data'),
      pgliteDir: resolve('data', 'pglite'),
      uploadDir: resolve('data', 'uploads'),
      h5Dir: resolve('dist-h5'),
      publicUrl: 'http://127.0.0.1:3000',
      wechat: { appId: '', secret: '', apiBase: 'https://api.weixin.qq.com', templates: {} },
      wechatWeb: null,
      seed: true,
      demoLogin: true,
      rateLimit: { loginPerMinute: 20, createPerMinute: 10 },
    })
  })

  test('reads and coerces every variable', () => {
    const config = loadConfig({
      PORT: '8080', HOST: '0.0.0.0', DATA_DIR: '/srv/sandan', UPLOAD_DIR: '/srv/photos', H5_DIR: '/srv/h5', PUBLIC_URL: 'https://sandan.example.cn/',
      WECHAT_APP_ID: 'wx9', WECHAT_APP_SECRET: 'sec', WECHAT_API_BASE: 'http://127.0.0.1:9999/', WECHAT_SUBSCRIBE_TEMPLATES: 'completed=AbC-1,taken=X_y2',
      DATABASE_URL: 'postgresql://u@h/db', SEED: 'OFF', RATE_LIMIT_LOGIN_PER_MINUTE: '5', RATE_LIMIT_CREATE_PER_MINUTE: '3',
    })
    expect(config).toMatchObject({
      port: 8080, host: '0.0.0.0', dataDir: '/srv/sandan', pgliteDir: '/srv/sandan/pglite', uploadDir: '/srv/photos', h5Dir: '/srv/h5',
      publicUrl: 'https://sandan.example.cn',
      wechat: { appId: 'wx9', secret: 'sec', apiBase: 'http://127.0.0.1:9999', templates: { completed: 'AbC-1', taken: 'X_y2' } },
      databaseUrl: 'postgresql://u@h/db', seed: false, rateLimit: { loginPerMinute: 5, createPerMinute: 3 },
    })
  })

  test('an empty variable counts as unset', () => {
    expect(loadConfig({ PORT: '', SEED: '', DATABASE_URL: '', RATE_LIMIT_LOGIN_PER_MINUTE: '' })).toMatchObject({
      port: 3000, seed: true, databaseUrl: null, rateLimit: { loginPerMinute: 20 },
    })
  })

  test.each([
    ['PORT', 'abc', /PORT="abc" must be integer \(expected a port number, 0–65535\)/],
    ['PORT', '70000', /PORT="70000" must be <= 65535/],
    ['PORT', '80.5', /PORT="80.5" must be integer/],
    ['SEED', 'maybe', /SEED="maybe" is not an allowed value \(expected one of 0, 1, true, false/],
    ['WECHAT_SUBSCRIBE_TEMPLATES', 'completed:AbC', /WECHAT_SUBSCRIBE_TEMPLATES="completed:AbC" must match pattern .*\(expected notice=templateId pairs/],
    ['WECHAT_SUBSCRIBE_TEMPLATES', 'finished=AbC', /WECHAT_SUBSCRIBE_TEMPLATES names finished, which is no notice/],
    ['DATABASE_URL', 'mysql://db/x', /DATABASE_URL="mysql:\/\/db\/x" must match pattern/],
    ['WECHAT_API_BASE', 'api.weixin.qq.com', /WECHAT_API_BASE="api.weixin.qq.com" must match pattern/],
    ['RATE_LIMIT_LOGIN_PER_MINUTE', '0', /RATE_LIMIT_LOGIN_PER_MINUTE="0" must be >= 1/],
    ['RATE_LIMIT_CREATE_PER_MINUTE', 'ten', /RATE_LIMIT_CREATE_PER_MINUTE="ten" must be integer/],
  ])('%s=%s is refused, naming the variable', (name, value, message) => {
    expect(problem({ [name]: value })).toMatch(message)
  })

  test('every bad variable is reported at once', () => {
    const message = problem({ PORT: 'abc', SEED: 'maybe', HOST: 'ok' })
    expect(message).toMatch(/^Invalid configuration: /)
    expect(message).toContain('PORT=')
    expect(message).toContain('SEED=')
    expect(message).not.toContain('HOST')
  })

  test('flags accept the usual spellings', () => {
    for (const off of ['0', 'false', 'no', 'off', 'No']) expect(loadConfig({ SEED: off }).seed).toBe(false)
    for (const on of ['1', 'true', 'yes', 'on', 'TRUE']) expect(loadConfig({ ...production, SEED: on }).seed).toBe(true)
  })

  test('production: no demo login, no seed unless asked, and every secret required', () => {
    expect(loadConfig(production)).toMatchObject({ production: true, seed: false, demoLogin: false })
    expect(loadConfig({ ...production, NODE_ENV: '', SANDAN_ENV: 'production' }).production).toBe(true)
    const message = problem({ NODE_ENV: 'production' })
    expect(message).toMatch(/^Refusing to start in production mode without: /)
    for (const name of ['WECHAT_APP_ID', 'WECHAT_APP_SECRET', 'DATABASE_URL']) expect(message).toContain(name)
  })

  test('a bad value is reported before missing production secrets', () => {
    expect(problem({ NODE_ENV: 'production', PORT: 'abc' })).toMatch(/PORT="abc"/)
  })
})
