/**
 * WeChat server API client. One method per WeChat endpoint; each goes through `call` (or, for
 * the image endpoint, `send` + `readJson`), so a non-zero `errcode` becomes a WechatError in one
 * place. Endpoints that need an access token go through `withToken`, which also recovers once
 * from a token WeChat no longer accepts. msgSecCheck will be added here the same way. The
 * official account (H5 web login) is another WeChat app: a second client made with its
 * credentials answers `oauth2AccessToken`.
 */
export interface WechatSession {
  openid: string
  unionid?: string
  sessionKey: string
}

/** Who WeChat's web authorisation (公众号网页授权, snsapi_base) says is behind a code. */
export interface WechatWebUser {
  /** The official account's openid: not the mini-program's, even for the same person. */
  openid: string
  /** Given when the official account is bound to an open platform account. */
  unionid?: string
}

export interface WechatPhoneNumber {
  /** With the country code for numbers outside mainland China, as WeChat gives it. */
  phoneNumber: string
  purePhoneNumber: string
  countryCode: string
}

export interface WxaCodeOptions {
  /** 1–32 characters from WeChat's set: letters, digits and !#$&'()*+,/:;=?@-._~ */
  scene: string
  /** A page of the released mini-program, without a leading slash (e.g. `pages/order/detail`). */
  page: string
  width?: number
  /** false lets a page that is not released yet be encoded (WeChat checks by default). */
  checkPath?: boolean
  envVersion?: 'release' | 'trial' | 'develop'
}

export interface WxaCodeImage {
  contentType: string
  body: Buffer
}

/** One subscribe message (一次性订阅消息) to one person. */
export interface SubscribeMessage {
  openid: string
  templateId: string
  /** The mini-program page it opens, e.g. `pages/order-detail/index?id=12`. */
  page: string
  /** The template's fields, e.g. `{ thing1: '助餐', phrase2: '已办结' }`. */
  data: Record<string, string>
}

/** The app's access token as kept for every process: its value and when to fetch a new one. */
export interface SharedToken {
  value: string
  /** Milliseconds since the epoch. */
  refreshAt: number
}

/**
 * Where the processes of one app keep its access token. WeChat invalidates the previous token a
 * few minutes after issuing a new one, so processes fetching their own would knock each other's
 * out: with a store, one fetches and all read it.
 */
export interface TokenStore {
  read(): Promise<SharedToken | null>
  /** Runs `fetch` under a lock shared by all processes, unless another one stored a fresh token meanwhile; returns the token stored. */
  renew(fetch: () => Promise<SharedToken>, stale: string | null): Promise<SharedToken>
}

export interface WechatClient {
  /** Exchanges a wx.login code for the user's openid and session key. */
  code2Session(code: string): Promise<WechatSession>
  /** The app's access token: cached, refreshed 5 minutes before expiry, one request at a time. */
  accessToken(): Promise<string>
  /** Exchanges a getPhoneNumber button code for the user's phone number. */
  phoneNumber(code: string): Promise<WechatPhoneNumber>
  /** An unlimited mini-program code (image) that opens `page` with `scene`. */
  wxaCode(options: WxaCodeOptions): Promise<WxaCodeImage>
  /** Sends a subscribe message; refused with 43101 when the person has no subscription left. */
  sendSubscribeMessage(message: SubscribeMessage): Promise<void>
}

/** What the server asks of the official account: only the web login's code exchange. */
export interface WechatWebClient {
  /**
   * Exchanges the code WeChat's authorize page sent back (sns/oauth2/access_token) for the
   * person's openid. The web access token in the same answer is dropped: snsapi_base reads
   * nothing more.
   */
  oauth2AccessToken(code: string): Promise<WechatWebUser>
}

export interface WechatClientOptions {
  baseUrl: string
  appId: string
  secret: string
  fetch?: typeof fetch
  /** Milliseconds since the epoch; injectable so token expiry can be tested without waiting. */
  now?: () => number
  /** Shares the token among processes (see `TokenStore`); without one, each process keeps its own. */
  tokenStore?: TokenStore
}

/** A WeChat-side refusal (`errcode` ≠ 0) or an unreachable API. */
export class WechatError extends Error {
  constructor(
    readonly errcode: number,
    readonly errmsg: string,
  ) {
    super(`wechat ${errcode}: ${errmsg}`)
    this.name = 'WechatError'
  }

  /**
   * Codes that mean the code the user's client handed us (login or phone number) is bad
   * (invalid, used, expired): the user's problem.
   */
  get isInvalidCode(): boolean {
    return [40029, 40163, 40226].includes(this.errcode)
  }

  /** Codes that mean the access token was replaced or has expired: a new one will do. */
  get isStaleToken(): boolean {
    return [40001, 40014, 42001].includes(this.errcode)
  }

  /** Codes that no retry will change: no subscription left, a template or page that does not exist, bad data. */
  get isFinal(): boolean {
    return [43101, 40003, 40037, 41028, 41029, 41030, 47003].includes(this.errcode)
  }
}

interface WechatReply {
  errcode?: number
  errmsg?: string
}

interface RawReply {
  contentType: string
  bytes: Buffer
}

/** Refresh this long before the stated expiry, so a call never carries a token that lapses on the way. */
const TOKEN_MARGIN_MS = 5 * 60 * 1000

/** WeChat's limit for getwxacodeunlimit's scene, checked here so a bad one fails with a clear message. */
const SCENE = /^[0-9A-Za-z!#$&'()*+,/:;=?@\-._~]{1,32}$/

export function createWechatClient(options: WechatClientOptions): WechatClient & WechatWebClient {
  const doFetch = options.fetch ?? fetch
  const now = options.now ?? Date.now

  /** The transport: GET without a body, POST with a JSON one. Anything that is not an answer is -1. */
  async function send(path: string, query: Record<string, string>, json?: object): Promise<RawReply> {
    const url = `${options.baseUrl}${path}?${new URLSearchParams(query).toString()}`
    const init: RequestInit = json
      ? { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(json) }
      : { method: 'GET' }
    try {
      const response = await doFetch(url, { ...init, signal: AbortSignal.timeout(5000) })
      return { contentType: response.headers.get('content-type') ?? '', bytes: Buffer.from(await response.arrayBuffer()) }
    } catch (error) {
      throw new WechatError(-1, `unreachable: ${(error as Error).message}`)
    }
  }

  /** Reads a JSON reply, throwing its refusal if it is one. */
  function readJson<T extends WechatReply>(reply: RawReply): T {
    let body: T
    try {
      // WeChat answers errors with HTTP 200 and text/plain JSON: read the body, not the headers.
      body = JSON.parse(reply.bytes.toString('utf8')) as T
    } catch (error) {
      throw new WechatError(-1, `unreadable reply: ${(error as Error).message}`)
    }
    if (body.errcode) throw new WechatError(body.errcode, body.errmsg ?? '')
    return body
  }

  async function call<T extends WechatReply>(path: string, query: Record<string, string>, json?: object): Promise<T> {
    return readJson<T>(await send(path, query, json))
  }

  // Each process keeps the token in memory; with a store, the processes share one (one fetches,
  // under the store's lock, the others read it), else each fetches its own and the stale-token
  // retry below absorbs them knocking each other's out.
  let cached: SharedToken | undefined
  let pending: Promise<string> | undefined
  /** The token WeChat last refused, so the store renews it rather than hand it out again. */
  let refused: string | null = null

  async function fetchFromWechat(): Promise<SharedToken> {
    const askedAt = now()
    const body = await call<WechatReply & { access_token?: string; expires_in?: number }>('/cgi-bin/token', {
      grant_type: 'client_credential',
      appid: options.appId,
      secret: options.secret,
    })
    if (!body.access_token || !body.expires_in) throw new WechatError(-2, 'reply without access_token')
    return { value: body.access_token, refreshAt: askedAt + body.expires_in * 1000 - TOKEN_MARGIN_MS }
  }

  async function fetchToken(): Promise<string> {
    const store = options.tokenStore
    const shared = store && (await store.read())
    const token = !store
      ? await fetchFromWechat()
      : shared && shared.value !== refused && now() < shared.refreshAt
        ? shared
        : await store.renew(fetchFromWechat, refused)
    cached = token
    return token.value
  }

  async function accessToken(): Promise<string> {
    if (cached && now() < cached.refreshAt) return cached.value
    // Concurrent callers share one request: WeChat rate-limits /cgi-bin/token per day, and each
    // new token invalidates the previous one.
    pending ??= fetchToken().finally(() => {
      pending = undefined
    })
    return pending
  }

  /** Runs `attempt` with the token; if WeChat says the token is stale, once more with a fresh one. */
  async function withToken<R>(attempt: (token: string) => Promise<R>): Promise<R> {
    const token = await accessToken()
    try {
      return await attempt(token)
    } catch (error) {
      if (!(error instanceof WechatError) || !error.isStaleToken) throw error
      // Only drop the token that failed: a concurrent caller may already have replaced it.
      if (cached?.value === token) cached = undefined
      refused = token
      return attempt(await accessToken())
    }
  }

  return {
    async code2Session(code) {
      const body = await call<WechatReply & { openid?: string; unionid?: string; session_key?: string }>(
        '/sns/jscode2session',
        { appid: options.appId, secret: options.secret, js_code: code, grant_type: 'authorization_code' },
      )
      if (!body.openid || !body.session_key) throw new WechatError(-2, 'reply without openid')
      return { openid: body.openid, unionid: body.unionid, sessionKey: body.session_key }
    },

    async oauth2AccessToken(code) {
      const body = await call<WechatReply & { openid?: string; unionid?: string; access_token?: string }>(
        '/sns/oauth2/access_token',
        { appid: options.appId, secret: options.secret, code, grant_type: 'authorization_code' },
      )
      if (!body.openid) throw new WechatError(-2, 'reply without openid')
      return { openid: body.openid, unionid: body.unionid || undefined }
    },

    accessToken,

    async phoneNumber(code) {
      const body = await withToken((token) =>
        call<WechatReply & { phone_info?: Partial<WechatPhoneNumber> }>(
          '/wxa/business/getuserphonenumber',
          { access_token: token },
          { code },
        ),
      )
      const info = body.phone_info
      if (!info?.phoneNumber || !info.purePhoneNumber || !info.countryCode) throw new WechatError(-2, 'reply without phone_info')
      return { phoneNumber: info.phoneNumber, purePhoneNumber: info.purePhoneNumber, countryCode: info.countryCode }
    },

    async sendSubscribeMessage({ openid, templateId, page, data }) {
      const payload = { touser: openid, template_id: templateId, page, data: Object.fromEntries(Object.entries(data).map(([key, value]) => [key, { value }])) }
      await withToken((token) => call('/cgi-bin/message/subscribe/send', { access_token: token }, payload))
    },

    async wxaCode({ scene, page, width, checkPath, envVersion }) {
      if (!SCENE.test(scene)) throw new WechatError(-3, `invalid scene ${JSON.stringify(scene)}: 1-32 of [0-9A-Za-z!#$&'()*+,/:;=?@-._~]`)
      const payload = { scene, page, width, check_path: checkPath, env_version: envVersion }
      return withToken(async (token) => {
        const reply = await send('/wxa/getwxacodeunlimit', { access_token: token }, payload)
        // Success is the image itself; a refusal is JSON with the same HTTP 200.
        if (reply.contentType.startsWith('image/')) return { contentType: reply.contentType, body: reply.bytes }
        readJson(reply)
        throw new WechatError(-2, `reply without image (${reply.contentType || 'no content-type'})`)
      })
    },
  }
}
