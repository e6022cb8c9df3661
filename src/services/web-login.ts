/** What WeChat's web authorisation needs of the browser; the session store drives it, tests fake it. */
export interface WebLoginBrowser {
  /** Only WeChat's built-in browser can authorise. */
  readonly inWechat: boolean
  /** What WeChat sent back in the address if this page load is a return from it (code absent: not authorised). */
  returned(): { code: string | null; state: string | null } | null
  /** The address to come back to: this page, route and params included, without a previous return's code. */
  here(): string
  /** Takes code and state out of the address bar, in place. */
  forgetReturn(): void
  keepState(state: string): void
  /** The state kept before leaving, once: a second look finds nothing. */
  takeState(): string | null
  randomState(): string
  /** Leaves the app for `url`. */
  go(url: string): void
}

/** The `state` sent to WeChat, kept for this tab only: a return in another tab is not ours. */
const STATE_KEY = 'sandan.webLoginState'

/** The page's address without what WeChat added on the way back. */
function withoutReturn(): string {
  const url = new URL(window.location.href)
  url.searchParams.delete('code')
  url.searchParams.delete('state')
  return url.toString()
}

/**
 * The browser's part of WeChat's web authorisation, on H5 only. WeChat sends the person back
 * with `?code=…&state=…` in the query, before the `#` route, so the route and its params (an
 * invite) come back untouched.
 */
function createBrowserWebLogin(): WebLoginBrowser {
  return {
    // WeChat authorises only inside its own browser; anywhere else its page is a dead end.
    inWechat: /MicroMessenger/i.test(navigator.userAgent),
    returned() {
      const query = new URLSearchParams(window.location.search)
      const [code, state] = [query.get('code'), query.get('state')]
      return code === null && state === null ? null : { code, state }
    },
    here: withoutReturn,
    forgetReturn() {
      // Replaced, not pushed: going back must not land on a used code.
      window.history.replaceState(window.history.state, '', withoutReturn())
    },
    keepState(state) {
      sessionStorage.setItem(STATE_KEY, state)
    },
    takeState() {
      const state = sessionStorage.getItem(STATE_KEY)
      sessionStorage.removeItem(STATE_KEY)
      return state
    },
    randomState() {
      const bytes = crypto.getRandomValues(new Uint8Array(16))
      return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')
    },
    go(url) {
      window.location.href = url
    },
  }
}

/** Absent in the mini-program, which logs in with wx.login. */
export const browserWebLogin: WebLoginBrowser | undefined = process.env.TARO_ENV === 'h5' ? createBrowserWebLogin() : undefined
