import { Text, View } from '@tarojs/components'
import type { OrderSummaryDto } from '../../types/api'
import { formatWhen } from '../utils/time'
import { OrderCard } from './order-card'
import { OrderHeading } from './order-heading'
import './duplicate-list.scss'

export interface DuplicateListProps {
  /** Orders that may be the same problem (same service, same compound, recent). */
  orders: readonly OrderSummaryDto[]
  /** With `onSelect`, the list is a choice (the merge form); without, each card opens its order. */
  selectedId?: number | null
  onSelect?: (id: number) => void
}

/**
 * Likely duplicates of an order: shown to the committee before it dispatches, and offered as the
 * order to merge into. A choice says which is chosen by a ✓ and a border, not only a colour.
 */
export function DuplicateList({ orders, selectedId = null, onSelect }: DuplicateListProps) {
  if (!onSelect) {
    return (
      <View className="duplicate-list">
        {orders.map((order) => (
          <OrderCard key={order.id} order={order} listOrder="queue" />
        ))}
      </View>
    )
  }
  return (
    <View className="duplicate-list" role="radiogroup" aria-label="合并到哪一单">
      {orders.map((order) => {
        const chosen = order.id === selectedId
        return (
          <View
            key={order.id}
            className={`duplicate ${chosen ? 'duplicate--selected' : ''}`}
            role="radio"
            aria-checked={chosen}
            onClick={() => onSelect(order.id)}
          >
            <OrderHeading categoryName={order.categoryName} urgency={order.urgency} status={order.status} />
            <Text className="duplicate__summary">
              {chosen ? '✓ ' : ''}
              {order.summary}
            </Text>
            <Text className="duplicate__meta">
              {order.gridName} · {order.address} · 点单 {formatWhen(order.createdAt)}
            </Text>
          </View>
        )
      })}
    </View>
  )
}
