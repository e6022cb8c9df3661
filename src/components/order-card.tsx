import { Text, View } from '@tarojs/components'
import { observer } from 'mobx-react-lite'
import { URGENCY_LABELS } from '../domain'
import type { OrderSummaryDto } from '../../types/api'
import { openOrder } from '../utils/navigation'
import { formatWhen } from '../utils/time'
import { StatusTag } from './status-tag'
import './order-card.scss'

export interface OrderCardProps {
  /** The listed order; the card observes it, so a status change re-renders only this card. */
  order: OrderSummaryDto
}

export const OrderCard = observer(function OrderCard({ order }: OrderCardProps) {
  return (
    <View className={`order-card order-card--${order.urgency}`} onClick={() => openOrder(order.id)}>
      <View className="order-card__head">
        <Text className="order-card__category">{order.categoryName}</Text>
        {order.urgency !== 'normal' && <Text className="order-card__urgency">{URGENCY_LABELS[order.urgency]}</Text>}
        <StatusTag status={order.status} />
      </View>
      <Text className="order-card__summary">{order.summary}</Text>
      <View className="order-card__meta">
        <Text>{order.gridName} · {order.residentName}</Text>
        <Text>{formatWhen(order.updatedAt)}</Text>
      </View>
    </View>
  )
})
