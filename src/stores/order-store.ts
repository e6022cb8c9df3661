import { makeAutoObservable, runInAction } from 'mobx'
import type { CreateOrderRequest, OrderCountsDto, OrderCountsQuery, OrderDetailDto, OrderSummaryDto, TransitionRequest } from '../../types/api'
import type { Api } from '../services/api'
import { messageOf } from './errors'
import { OrderList, type ListQuery } from './order-list'

type OrderApi = Pick<Api, 'listOrders' | 'getOrder' | 'createOrder' | 'transitionOrder' | 'countOrders' | 'listDuplicates'>
type View = NonNullable<OrderCountsQuery['view']>

const countsKey = (view: View, within: number | undefined) => `${view}|${within ?? ''}`

/** A loaded order detail with its own loading and error state. */
export class OrderDetail {
  order: OrderDetailDto | null = null
  loading = false
  error: string | null = null
  /** The action being sent, so its button shows a spinner and others wait. */
  pendingAction: TransitionRequest['action'] | null = null
  /** Likely duplicates (the committee's merge candidates): null until asked for. */
  duplicates: OrderSummaryDto[] | null = null
  duplicatesError: string | null = null

  constructor(readonly id: number) {
    makeAutoObservable(this, { id: false })
  }
}

export class OrderStore {
  private lists = new Map<string, OrderList>()
  private details = new Map<number, OrderDetail>()
  /** Orders per status group, by list view and area (`within`): the numbers on the tabs. */
  counts = new Map<string, { view: View; within?: number; value: OrderCountsDto }>()

  constructor(private readonly api: OrderApi) {
    makeAutoObservable<OrderStore, 'api' | 'lists' | 'details'>(this, { api: false, lists: false, details: false })
  }

  /** The list for one tab; the same query always gives the same list, so tabs keep their scroll. */
  list(query: ListQuery): OrderList {
    const key = JSON.stringify([query.view ?? '', query.group ?? '', query.clock ?? '', query.within ?? ''])
    let list = this.lists.get(key)
    if (!list) {
      list = new OrderList(this.api, query)
      this.lists.set(key, list)
    }
    return list
  }

  detail(id: number): OrderDetail {
    let detail = this.details.get(id)
    if (!detail) {
      detail = new OrderDetail(id)
      this.details.set(id, detail)
    }
    return detail
  }

  countsOf(view: View, within?: number): OrderCountsDto | undefined {
    return this.counts.get(countsKey(view, within))?.value
  }

  /** Loads the counts of a view, of the actor's whole area or (`within`) of part of it. */
  async loadCounts(view: View, within?: number): Promise<void> {
    try {
      const value = await this.api.countOrders(within === undefined ? { view } : { view, within })
      runInAction(() => this.counts.set(countsKey(view, within), { view, within, value }))
    } catch {
      // Tab numbers are a hint: on failure the last ones stay, and the lists show the error.
    }
  }

  async loadDetail(id: number): Promise<void> {
    const detail = this.detail(id)
    detail.loading = true
    detail.error = null
    try {
      const order = await this.api.getOrder(id)
      this.apply(order)
    } catch (error) {
      runInAction(() => (detail.error = messageOf(error)))
    } finally {
      runInAction(() => (detail.loading = false))
    }
  }

  /** Asks which orders this one may duplicate; only the committee may (others get a 403 and see nothing). */
  async loadDuplicates(id: number): Promise<void> {
    const detail = this.detail(id)
    detail.duplicatesError = null
    try {
      const duplicates = await this.api.listDuplicates(id)
      runInAction(() => (detail.duplicates = duplicates))
    } catch (error) {
      runInAction(() => (detail.duplicatesError = messageOf(error)))
    }
  }

  /** Places an order; the key makes a retried submit return the same order. */
  async create(order: CreateOrderRequest, idempotencyKey: string): Promise<OrderDetailDto> {
    const created = await this.api.createOrder(order, idempotencyKey)
    this.apply(created)
    this.lists.forEach((list) => list.loaded && list.refresh())
    this.reloadCounts()
    return created
  }

  /**
   * Sends one action; resolves whether the user may still see the order (declining or releasing
   * hands it away: it then leaves their lists). On a lost race (409) the detail is reloaded so
   * the screen shows what happened, and the error is rethrown for the page to explain.
   */
  async act(id: number, request: TransitionRequest): Promise<boolean> {
    const detail = this.detail(id)
    if (detail.pendingAction) return true
    detail.pendingAction = request.action
    try {
      const outcome = await this.api.transitionOrder(id, request)
      if (outcome.order) this.apply(outcome.order)
      else this.forget(id)
      this.reloadCounts()
      return outcome.order !== null
    } catch (error) {
      void this.loadDetail(id)
      throw error
    } finally {
      runInAction(() => (detail.pendingAction = null))
    }
  }

  /**
   * Orders changed elsewhere (live updates; null: any may have): the lists shown, the tab
   * numbers and the open details are asked for again, quietly. A detail no longer visible keeps
   * what it showed; its next action gets the server's answer.
   */
  changed(ids: number[] | null): void {
    this.lists.forEach((list) => void list.refreshQuietly())
    this.reloadCounts()
    this.details.forEach((detail, id) => {
      if (detail.order && (ids === null || ids.includes(id))) void this.refreshDetail(id)
    })
  }

  private async refreshDetail(id: number): Promise<void> {
    try {
      this.apply(await this.api.getOrder(id))
    } catch {
      // A hint, like the tab numbers: the page's own load shows errors.
    }
  }

  /** Clears cached lists, e.g. when the account changes. */
  reset(): void {
    this.lists.clear()
    this.details.clear()
    this.counts.clear()
  }

  private reloadCounts(): void {
    this.counts.forEach(({ view, within }) => void this.loadCounts(view, within))
  }

  private forget(id: number): void {
    this.details.delete(id)
    this.lists.forEach((list) => list.remove(id))
  }

  private apply(order: OrderDetailDto): void {
    this.detail(order.id).order = order
    this.lists.forEach((list) => list.patch(order))
  }
}
