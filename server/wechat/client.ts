/**
 * WeChat server API client. One method per WeChat endpoint; each goes through `call`, which
 * turns a non-zero `errcode` into a WechatError. Subscribe messages and msgSecCheck will be
 * added here the same way (they also need an access token, cached per app).
 */
export interface WechatSession {
  openid: string
  unionid?: string
  sessionKey: string
}

export interface WechatClient {
  code2Session(code: string): Promise<WechatSession>
}

export interface WechatClientOptions {
  baseUrl: string
  appId: string
  secret: string
  fetch?: typeof fetch
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

  /** Codes that mean the login code itself is bad (invalid, used, expired): the user's problem. */
  get isInvalidCode(): boolean {
    return [40029, 40163, 40226].includes(this.errcode)
  }
}

interface WechatReply {
  errcode?: number
  errmsg?: string
}

export function createWechatClient(options: WechatClientOptions): WechatClient {
  const doFetch = options.fetch ?? fetch

  async function call<T extends WechatReply>(path: string, query: Record<string, string>): Promise<T> {
    const url = `${options.baseUrl}${path}?${new URLSearchParams(query).toString()}`
    let body: T
    try {
      const response = await doFetch(url, { signal: AbortSignal.timeout(5000) })
      // WeChat answers errors with HTTP 200 and text/plain JSON: read the body, not the headers.
      body = JSON.parse(await response.text()) as T
    } catch (error) {
      throw new WechatError(-1, `unreachable: ${(error as Error).message}`)
    }
    if (body.errcode) throw new WechatError(body.errcode, body.errmsg ?? '')
    return body
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
  }
}
