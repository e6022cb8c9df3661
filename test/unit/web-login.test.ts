/**
 * H5 WeChat web login in the session store, with the browser faked: the state sent to WeChat
 * must come back before a code is exchanged (CSRF), the address loses code and state whatever
 * happens, and the server's refusal is shown as it said it.
 */
import type { Api } from '@/services/api'
import { ApiRequestError } from '@/services/api-error'
import type { WebLoginBrowser } from '@/services/web-login'
import { SessionStore, TOKEN_KEY, type KeyValueStorage } from '@/stores/session-store'
import type { MeDto } from '../../types/people'

const INFO = { available: true, appId: 'wx-web', authorizeUrl: 'https://open.weixin.qq.com/connect/oauth2/authorize' }
const FRESH: MeDto = { id: 9, name: '', phone: '', consented: false, acting: null, identities: [] }
const SIGNUP = 'https://sandan.example.cn/#/pages/signup/index?invite=abc'

/** A tab of WeChat's browser on the sign-up page, which WeChat may have just sent back with `returned`. */
function browser(returned: { code: string | null; state: string | null } | null = null, inWechat = true) {
  const tab = { kept: null as string | null, left: null as string | null, returned, forgotten: 0 }
  const web: WebLoginBrowser = {
    inWechat,
    returned: () => tab.returned,
    here: () => SIGNUP,
    forgetReturn: () => {
      tab.returned = null
      tab.forgotten += 1
    },
    keepState: (state) => void (tab.kept = state),
    takeState: () => {
      const state = tab.kept
      tab.kept = null
      return state
    },
    randomState: () => 'f00dfeed',
    go: (url) => void (tab.left = url),
  }
  return { web, tab }
}

function store(web: WebLoginBrowser, api: Partial<Pick<Api, 'getWebLogin' | 'loginWithWechatWeb' | 'getMe'>> = {}, stored: Record<string, string> = {}) {
  const map = new Map(Object.entries(stored))
  const storage: KeyValueStorage = { get: (k) => map.get(k) ?? null, set: (k, v) => void map.set(k, v), remove: (k) => void map.delete(k) }
  const calls = {
    getWebLogin: jest.fn(api.getWebLogin ?? (async () => INFO)),
    loginWithWechatWeb: jest.fn(api.loginWithWechatWeb ?? (async () => ({ token: 'web-token', me: FRESH }))),
    getMe: jest.fn(api.getMe ?? (async () => FRESH)),
  }
  const unused = () => Promise.reject(new Error('not used here'))
  const session = new SessionStore(
    { getMe: calls.getMe, loginAsDemo: unused, loginWithWechat: unused, listDemoAccounts: unused, actAs: unused, updateProfile: unused, join: unused, leaveIdentity: unused },
    storage,
    false,
    { browser: web, api: calls },
  )
  return { session, calls, map }
}

test('the button leaves for WeChat with this page as redirect_uri, snsapi_base and a state kept in the tab', async () => {
  const { web, tab } = browser()
  const { session } = store(web)
  expect(session.webLoginOffer).toBeNull() // not asked yet
  await session.loadWebLogin()
  expect(session.webLoginOffer).toBe('button')
  session.startWebLogin()
  expect(tab.kept).toBe('f00dfeed')
  expect(tab.left).toBe(
    `${INFO.authorizeUrl}?appid=wx-web&redirect_uri=${encodeURIComponent(SIGNUP)}&response_type=code&scope=snsapi_base&state=f00dfeed#wechat_redirect`,
  )
})

test('back with the state it sent: the code is exchanged, the session kept, the address cleaned', async () => {
  const { web, tab } = browser()
  tab.kept = 'f00dfeed'
  tab.returned = { code: 'web-code-1', state: 'f00dfeed' }
  const { session, calls, map } = store(web)
  await session.restore()
  expect(calls.loginWithWechatWeb).toHaveBeenCalledWith('web-code-1')
  expect(map.get(TOKEN_KEY)).toBe('web-token')
  expect(session).toMatchObject({ signedIn: true, needsSignup: true, restoring: false, webLoginBusy: false, webLoginError: null })
  expect(tab).toMatchObject({ returned: null, forgotten: 1, kept: null })
  // A later restore (back in the foreground) finds nothing to exchange.
  await session.restore()
  expect(calls.loginWithWechatWeb).toHaveBeenCalledTimes(1)
})

test.each([
  ['another state (a link someone else started)', { code: 'web-code-1', state: 'evil' }, 'f00dfeed'],
  ['a state this tab never sent (opened in another tab)', { code: 'web-code-1', state: 'f00dfeed' }, null],
  ['no code (not authorised)', { code: null, state: 'f00dfeed' }, 'f00dfeed'],
])('back with %s: nothing is exchanged, and the page asks to log in again', async (_, returned, kept) => {
  const { web, tab } = browser(returned)
  tab.kept = kept
  const { session, calls } = store(web)
  await session.restore()
  expect(calls.loginWithWechatWeb).not.toHaveBeenCalled()
  expect(session).toMatchObject({ signedIn: false, restoring: false, webLoginError: '登录未完成，请重新点“微信登录”' })
  expect(tab.returned).toBeNull()
})

test("the server's refusal is shown as it said it; a session stored before still restores", async () => {
  const refused = new ApiRequestError(401, 'unauthenticated', '登录凭证无效，请重新登录')
  const { web, tab } = browser({ code: 'used', state: 'f00dfeed' })
  tab.kept = 'f00dfeed'
  const { session, calls } = store(web, { loginWithWechatWeb: async () => Promise.reject(refused) }, { [TOKEN_KEY]: 'old' })
  await session.restore()
  expect(session.webLoginError).toBe('登录凭证无效，请重新登录')
  expect(calls.getMe).toHaveBeenCalled()
  expect(session).toMatchObject({ signedIn: true, restoring: false, webLoginBusy: false })
})

test('no button where it cannot work: outside WeChat the page says where to open it; without an official account, nothing', async () => {
  const outside = store(browser(null, false).web).session
  await outside.loadWebLogin()
  expect(outside.webLoginOffer).toBe('outside')

  const none = store(browser().web, { getWebLogin: async () => ({ available: false, appId: null, authorizeUrl: null }) })
  await none.session.loadWebLogin()
  expect(none.session.webLoginOffer).toBeNull()
  none.session.startWebLogin() // nothing to start

  // The mini-program has no browser: never asks.
  const weapp = new SessionStore({} as never, { get: () => null, set: () => undefined, remove: () => undefined })
  await weapp.loadWebLogin()
  expect(weapp.webLoginOffer).toBeNull()
})
