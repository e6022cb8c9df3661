import { Tag } from '@nutui/nutui-react-taro'
import { STATUS_LABELS, groupOf, type OrderStatus, type StatusGroup } from '../domain'
import './status-tag.scss'

const GROUP_TAG_TYPES: Record<StatusGroup, 'primary' | 'warning' | 'info' | 'success' | 'default' | 'danger'> = {
  pending: 'danger',
  dispatching: 'warning',
  active: 'info',
  awaiting_confirmation: 'primary',
  done: 'success',
  ended: 'default',
}

export interface StatusTagProps {
  /** The order status to show; colour follows its status group. */
  status: OrderStatus
}

export function StatusTag({ status }: StatusTagProps) {
  return (
    <Tag className={`status-tag status-tag--${status}`} type={GROUP_TAG_TYPES[groupOf(status)]}>
      {STATUS_LABELS[status]}
    </Tag>
  )
}
