import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'

export interface FakeWechat {
  baseUrl: string
  /** js_code values received, in order. */
  codes: string[]
  close(): Promise<void>
}

/**
 * A local stand-in for api.weixin.qq.com speaking the jscode2session protocol: codes starting
 * with `ok-` log in as `openid-<rest>`, anything else gets errcode 40029 (invalid code).
 * Like WeChat, it answers errors with HTTP 200 and a text/plain JSON body.
 */
export async function startFakeWechat(): Promise<FakeWechat> {
  const codes: string[] = []
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost')
    const reply = (body: object) => {
      res.writeHead(200, { 'content-type': 'text/plain' })
      res.end(JSON.stringify(body))
    }
    if (url.pathname !== '/sns/jscode2session') return reply({ errcode: 40066, errmsg: 'invalid url' })
    const code = url.searchParams.get('js_code') ?? ''
    codes.push(code)
    if (!url.searchParams.get('appid') || !url.searchParams.get('secret') || url.searchParams.get('grant_type') !== 'authorization_code') {
      return reply({ errcode: 40013, errmsg: 'invalid appid' })
    }
    if (code.startsWith('ok-')) return reply({ openid: `openid-${code.slice(3)}`, session_key: 'fake-session-key' })
    return reply({ errcode: 40029, errmsg: 'invalid code' })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    codes,
    close: () => new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve()))),
  }
}
