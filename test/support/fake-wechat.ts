import { createServer, type IncomingMessage, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { createTestApp, type TestApp } from './app'
import { solidPng } from './png'

export interface FakeWechat {
  baseUrl: string
  /** js_code values received, in order. */
  codes: string[]
  /** Web authorisations asked for (connect/oauth2/authorize), in order, refused ones included. */
  authorizations: { appid: string; redirectUri: string; scope: string; state: string }[]
  /** Codes sns/oauth2/access_token was asked to exchange, in order. */
  webCodes: string[]
  /**
   * Who the next web authorisations sign in as (an official-account openid, and a unionid if
   * the account is bound to an open platform: WeChat gives it only for scope snsapi_userinfo).
   * Unset (the default): a new person each time.
   */
  authorizeAs(user: { openid: string; unionid?: string } | null): void
  /** jscode2session answers this unionid with `openid` from now on (the mini-program bound to an open platform). */
  setUnionid(openid: string, unionid: string): void
  /** How many access tokens /cgi-bin/token has issued. */
  readonly tokenRequests: number
  /** What getwxacodeunlimit was asked to encode, in order (refused requests included). */
  wxaCodes: { scene: string; page: string }[]
  /** Subscribe messages accepted, in order. */
  sends: { touser: string; templateId: string; page: string; data: Record<string, { value: string }> }[]
  /** The next `count` subscribe sends fail with `errcode` (default -1, 系统繁忙), before being looked at. */
  failNextSends(count: number, errcode?: number): void
  /** Makes every token issued so far stale, the way WeChat does after 2 hours: later use answers 42001. */
  expireTokens(): void
  close(): Promise<void>
}

/** The image getwxacodeunlimit answers: any valid PNG will do for a client that passes bytes through. */
export const FAKE_WXA_CODE = solidPng(2, 2, [0, 0, 0])

/**
 * A local stand-in for api.weixin.qq.com. jscode2session: codes starting with `ok-` log in as
 * `openid-<rest>`, anything else gets errcode 40029 (invalid code). /cgi-bin/token issues
 * `token-1`, `token-2`, …; the token-protected endpoints answer 40001 for a token it never
 * issued and 42001 for one `expireTokens()` has expired. getuserphonenumber: `phone-<digits>`
 * is that mainland number, anything else 40029. message/subscribe/send: an openid starting with
 * `refuse-` has no subscription left (43101), a template id not starting with `tmpl-` does not
 * exist (40037). Like WeChat, it answers errors with HTTP 200 and a text/plain JSON body.
 *
 * Web authorisation (the official account's, for H5): connect/oauth2/authorize sends the browser
 * straight back (snsapi_base asks nothing) to redirect_uri with `code` and `state` added to its
 * query, before any `#` route, as WeChat does; each code is for the person `authorizeAs` names,
 * else for a new `web-openid-<n>`. sns/oauth2/access_token exchanges a code once: 40163 when used
 * again, 40029 for one it never issued.
 */
export async function startFakeWechat(): Promise<FakeWechat> {
  const codes: string[] = []
  const authorizations: FakeWechat['authorizations'] = []
  const webCodes: string[] = []
  const unionids = new Map<string, string>()
  let nextWebUser: { openid: string; unionid?: string } | null = null
  /** Issued web codes: whom each is for, and whether it was exchanged already. */
  const webGrants = new Map<string, { user: { openid: string; unionid?: string }; scope: string; used: boolean }>()
  let webIssued = 0
  const wxaCodes: { scene: string; page: string }[] = []
  const sends: FakeWechat['sends'] = []
  let failing = { count: 0, errcode: -1 }
  let issued = 0
  /** Issued tokens, and whether they still work. */
  const tokens = new Map<string, boolean>()

  const server: Server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost')
    const reply = (body: object) => {
      res.writeHead(200, { 'content-type': 'text/plain' })
      res.end(JSON.stringify(body))
    }

    if (url.pathname === '/sns/jscode2session') {
      const code = url.searchParams.get('js_code') ?? ''
      codes.push(code)
      if (!url.searchParams.get('appid') || !url.searchParams.get('secret') || url.searchParams.get('grant_type') !== 'authorization_code') {
        return reply({ errcode: 40013, errmsg: 'invalid appid' })
      }
      if (code.startsWith('ok-')) {
        const openid = `openid-${code.slice(3)}`
        return reply({ openid, session_key: 'fake-session-key', ...(unionids.has(openid) ? { unionid: unionids.get(openid) } : {}) })
      }
      return reply({ errcode: 40029, errmsg: 'invalid code' })
    }

    if (url.pathname === '/connect/oauth2/authorize') {
      const [appid, redirectUri, scope, state] = ['appid', 'redirect_uri', 'scope', 'state'].map((name) => url.searchParams.get(name) ?? '')
      authorizations.push({ appid, redirectUri, scope, state })
      // WeChat shows an error page in the browser for these; a plain one will do.
      const refuse = (why: string) => {
        res.writeHead(400, { 'content-type': 'text/plain; charset=utf-8' })
        res.end(why)
      }
      if (!appid) return refuse('10012 appid不能为空')
      if (!/^https?:\/\//.test(redirectUri)) return refuse('10011 redirect_uri不能为空')
      if (url.searchParams.get('response_type') !== 'code') return refuse('response_type 应为 code')
      if (!['snsapi_base', 'snsapi_userinfo'].includes(scope)) return refuse('10005 此公众号并没有这些scope的权限')
      if (state.length > 128 || !/^[A-Za-z0-9]*$/.test(state)) return refuse('state 只能是字母和数字，最多 128 字节')
      const code = `web-code-${++webIssued}`
      webGrants.set(code, { user: nextWebUser ?? { openid: `web-openid-${webIssued}` }, scope, used: false })
      // Into the query, which comes before the fragment: a hash route survives untouched.
      const back = new URL(redirectUri)
      back.searchParams.set('code', code)
      back.searchParams.set('state', state)
      res.writeHead(302, { location: back.toString() })
      return res.end()
    }

    if (url.pathname === '/sns/oauth2/access_token') {
      const code = url.searchParams.get('code') ?? ''
      webCodes.push(code)
      if (!url.searchParams.get('appid') || !url.searchParams.get('secret') || url.searchParams.get('grant_type') !== 'authorization_code') {
        return reply({ errcode: 40013, errmsg: 'invalid appid' })
      }
      const grant = webGrants.get(code)
      if (!grant) return reply({ errcode: 40029, errmsg: 'invalid code' })
      if (grant.used) return reply({ errcode: 40163, errmsg: 'code been used' })
      grant.used = true
      const { openid, unionid } = grant.user
      // As WeChat documents it: the unionid comes with snsapi_userinfo only, never with the silent snsapi_base.
      const withUnionid = unionid && grant.scope === 'snsapi_userinfo' ? { unionid } : {}
      return reply({ access_token: `web-token-${code}`, expires_in: 7200, refresh_token: `web-refresh-${code}`, openid, scope: grant.scope, ...withUnionid })
    }

    if (url.pathname === '/cgi-bin/token') {
      if (url.searchParams.get('grant_type') !== 'client_credential') return reply({ errcode: 40002, errmsg: 'invalid grant_type' })
      if (!url.searchParams.get('appid') || !url.searchParams.get('secret')) return reply({ errcode: 40013, errmsg: 'invalid appid' })
      const token = `token-${++issued}`
      tokens.set(token, true)
      return reply({ access_token: token, expires_in: 7200 })
    }

    if (!['/wxa/business/getuserphonenumber', '/wxa/getwxacodeunlimit', '/cgi-bin/message/subscribe/send'].includes(url.pathname)) {
      return reply({ errcode: 40066, errmsg: 'invalid url' })
    }
    const live = tokens.get(url.searchParams.get('access_token') ?? '')
    if (live === undefined) return reply({ errcode: 40001, errmsg: 'invalid credential, access_token is invalid or not latest' })
    if (!live) return reply({ errcode: 42001, errmsg: 'access_token expired' })
    if (req.method !== 'POST') return reply({ errcode: 43002, errmsg: 'require POST method' })
    const body = await readJson(req)
    if (!body) return reply({ errcode: 47001, errmsg: 'data format error' })

    if (url.pathname === '/wxa/business/getuserphonenumber') {
      const digits = /^phone-(\d+)$/.exec(String(body.code ?? ''))?.[1]
      if (!digits) return reply({ errcode: 40029, errmsg: 'invalid code' })
      return reply({ errcode: 0, errmsg: 'ok', phone_info: { phoneNumber: digits, purePhoneNumber: digits, countryCode: '86' } })
    }

    if (url.pathname === '/cgi-bin/message/subscribe/send') {
      if (failing.count > 0) {
        failing.count--
        return reply({ errcode: failing.errcode, errmsg: 'system error' })
      }
      const [touser, templateId, page, data] = [String(body.touser ?? ''), String(body.template_id ?? ''), String(body.page ?? ''), body.data]
      if (!touser || !data || typeof data !== 'object') return reply({ errcode: 47003, errmsg: 'argument invalid' })
      if (!templateId.startsWith('tmpl-')) return reply({ errcode: 40037, errmsg: 'invalid template_id' })
      if (touser.startsWith('refuse-')) return reply({ errcode: 43101, errmsg: 'user refuse to accept the msg' })
      sends.push({ touser, templateId, page, data: data as Record<string, { value: string }> })
      return reply({ errcode: 0, errmsg: 'ok' })
    }

    const scene = String(body.scene ?? '')
    wxaCodes.push({ scene, page: String(body.page ?? '') })
    if (scene.length > 32) return reply({ errcode: 40169, errmsg: 'invalid length for scene' })
    res.writeHead(200, { 'content-type': 'image/png' })
    res.end(FAKE_WXA_CODE)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    codes,
    authorizations,
    webCodes,
    authorizeAs(user) {
      nextWebUser = user
    },
    setUnionid(openid, unionid) {
      unionids.set(openid, unionid)
    },
    get tokenRequests() {
      return issued
    },
    wxaCodes,
    sends,
    failNextSends(count, errcode = -1) {
      failing = { count, errcode }
    },
    expireTokens() {
      for (const token of tokens.keys()) tokens.set(token, false)
    },
    close: () => new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve()))),
  }
}

/** The request's JSON object body, or undefined if it is not one. */
async function readJson(req: IncomingMessage): Promise<Record<string, unknown> | undefined> {
  const chunks: Buffer[] = []
  for await (const chunk of req) chunks.push(chunk as Buffer)
  try {
    const body: unknown = JSON.parse(Buffer.concat(chunks).toString('utf8'))
    return body && typeof body === 'object' && !Array.isArray(body) ? (body as Record<string, unknown>) : undefined
  } catch {
    return undefined
  }
}

/** The server's WeChat settings pointing at `wechat`: a mini-program of `appId`, and an official account for H5 web login. */
export const wechatEnv = (wechat: FakeWechat, appId = 'wx-test') => ({
  WECHAT_APP_ID: appId,
  WECHAT_APP_SECRET: 'secret',
  WECHAT_API_BASE: wechat.baseUrl,
  WECHAT_WEB_APP_ID: `${appId}-web`,
  WECHAT_WEB_APP_SECRET: 'web-secret',
  WECHAT_AUTHORIZE_BASE: wechat.baseUrl,
})

/** A seeded test app whose WeChat is a fake of its own; `close` closes both. */
export async function appWithFakeWechat(): Promise<{ t: TestApp; wechat: FakeWechat; close(): Promise<void> }> {
  const wechat = await startFakeWechat()
  const t = await createTestApp({ env: wechatEnv(wechat) })
  return {
    t,
    wechat,
    async close() {
      await t.close()
      await wechat.close()
    },
  }
}
