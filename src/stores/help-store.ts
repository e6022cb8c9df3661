import { makeAutoObservable, runInAction } from 'mobx'
import { orderAddressOf } from '../domain'
import type { CreateOrderRequest, OrderDetailDto } from '../../types/api'
import type { HouseholdContactsDto } from '../../types/contacts'
import type { Api } from '../services/api'
import { messageOf } from './errors'
import type { OrderStore } from './order-store'
import type { SessionUser } from './session-store'

/**
 * The one-tap 助急 order: nothing to fill in. The server takes the address from the household
 * and the contact from the person placing it (server/routes/orders.ts).
 */
export const ONE_TAP_HELP: CreateOrderRequest = { categoryCode: 'emergency', description: '一键助急：请尽快联系我', urgency: 'emergency' }

/**
 * The own household's address as an order carries it, e.g. 锦绣小区3号楼2单元401: the estate is
 * named after the grid's branch, the link before the grid in 小区 · 网格.
 */
export function householdAddressOf(user: Pick<SessionUser, 'orgName' | 'householdAddress'>): string | null {
  const links = user.orgName.split(' · ')
  return orderAddressOf({ address: user.householdAddress, branchName: links.length >= 2 ? links[links.length - 2] : null })
}

/** A retried call must reuse its key, so the server answers with the same order. */
const newKey = () => `help-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`

/**
 * Help one tap away for a household (resident, family proxy): the 一键助急 order, and the numbers
 * to ring when the phone is quicker (its grid workers, its community).
 */
export class HelpStore {
  contacts: HouseholdContactsDto | null = null
  contactsError: string | null = null
  /** True while the 助急 order is being sent. */
  calling = false
  private key = newKey()

  constructor(
    private readonly api: Pick<Api, 'getContacts'>,
    private readonly orders: Pick<OrderStore, 'create'>,
  ) {
    makeAutoObservable<HelpStore, 'api' | 'orders' | 'key'>(this, { api: false, orders: false, key: false })
  }

  async loadContacts(): Promise<void> {
    try {
      const contacts = await this.api.getContacts()
      runInAction(() => {
        this.contacts = contacts
        this.contactsError = null
      })
    } catch (error) {
      runInAction(() => (this.contactsError = messageOf(error)))
    }
  }

  /** Places the 助急 order; rejects with the server's reason (shown as is). */
  async callForHelp(): Promise<OrderDetailDto> {
    this.calling = true
    try {
      const order = await this.orders.create(ONE_TAP_HELP, this.key)
      this.key = newKey()
      return order
    } finally {
      runInAction(() => (this.calling = false))
    }
  }

  /** Another person or identity: another household's numbers. */
  reset(): void {
    this.contacts = null
    this.contactsError = null
  }
}
