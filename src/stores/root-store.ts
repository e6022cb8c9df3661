import { reaction } from 'mobx'
import { createContext, useContext } from 'react'
import type { Api } from '../services/api'
import type { WebLoginBrowser } from '../services/web-login'
import { CatalogueStore } from './catalogue-store'
import { ClockTargetStore } from './clock-target-store'
import { CommunityStore } from './community-store'
import { HelpStore } from './help-store'
import { LiveUpdates, type OpenSocket } from './live-updates'
import { MediaStore, type MediaOptions } from './media-store'
import { MeetingStore } from './meeting-store'
import { MessageStore } from './message-store'
import { OrderStore } from './order-store'
import { PeopleStore } from './people-store'
import { ProblemListStore } from './problem-list-store'
import { ServiceSettingsStore } from './service-settings-store'
import { SessionStore, TOKEN_KEY, type KeyValueStorage } from './session-store'
import { SignupStore } from './signup-store'
import { SubscriptionStore, type RequestSubscribe } from './subscription-store'
import { TextScaleStore, type FontSettings } from './text-scale-store'

/** What the build and the device give the stores besides the API (see src/app.tsx). */
export interface AppEnvironment extends MediaOptions {
  /** Whether this build offers the demo account switcher (never in production). */
  demoLogin: boolean
  /** The phone's font size setting (WeChat); absent on H5. */
  fontSettings?: () => FontSettings | null
  /** WeChat's subscribe-message dialog; absent on H5. */
  requestSubscribe?: RequestSubscribe
  /** Opens the live-updates socket at `liveUrl`; absent: changes come by polling only. */
  openSocket?: OpenSocket
  liveUrl?: string
  /** WeChat's web authorisation in the browser; H5 only (the mini-program logs in with wx.login). */
  webLogin?: WebLoginBrowser
}

/** Builds every store from one transport, so a test can hand in a fake API. */
export class RootStore {
  readonly session: SessionStore
  readonly orders: OrderStore
  readonly catalogue: CatalogueStore
  readonly media: MediaStore
  readonly people: PeopleStore
  readonly signup: SignupStore
  readonly community: CommunityStore
  readonly services: ServiceSettingsStore
  readonly textScale: TextScaleStore
  readonly help: HelpStore
  readonly meetings: MeetingStore
  readonly problems: ProblemListStore
  readonly messages: MessageStore
  readonly clockTargets: ClockTargetStore
  readonly subscriptions: SubscriptionStore
  readonly live: LiveUpdates

  constructor(api: Api, storage: KeyValueStorage, environment: AppEnvironment) {
    this.session = new SessionStore(api, storage, environment.demoLogin, environment.webLogin && { browser: environment.webLogin, api })
    this.orders = new OrderStore(api)
    this.catalogue = new CatalogueStore(api)
    this.media = new MediaStore(api, environment)
    this.people = new PeopleStore(api)
    this.signup = new SignupStore(api, this.session)
    this.community = new CommunityStore(api)
    this.services = new ServiceSettingsStore(api)
    this.textScale = new TextScaleStore(storage, environment.fontSettings)
    this.help = new HelpStore(api, this.orders)
    this.meetings = new MeetingStore(api)
    this.problems = new ProblemListStore(api)
    this.messages = new MessageStore(api, () => this.session.user !== null)
    this.clockTargets = new ClockTargetStore(api)
    this.subscriptions = new SubscriptionStore(api, environment.requestSubscribe)
    this.live = new LiveUpdates(environment.openSocket ?? null, environment.liveUrl ?? '', () => (this.session.user ? storage.get(TOKEN_KEY) : null), {
      orders: (ids) => this.orders.changed(ids),
      messages: () => {
        this.messages.changed()
        // A message may be a request to approve: 待审核, if shown, gets it too.
        void this.people.pending.refreshQuietly()
      },
    })
    // Another person or identity (login, switch, sign-up, logout) must not see the previous
    // one's lists, whichever way the change came about.
    reaction(
      () => this.session.identityKey,
      () => {
        this.orders.reset()
        this.people.reset()
        this.community.reset()
        this.services.reset()
        this.help.reset()
        this.meetings.reset()
        this.problems.reset()
        this.messages.reset()
        this.clockTargets.reset()
        this.catalogue.forgetScoped()
        // Each community offers its own services.
        void this.catalogue.loadCategories()
        // The badge is the new identity's at once, not at the next poll.
        void this.messages.refreshUnread()
        // The socket spoke for the previous identity.
        this.live.restart()
      },
    )
  }

  /** Demo mode: signs in as one seeded person acting as one of their identities. */
  async switchToDemo(userId: number, membershipId?: number): Promise<void> {
    await this.session.loginAsDemo(userId, membershipId)
  }

  async switchIdentity(membershipId: number): Promise<void> {
    await this.session.switchIdentity(membershipId)
  }

  async loginWithWechat(code: string): Promise<void> {
    await this.session.loginWithWechat(code)
  }

  logout(): void {
    this.session.logout()
  }
}

export const StoreContext = createContext<RootStore | null>(null)

export function useStores(): RootStore {
  const stores = useContext(StoreContext)
  if (!stores) throw new Error('useStores outside StoreContext')
  return stores
}
