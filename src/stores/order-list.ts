import { action, makeObservable } from 'mobx'
import type { ListOrdersQuery, OrderSummaryDto } from '../../types/api'
import type { Api } from '../services/api'
import { PagedList } from './paged-list'

export type ListQuery = Omit<ListOrdersQuery, 'cursor' | 'limit'>

/** One paged, refreshable order list (a tab of the orders page). */
export class OrderList extends PagedList<OrderSummaryDto> {
  constructor(
    api: Pick<Api, 'listOrders'>,
    readonly query: ListQuery,
    pageSize = 20,
  ) {
    super((page) => api.listOrders({ ...query, ...page }), (order) => order.id, pageSize)
    makeObservable(this, { patch: action })
  }

  /**
   * Updates a listed order in place, so only its card re-renders. Copies just the fields the
   * list holds: a detail DTO carries more (timeline, description…) than a card needs.
   */
  patch(order: OrderSummaryDto): void {
    const listed = this.find(order.id)
    if (!listed) return
    const fields = Object.keys(listed) as (keyof OrderSummaryDto)[]
    Object.assign(listed, Object.fromEntries(fields.map((field) => [field, order[field]])))
  }
}
