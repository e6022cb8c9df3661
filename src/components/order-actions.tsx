import Taro from '@tarojs/taro'
import { Button } from '@nutui/nutui-react-taro'
import { View } from '@tarojs/components'
import { observer } from 'mobx-react-lite'
import { useState } from 'react'
import {
  ACTION_LABELS,
  DESTRUCTIVE_ACTIONS,
  availableActions,
  requirementOf,
  type OrderAction,
} from '../domain'
import type { OrderDetailDto, TransitionRequest } from '../../types/api'
import { messageOf } from '../stores/errors'
import { useStores } from '../stores/root-store'
import { confirmAction, toast } from '../utils/navigation'
import { ActionForm } from './action-form'
import './order-actions.scss'

export interface OrderActionsProps {
  /** The order; buttons are exactly what the domain's `availableActions` allows this user. */
  order: OrderDetailDto
  /** Prefix for photo URLs (the API base). @default '' */
  mediaBase?: string
}

const needsForm = (action: OrderAction) => requirementOf(action) !== undefined || action === 'complete'
const isDestructive = (action: OrderAction) => DESTRUCTIVE_ACTIONS.includes(action)

export const OrderActions = observer(function OrderActions({ order, mediaBase }: OrderActionsProps) {
  const { session, orders } = useStores()
  const [formAction, setFormAction] = useState<OrderAction | null>(null)
  const pending = orders.detail(order.id).pendingAction
  const actor = session.actor
  if (!actor) return null
  const actions = availableActions(order, actor)
  if (actions.length === 0) return null

  const send = async (request: TransitionRequest) => {
    try {
      const stillMine = await orders.act(order.id, request)
      setFormAction(null)
      toast(`已${ACTION_LABELS[request.action]}`)
      if (!stillMine) void Taro.navigateBack()
    } catch (error) {
      toast(messageOf(error))
    }
  }

  const tap = async (action: OrderAction) => {
    if (needsForm(action)) return setFormAction(action)
    if (isDestructive(action) && !(await confirmAction(ACTION_LABELS[action], `确定要${ACTION_LABELS[action]}吗？`))) return
    await send({ action })
  }

  // Forward actions first and filled; those that undo or end come after, outlined.
  const ordered = [...actions.filter((a) => !isDestructive(a)), ...actions.filter(isDestructive)]
  return (
    <View className="order-actions">
      {ordered.map((action, index) => (
        <Button
          key={action}
          className={`order-actions__button action-${action}`}
          type={isDestructive(action) ? 'default' : 'primary'}
          fill={index === 0 && !isDestructive(action) ? 'solid' : 'outline'}
          size="large"
          loading={pending === action}
          disabled={pending !== null}
          onClick={() => tap(action)}
        >
          {ACTION_LABELS[action]}
        </Button>
      ))}
      <ActionForm
        action={formAction}
        busy={pending !== null}
        serviceName={order.categoryName}
        mediaBase={mediaBase}
        onClose={() => setFormAction(null)}
        onSubmit={(input) => formAction && send({ action: formAction, ...input })}
      />
    </View>
  )
})
