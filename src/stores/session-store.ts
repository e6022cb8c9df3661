import { makeAutoObservable, runInAction } from 'mobx'
import type { Actor, Role } from '../domain'
import type { WebLoginInfoDto } from '../../types/api'
import type { DemoAccountDto, IdentityDto, JoinRequestBody, MeDto, SessionDto, UpdateProfileRequest } from '../../types/people'
import type { Api } from '../services/api'
import { ApiRequestError } from '../services/api-error'
import type { WebLoginBrowser } from '../services/web-login'
import { messageOf } from './errors'

/** Where the session token survives restarts (Taro storage in the app, a Map in tests). */
export interface KeyValueStorage {
  get(key: string): string | null
  set(key: string, value: string): void
  remove(key: string): void
}

export const TOKEN_KEY = 'sandan.token'

/** The person as the identity they act as now: what pages show and the domain's actor is made of. */
export interface SessionUser {
  id: number
  name: string
  /** Masked, e.g. 138****5678. */
  phone: string
  membershipId: number
  role: Role
  orgId: number
  orgPath: string
  orgName: string
  /** The community (tenant) the identity lies in; null for a street administrator. */
  communityPath: string | null
  teamName: string | null
  householdId: number | null
  householdAddress: string | null
  workUnitName: string | null
  teamId: number | null
  workUnitId: number | null
  leadsTeamId: number | null
}

/** An org chain without its first link (the street every identity here shares), e.g. 阳光社区大党委 · 第1网格. */
export function shortOrgName(orgName: string): string {
  const links = orgName.split(' · ')
  return links.length > 1 ? links.slice(1).join(' · ') : orgName
}

/** Where an identity sits, as one line: the household, the team, the work unit or the org. */
export function placeOf(identity: Pick<IdentityDto, 'role' | 'orgName' | 'teamName' | 'householdAddress' | 'workUnitName'>): string {
  const org = shortOrgName(identity.orgName)
  const extra = identity.householdAddress ?? identity.teamName ?? identity.workUnitName
  return extra ? `${org} · ${extra}` : org
}

type SessionApi = Pick<Api, 'getMe' | 'loginAsDemo' | 'loginWithWechat' | 'listDemoAccounts' | 'actAs' | 'updateProfile' | 'join' | 'leaveIdentity'>

/** H5 only: WeChat's web authorisation, the browser's part and the server's. */
export interface WebLogin {
  browser: WebLoginBrowser
  api: Pick<Api, 'getWebLogin' | 'loginWithWechatWeb'>
}

/** A return from WeChat that was not the one this tab started (or not authorised): nothing is exchanged. */
const WEB_LOGIN_UNMATCHED = '登录未完成，请重新点“微信登录”'

export class SessionStore {
  me: MeDto | null = null
  /** True until the stored token has been checked (or there was none). */
  restoring = true
  /** H5: whether the server offers WeChat web login, once asked (`loadWebLogin`). */
  webLogin: WebLoginInfoDto | null = null
  /** H5: a code WeChat sent back is being exchanged. */
  webLoginBusy = false
  /** H5: why the last WeChat web login failed, as the server said it. */
  webLoginError: string | null = null
  private waitingCheck: Promise<void> | null = null

  constructor(
    private readonly api: SessionApi,
    private readonly storage: KeyValueStorage,
    /** Whether this build offers the demo account switcher (`SANDAN_DEMO_LOGIN`; never in production). */
    readonly demoLogin = false,
    /** WeChat's web authorisation: H5 only (the mini-program logs in with wx.login). */
    private readonly web?: WebLogin,
  ) {
    makeAutoObservable<SessionStore, 'api' | 'storage' | 'waitingCheck' | 'web'>(this, {
      api: false,
      storage: false,
      waitingCheck: false,
      demoLogin: false,
      web: false,
    })
  }

  get user(): SessionUser | null {
    const { me } = this
    if (!me?.acting) return null
    const { status: _status, ...acting } = me.acting
    return { ...acting, id: me.id, name: me.name, phone: me.phone }
  }

  get actor(): Actor | null {
    const { user } = this
    if (!user) return null
    const { id, role, orgPath, householdId, communityPath, teamId, workUnitId, leadsTeamId } = user
    return { id, role, orgPath, householdId, communityPath, teamId, workUnitId, leadsTeamId }
  }

  get signedIn(): boolean {
    return this.me !== null
  }

  get identities(): IdentityDto[] {
    return this.me?.identities ?? []
  }

  /** Applications still waiting for someone to approve them. */
  get pendingIdentities(): IdentityDto[] {
    return this.identities.filter((identity) => identity.status === 'pending')
  }

  /** Signed in (e.g. a first WeChat login) but nothing to act as yet: sign-up comes first. */
  get needsSignup(): boolean {
    return this.signedIn && !this.identities.some((identity) => identity.status === 'active')
  }

  /** Sign-up's first step is still open: the privacy notice, a name or a phone is missing. */
  get needsProfile(): boolean {
    const { me } = this
    return me !== null && (!me.consented || !me.name || !me.phone)
  }

  /** A change of this key means another person or identity: lists of the previous one must go. */
  get identityKey(): string {
    return this.me ? `${this.me.id}:${this.me.acting?.membershipId ?? ''}` : ''
  }

  /**
   * H5: whether to offer 微信登录 here. `outside`: the server offers it but this is not WeChat's
   * browser, where WeChat cannot authorise: the page says to open the link in WeChat instead.
   */
  get webLoginOffer(): 'button' | 'outside' | null {
    if (!this.web || !this.webLogin?.available) return null
    return this.web.browser.inWechat ? 'button' : 'outside'
  }

  /** H5: asks the server once whether it offers WeChat web login. */
  async loadWebLogin(): Promise<void> {
    if (!this.web || this.webLogin) return
    try {
      const info = await this.web.api.getWebLogin()
      runInAction(() => (this.webLogin = info))
    } catch {
      // Offline or an older server: no button, as without an official account.
    }
  }

  /** H5: leaves for WeChat's authorize page; WeChat sends the person back to this very page (see `restore`). */
  startWebLogin(): void {
    const info = this.webLogin
    if (!this.web || !info?.available || !info.appId || !info.authorizeUrl) return
    const { browser } = this.web
    this.webLoginError = null
    // Random per attempt and kept in this tab: a return carrying any other state was started by someone else (CSRF).
    const state = browser.randomState()
    browser.keepState(state)
    const query = [
      `appid=${encodeURIComponent(info.appId)}`,
      `redirect_uri=${encodeURIComponent(browser.here())}`,
      'response_type=code',
      'scope=snsapi_base',
      `state=${state}`,
    ].join('&')
    // WeChat reads the parameters in this order and needs the fragment.
    browser.go(`${info.authorizeUrl}?${query}#wechat_redirect`)
  }

  /**
   * Checks the stored token; an expired or revoked one is dropped. On H5, a page load that is
   * WeChat sending the person back signs them in with its code first (when its state is the
   * one this tab sent), and the address loses code and state either way.
   */
  async restore(): Promise<void> {
    const back = this.web?.browser.returned()
    if (back && (await this.finishWebLogin(back))) return
    if (!this.storage.get(TOKEN_KEY)) {
      runInAction(() => (this.restoring = false))
      return
    }
    try {
      // Set once it acts as someone: a person with an identity but no acting one is no state to show.
      const me = await this.actingAsFirstActive(await this.api.getMe())
      runInAction(() => (this.me = me))
    } catch {
      // A 401 signs out through the HTTP client; offline, the token stays for the next start.
    } finally {
      runInAction(() => (this.restoring = false))
    }
  }

  /**
   * Someone waiting for an approval has no identity to act as yet: each tab page asks again when
   * shown (useTabPage), so an approval takes effect without restarting the app. Tabs shown in
   * quick succession share one request.
   */
  refreshIfWaiting(): Promise<void> {
    if (!this.needsSignup || this.restoring) return Promise.resolve()
    this.waitingCheck ??= this.restore().finally(() => (this.waitingCheck = null))
    return this.waitingCheck
  }

  /** Demo mode: one seeded person acting as one of their memberships. */
  async loginAsDemo(userId: number, membershipId?: number): Promise<void> {
    this.start(await this.api.loginAsDemo(userId, membershipId))
  }

  /** A first login creates the person with nothing but their openid: `needsSignup` then holds. */
  async loginWithWechat(code: string): Promise<void> {
    this.start(await this.api.loginWithWechat(code))
  }

  /** Exchanges what WeChat sent back; true when it signed the person in. */
  private async finishWebLogin(back: { code: string | null; state: string | null }): Promise<boolean> {
    const { browser, api } = this.web!
    browser.forgetReturn()
    const expected = browser.takeState()
    if (!back.code || !expected || back.state !== expected) {
      this.webLoginError = WEB_LOGIN_UNMATCHED
      return false
    }
    this.webLoginBusy = true
    this.webLoginError = null
    try {
      const session = await api.loginWithWechatWeb(back.code)
      runInAction(() => {
        this.start(session)
        this.restoring = false
      })
      return true
    } catch (error) {
      runInAction(() => (this.webLoginError = messageOf(error)))
      return false
    } finally {
      runInAction(() => (this.webLoginBusy = false))
    }
  }

  /** Acts as another of the person's active memberships from now on. */
  async switchIdentity(membershipId: number): Promise<void> {
    const me = await this.api.actAs(membershipId)
    runInAction(() => (this.me = me))
  }

  /** Withdraws a request or leaves an identity; leaving the one acted as, the server picks another active one (or none). */
  async leave(membershipId: number): Promise<void> {
    const me = await this.api.leaveIdentity(membershipId)
    runInAction(() => (this.me = me))
  }

  /** Sign-up's first step: consent to the privacy notice, name and phone. */
  async updateProfile(profile: UpdateProfileRequest): Promise<void> {
    const me = await this.api.updateProfile(profile)
    runInAction(() => (this.me = me))
  }

  /**
   * Asks for a membership; resolves the identity it made (or the one already held), whose status
   * says whether it is usable now or waits for an approval.
   */
  async join(request: JoinRequestBody): Promise<IdentityDto | null> {
    const known = new Set(this.identities.map((identity) => identity.membershipId))
    const me = await this.api.join(request)
    runInAction(() => (this.me = me))
    const ofRole = me.identities.filter((identity) => identity.role === request.role)
    // Asked twice (the server answers 200 with what exists): the newest identity of that role.
    return ofRole.find((identity) => !known.has(identity.membershipId)) ?? ofRole[ofRole.length - 1] ?? null
  }

  /**
   * Seeded identities to switch between, or null when the server offers none: a production
   * server answers 404, and then there is nothing to show.
   */
  async demoAccounts(): Promise<DemoAccountDto[] | null> {
    try {
      return await this.api.listDemoAccounts()
    } catch (error) {
      if (error instanceof ApiRequestError && error.status === 404) return null
      throw error
    }
  }

  logout(): void {
    this.storage.remove(TOKEN_KEY)
    this.me = null
  }

  private start(session: SessionDto): void {
    this.storage.set(TOKEN_KEY, session.token)
    this.me = session.me
  }

  /** The acting membership ended (or was just approved) since the last start: act as the first one still active. */
  private async actingAsFirstActive(me: MeDto): Promise<MeDto> {
    const active = me.acting ? undefined : me.identities.find((identity) => identity.status === 'active')
    // Refused (it ended in between): the person is still known, and 我的 offers the switch.
    return active ? this.api.actAs(active.membershipId).catch(() => me) : me
  }
}
