import { Text } from '@tarojs/components'
import { STATUS_LABELS, groupOf, type OrderStatus } from '../domain'
import './status-tag.scss'

export interface StatusTagProps {
  /** The order status to show; colour follows its status group. */
  status: OrderStatus
}

/** The status as a coloured label; colours are per status group and readable (WCAG AA). */
export function StatusTag({ status }: StatusTagProps) {
  return <Text className={`status-tag status-tag--${groupOf(status)}`}>{STATUS_LABELS[status]}</Text>
}
