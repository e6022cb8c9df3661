import { makeAutoObservable, runInAction } from 'mobx'
import type { Actor } from '../domain'
import type { DemoAccountDto, SessionDto, UserDto } from '../../types/api'
import type { Api } from '../services/api'
import { ApiRequestError } from '../services/api-error'

/** Where the session token survives restarts (Taro storage in the app, a Map in tests). */
export interface KeyValueStorage {
  get(key: string): string | null
  set(key: string, value: string): void
  remove(key: string): void
}

export const TOKEN_KEY = 'sandan.token'

export class SessionStore {
  user: UserDto | null = null
  /** True until the stored token has been checked (or there was none). */
  restoring = true

  constructor(
    private readonly api: Pick<Api, 'getMe' | 'loginAsDemo' | 'loginWithWechat' | 'listDemoAccounts'>,
    private readonly storage: KeyValueStorage,
    /** Whether this build offers the demo account switcher (`SANDAN_DEMO_LOGIN`; never in production). */
    readonly demoLogin = false,
  ) {
    makeAutoObservable<SessionStore, 'api' | 'storage'>(this, { api: false, storage: false, demoLogin: false })
  }

  get actor(): Actor | null {
    return this.user && { id: this.user.id, role: this.user.role, orgPath: this.user.orgPath }
  }

  get signedIn(): boolean {
    return this.user !== null
  }

  /** Checks the stored token; an expired or revoked one is dropped. */
  async restore(): Promise<void> {
    if (!this.storage.get(TOKEN_KEY)) {
      runInAction(() => (this.restoring = false))
      return
    }
    try {
      const user = await this.api.getMe()
      runInAction(() => (this.user = user))
    } catch {
      // A 401 signs out through the HTTP client; offline, the token stays for the next start.
    } finally {
      runInAction(() => (this.restoring = false))
    }
  }

  async loginAsDemo(userId: number): Promise<void> {
    this.start(await this.api.loginAsDemo(userId))
  }

  /**
   * Set when WeChat login worked but this person has no place in a community yet: the server's
   * explanation, shown on 我的 until they are registered.
   */
  notRegistered: string | null = null

  async loginWithWechat(code: string): Promise<void> {
    try {
      this.start(await this.api.loginWithWechat(code))
      runInAction(() => (this.notRegistered = null))
    } catch (error) {
      if (error instanceof ApiRequestError && error.code === 'not_registered') runInAction(() => (this.notRegistered = error.message))
      throw error
    }
  }

  /**
   * Seeded accounts to switch between, or null when the server offers none: a production
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
    this.user = null
  }

  private start(session: SessionDto): void {
    this.storage.set(TOKEN_KEY, session.token)
    this.user = session.user
  }
}
