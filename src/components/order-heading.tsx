import { Text, View } from '@tarojs/components'
import { ROLE_LABELS, URGENCY_LABELS, type OrderStatus, type Role, type Urgency } from '../domain'
import { StatusTag } from './status-tag'
import './order-heading.scss'

export interface OrderHeadingProps {
  categoryName: string
  urgency: Urgency
  status: OrderStatus
  /** Who placed the order and as what; a line appears when it was not the resident themselves. */
  placedByName?: string
  placedAs?: Role
  /** `large` on the detail page, `normal` on list cards. @default 'normal' */
  size?: 'normal' | 'large'
}

/**
 * "代下单：张*（网格员）" for an order someone placed for the household, or null when the resident
 * placed it: whoever handles it then knows whom to ask about it.
 */
export function placedForText(placedByName: string | undefined, placedAs: Role | undefined): string | null {
  if (!placedAs || placedAs === 'resident' || !placedByName) return null
  return `代下单：${placedByName}（${ROLE_LABELS[placedAs]}）`
}

/** Category, urgency badge and status: the line a card and the detail page both open with. */
export function OrderHeading({ categoryName, urgency, status, placedByName, placedAs, size = 'normal' }: OrderHeadingProps) {
  const placedFor = placedForText(placedByName, placedAs)
  return (
    <View className={`order-heading order-heading--${size}`}>
      <View className="order-heading__line">
        <Text className="order-heading__category">{categoryName}</Text>
        {urgency !== 'normal' && <Text className="order-heading__urgency">{URGENCY_LABELS[urgency]}</Text>}
        <StatusTag status={status} />
      </View>
      {placedFor && <Text className="order-heading__placed-by">{placedFor}</Text>}
    </View>
  )
}
