import { Text, View } from '@tarojs/components'
import { observer } from 'mobx-react-lite'
import type { OrderSummaryDto } from '../../types/api'
import { openOrder } from '../utils/navigation'
import { formatWhen } from '../utils/time'
import { ClockLine } from './clock-line'
import { OrderHeading } from './order-heading'
import './order-card.scss'

export interface OrderCardProps {
  /** The listed order; the card observes it, so a status change re-renders only this card. */
  order: OrderSummaryDto
  /** In a queue the card says when it was ordered (how long it waits), elsewhere when it last changed. @default 'recent' */
  listOrder?: 'queue' | 'recent'
  /** Say whom the order is for by the household's address (a family proxy's list: the family's home). @default false */
  forFamily?: boolean
  /** The community it lies in, where a list spans several (a street's): grid names repeat across them. */
  community?: string
}

export const OrderCard = observer(function OrderCard({ order, listOrder = 'recent', forFamily = false, community }: OrderCardProps) {
  return (
    <View className={`order-card order-card--${order.urgency}`} onClick={() => openOrder(order.id)}>
      <OrderHeading
        categoryName={order.categoryName}
        urgency={order.urgency}
        status={order.status}
        placedByName={order.placedByName}
        placedAs={order.placedAs}
      />
      <Text className="order-card__summary">{order.summary}</Text>
      <ClockLine alert={order.clock} />
      <View className="order-card__meta">
        <Text>{forFamily ? `为家人：${order.address}` : [community, order.gridName, order.residentName].filter(Boolean).join(' · ')}</Text>
        <Text>{listOrder === 'queue' ? `点单 ${formatWhen(order.createdAt)}` : `更新 ${formatWhen(order.updatedAt)}`}</Text>
      </View>
    </View>
  )
})
