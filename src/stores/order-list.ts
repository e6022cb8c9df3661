import { makeAutoObservable, runInAction } from 'mobx'
import type { ListOrdersQuery, OrderSummaryDto } from '../../types/api'
import type { Api } from '../services/api'
import { messageOf } from './errors'

export type ListQuery = Omit<ListOrdersQuery, 'cursor' | 'limit'>

/** One paged, refreshable order list (a tab of the orders page). */
export class OrderList {
  items: OrderSummaryDto[] = []
  nextCursor: string | null = null
  loading = false
  loadingMore = false
  /** Set when the last load failed; shown with a retry button. */
  error: string | null = null
  loaded = false

  constructor(
    private readonly api: Pick<Api, 'listOrders'>,
    readonly query: ListQuery,
    private readonly pageSize = 20,
  ) {
    makeAutoObservable<OrderList, 'api'>(this, { api: false, query: false })
  }

  get hasMore(): boolean {
    return this.nextCursor !== null
  }

  get isEmpty(): boolean {
    return this.loaded && this.items.length === 0
  }

  /** Loads the first page again (pull-to-refresh, or coming back to the page). */
  async refresh(): Promise<void> {
    if (this.loading) return
    this.loading = true
    this.error = null
    try {
      const page = await this.api.listOrders({ ...this.query, limit: this.pageSize })
      runInAction(() => {
        this.items = page.items
        this.nextCursor = page.nextCursor
        this.loaded = true
      })
    } catch (error) {
      runInAction(() => (this.error = messageOf(error)))
    } finally {
      runInAction(() => (this.loading = false))
    }
  }

  /** Appends the next page; does nothing while a load runs or on the last page. */
  async loadMore(): Promise<void> {
    if (this.loading || this.loadingMore || !this.nextCursor) return
    this.loadingMore = true
    this.error = null
    try {
      const page = await this.api.listOrders({ ...this.query, cursor: this.nextCursor, limit: this.pageSize })
      runInAction(() => {
        const known = new Set(this.items.map((item) => item.id))
        this.items.push(...page.items.filter((item) => !known.has(item.id)))
        this.nextCursor = page.nextCursor
      })
    } catch (error) {
      runInAction(() => (this.error = messageOf(error)))
    } finally {
      runInAction(() => (this.loadingMore = false))
    }
  }

  /** Drops an order the user may no longer see. */
  remove(id: number): void {
    this.items = this.items.filter((item) => item.id !== id)
  }

  /**
   * Updates a listed order in place, so only its card re-renders. Copies just the fields the
   * list holds: a detail DTO carries more (timeline, description…) than a card needs.
   */
  patch(order: OrderSummaryDto): void {
    const listed = this.items.find((item) => item.id === order.id)
    if (!listed) return
    const fields = Object.keys(listed) as (keyof OrderSummaryDto)[]
    Object.assign(listed, Object.fromEntries(fields.map((field) => [field, order[field]])))
  }
}
