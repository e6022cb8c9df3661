/**
 * The WeChat client against the fake WeChat over real HTTP: the access token's cache, refresh
 * and stale-token retry, and the phone number and mini-program code endpoints.
 */
import { createWechatClient, WechatError, type WechatClientOptions } from '../../server/wechat/client'
import { FAKE_WXA_CODE, startFakeWechat, type FakeWechat } from '../support/fake-wechat'

const TWO_HOURS = 7200 * 1000
const FIVE_MINUTES = 5 * 60 * 1000

let wechat: FakeWechat
let clock: number
beforeEach(async () => {
  wechat = await startFakeWechat()
  clock = 1_700_000_000_000
})
afterEach(() => wechat.close())

function client(extra: Partial<WechatClientOptions> = {}) {
  return createWechatClient({ baseUrl: wechat.baseUrl, appId: 'wx-test', secret: 'secret', now: () => clock, ...extra })
}

describe('access token', () => {
  test('many concurrent calls share one token request', async () => {
    const c = client()
    const tokens = await Promise.all(Array.from({ length: 5 }, () => c.accessToken()))
    const phones = await Promise.all(Array.from({ length: 5 }, (_, i) => c.phoneNumber(`phone-1390000000${i}`)))
    expect(tokens).toEqual(Array(5).fill('token-1'))
    expect(phones.map((p) => p.purePhoneNumber)).toEqual(['13900000000', '13900000001', '13900000002', '13900000003', '13900000004'])
    expect(wechat.tokenRequests).toBe(1)
  })

  test('is refreshed 5 minutes before it expires, not earlier', async () => {
    const c = client()
    expect(await c.accessToken()).toBe('token-1')
    clock += TWO_HOURS - FIVE_MINUTES - 1
    expect(await c.accessToken()).toBe('token-1')
    expect(wechat.tokenRequests).toBe(1)
    clock += 1
    expect(await c.accessToken()).toBe('token-2')
    expect(wechat.tokenRequests).toBe(2)
  })

  test('a call refused for a stale token is retried once with a new one', async () => {
    const c = client()
    await c.phoneNumber('phone-13912345678')
    wechat.expireTokens()
    await expect(c.phoneNumber('phone-13912345678')).resolves.toMatchObject({ purePhoneNumber: '13912345678' })
    expect(wechat.tokenRequests).toBe(2)
    expect(await c.accessToken()).toBe('token-2')
  })

  test('only once: a token that is stale again gives up with the refusal', async () => {
    // Every token goes stale as soon as it is issued, so the retry fails too.
    const staleAtOnce: typeof fetch = async (input, init) => {
      const response = await fetch(input, init)
      if (String(input).includes('/cgi-bin/token')) wechat.expireTokens()
      return response
    }
    const c = client({ fetch: staleAtOnce })
    await expect(c.phoneNumber('phone-13912345678')).rejects.toMatchObject({ name: 'WechatError', errcode: 42001 })
    expect(wechat.tokenRequests).toBe(2)
    // The image endpoint reads the refusal from its JSON body, and retries the same way: the
    // cached token-2 is refused, token-3 is too, and there it stops.
    await expect(c.wxaCode({ scene: 'o=1', page: 'pages/index/index' })).rejects.toMatchObject({ errcode: 42001 })
    expect(wechat.tokenRequests).toBe(3)
  })
})

describe('phoneNumber', () => {
  test('exchanges a code for the number', async () => {
    expect(await client().phoneNumber('phone-13912345678')).toEqual({
      phoneNumber: '13912345678',
      purePhoneNumber: '13912345678',
      countryCode: '86',
    })
  })

  test('an invalid code is a WechatError the route reports as the user’s problem', async () => {
    const error: unknown = await client().phoneNumber('stolen').catch((e: unknown) => e)
    expect(error).toBeInstanceOf(WechatError)
    expect(error).toMatchObject({ errcode: 40029, isInvalidCode: true })
  })
})

describe('wxaCode', () => {
  test('returns the image bytes and sends the scene and page', async () => {
    const image = await client().wxaCode({ scene: 'order=42', page: 'pages/order/detail' })
    expect(image.contentType).toBe('image/png')
    expect(Buffer.isBuffer(image.body)).toBe(true)
    expect(image.body.equals(FAKE_WXA_CODE)).toBe(true)
    expect(wechat.wxaCodes).toEqual([{ scene: 'order=42', page: 'pages/order/detail' }])
  })

  test('the options go out under WeChat’s names', async () => {
    const sent: unknown[] = []
    const recording: typeof fetch = (input, init) => {
      if (String(input).includes('/wxa/getwxacodeunlimit')) sent.push(JSON.parse(String(init?.body)))
      return fetch(input, init)
    }
    await client({ fetch: recording }).wxaCode({ scene: 'a', page: 'pages/index/index', width: 280, checkPath: false, envVersion: 'trial' })
    expect(sent).toEqual([{ scene: 'a', page: 'pages/index/index', width: 280, check_path: false, env_version: 'trial' }])
  })

  test('a scene over 32 characters is refused before asking WeChat; 32 is fine', async () => {
    const c = client()
    await expect(c.wxaCode({ scene: 'x'.repeat(33), page: 'pages/index/index' })).rejects.toMatchObject({
      name: 'WechatError',
      errcode: -3,
    })
    expect(wechat.wxaCodes).toEqual([])
    expect(wechat.tokenRequests).toBe(0)
    await expect(c.wxaCode({ scene: 'x'.repeat(32), page: 'pages/index/index' })).resolves.toMatchObject({ contentType: 'image/png' })
  })
})

test('an unreachable base URL is WechatError -1 for every endpoint', async () => {
  // Port 1: nothing listens there, so the connection is refused at once.
  const offline = client({ baseUrl: 'http://127.0.0.1:1' })
  for (const attempt of [
    () => offline.accessToken(),
    () => offline.phoneNumber('phone-13912345678'),
    () => offline.wxaCode({ scene: 'a', page: 'pages/index/index' }),
  ]) {
    await expect(attempt()).rejects.toMatchObject({ name: 'WechatError', errcode: -1 })
  }
})

describe('subscribe messages', () => {
  test('sent with the template, the page and the fields as WeChat wants them', async () => {
    await client().sendSubscribeMessage({ openid: 'openid-a', templateId: 'tmpl-done', page: 'pages/order-detail/index?id=3', data: { thing1: '助餐', phrase2: '已办结' } })
    expect(wechat.sends).toEqual([
      { touser: 'openid-a', templateId: 'tmpl-done', page: 'pages/order-detail/index?id=3', data: { thing1: { value: '助餐' }, phrase2: { value: '已办结' } } },
    ])
  })

  test('a person without a subscription left is a final refusal; a busy WeChat is not', async () => {
    const refused = await client()
      .sendSubscribeMessage({ openid: 'refuse-a', templateId: 'tmpl-done', page: 'p', data: {} })
      .catch((error: WechatError) => error)
    expect([refused instanceof WechatError && refused.errcode, refused instanceof WechatError && refused.isFinal]).toEqual([43101, true])
    wechat.failNextSends(1)
    const busy = await client()
      .sendSubscribeMessage({ openid: 'openid-a', templateId: 'tmpl-done', page: 'p', data: {} })
      .catch((error: WechatError) => error)
    expect([busy instanceof WechatError && busy.errcode, busy instanceof WechatError && busy.isFinal]).toEqual([-1, false])
  })
})
