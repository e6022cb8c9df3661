import Taro from '@tarojs/taro'
import { Button } from '@nutui/nutui-react-taro'
import { View } from '@tarojs/components'
import { observer } from 'mobx-react-lite'
import { useState, type ReactElement } from 'react'
import { ACTION_LABELS, DESTRUCTIVE_ACTIONS, availableActions, requirementOf, type OrderAction } from '../domain'
import type { OrderDetailDto, TransitionRequest } from '../../types/api'
import { messageOf } from '../stores/errors'
import { useStores } from '../stores/root-store'
import { confirmAction, toast } from '../utils/navigation'
import { ActionForm } from './action-form'
import { isCall } from './call-board'
import './order-actions.scss'

const needsForm = (action: OrderAction) => requirementOf(action) !== undefined || action === 'complete'
const isDestructive = (action: OrderAction) => DESTRUCTIVE_ACTIONS.includes(action)
/** On a call these belong to a slot: its card on the call board offers them. */
const SLOT_ACTIONS: readonly OrderAction[] = ['claim', 'invite']

export interface OrderActionsController {
  /** What the action bar offers: the domain's `availableActions`, less what a slot's card offers. */
  actions: OrderAction[]
  pending: string | null
  tap(action: OrderAction): Promise<void>
  claim(slotId: number): Promise<void>
  invite(slotId: number): void
  /** The form sheet asking for an action's input: render it once, beside the bar and the board. */
  form: ReactElement
}

/**
 * Everything a user can do to an order, and how it is sent: for the action bar and for the call
 * board's per-slot buttons, so both read the same rules and share one form and one pending state.
 */
export function useOrderActions(order: OrderDetailDto | null | undefined, mediaBase?: string): OrderActionsController | null {
  const { session, orders, subscriptions } = useStores()
  const [form, setForm] = useState<{ action: OrderAction; slotId?: number } | null>(null)
  const actor = session.actor
  if (!order || !actor) return null
  const pending = orders.detail(order.id).pendingAction

  const send = async (request: TransitionRequest) => {
    // Whoever takes work on asks to hear of the next: in answer to the tap, as WeChat requires.
    if (request.action === 'claim' || request.action === 'accept') void subscriptions.ask(['invited', 'new_in_hall'])
    try {
      const stillMine = await orders.act(order.id, request)
      setForm(null)
      toast(`已${ACTION_LABELS[request.action]}`)
      if (!stillMine) void Taro.navigateBack()
    } catch (error) {
      toast(messageOf(error))
    }
  }

  const tap = async (action: OrderAction) => {
    if (needsForm(action)) return setForm({ action })
    if (isDestructive(action) && !(await confirmAction(ACTION_LABELS[action], `确定要${ACTION_LABELS[action]}吗？`))) return
    await send({ action })
  }

  const all = availableActions(order, actor)
  return {
    actions: isCall(order) ? all.filter((a) => !SLOT_ACTIONS.includes(a)) : all.filter((a) => a !== 'invite'),
    pending,
    tap,
    claim: (slotId) => send({ action: 'claim', slotId }),
    invite: (slotId) => setForm({ action: 'invite', slotId }),
    form: (
      <ActionForm
        orderId={order.id}
        action={form?.action ?? null}
        busy={pending !== null}
        service={{ code: order.categoryCode, name: order.categoryName }}
        mediaBase={mediaBase}
        onClose={() => setForm(null)}
        onSubmit={(input) => form && send({ action: form.action, ...(form.slotId ? { slotId: form.slotId } : {}), ...input })}
      />
    ),
  }
}

/** The action bar: buttons are exactly what the domain allows this user (see `useOrderActions`). */
export const OrderActions = observer(function OrderActions({ controller }: { controller: OrderActionsController }) {
  const { actions, pending, tap } = controller
  if (actions.length === 0) return null
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
    </View>
  )
})
