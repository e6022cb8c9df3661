import { createContext, useContext } from 'react'
import type { Api } from '../services/api'
import { CatalogueStore } from './catalogue-store'
import { MediaStore, type MediaOptions } from './media-store'
import { OrderStore } from './order-store'
import { SessionStore, type KeyValueStorage } from './session-store'

/** What the build and the device give the stores besides the API (see src/app.tsx). */
export interface AppEnvironment extends MediaOptions {
  /** Whether this build offers the demo account switcher (never in production). */
  demoLogin: boolean
}

/** Builds every store from one transport, so a test can hand in a fake API. */
export class RootStore {
  readonly session: SessionStore
  readonly orders: OrderStore
  readonly catalogue: CatalogueStore
  readonly media: MediaStore

  constructor(api: Api, storage: KeyValueStorage, environment: AppEnvironment) {
    this.session = new SessionStore(api, storage, environment.demoLogin)
    this.orders = new OrderStore(api)
    this.catalogue = new CatalogueStore(api)
    this.media = new MediaStore(api, environment)
  }

  /** Switching accounts must not show the previous account's lists. */
  async switchToDemo(userId: number): Promise<void> {
    await this.session.loginAsDemo(userId)
    this.orders.reset()
  }

  async loginWithWechat(code: string): Promise<void> {
    await this.session.loginWithWechat(code)
    this.orders.reset()
  }

  logout(): void {
    this.session.logout()
    this.orders.reset()
  }
}

export const StoreContext = createContext<RootStore | null>(null)

export function useStores(): RootStore {
  const stores = useContext(StoreContext)
  if (!stores) throw new Error('useStores outside StoreContext')
  return stores
}
