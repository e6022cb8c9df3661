import { Text, View } from '@tarojs/components'
import { URGENCY_LABELS, type OrderStatus, type Urgency } from '../domain'
import { StatusTag } from './status-tag'
import './order-heading.scss'

export interface OrderHeadingProps {
  categoryName: string
  urgency: Urgency
  status: OrderStatus
  /** `large` on the detail page, `normal` on list cards. @default 'normal' */
  size?: 'normal' | 'large'
}

/** Category, urgency badge and status: the line a card and the detail page both open with. */
export function OrderHeading({ categoryName, urgency, status, size = 'normal' }: OrderHeadingProps) {
  return (
    <View className={`order-heading order-heading--${size}`}>
      <Text className="order-heading__category">{categoryName}</Text>
      {urgency !== 'normal' && <Text className="order-heading__urgency">{URGENCY_LABELS[urgency]}</Text>}
      <StatusTag status={status} />
    </View>
  )
}
