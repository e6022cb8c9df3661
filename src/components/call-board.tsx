import { Button } from '@nutui/nutui-react-taro'
import { Text, View } from '@tarojs/components'
import { PART_STATUS_LABELS, POLICIES, SLOT_KIND_LABELS, isLive, type Actor } from '../domain'
import type { OrderDetailDto, SlotDto } from '../../types/api'
import './call-board.scss'

export interface CallBoardProps {
  order: OrderDetailDto
  actor: Actor
  /** Names of services by catalogue code, for a slot's wanted skill. */
  serviceName: (code: string) => string | undefined
  /** The action in flight, if any: every button waits. */
  pending: string | null
  onClaim: (slotId: number) => void
  onInvite: (slotId: number) => void
}

/** Whether an order is a 党委呼叫 (several places or kinds) rather than one dispatch or one hall place. */
export const isCall = (order: Pick<OrderDetailDto, 'slots'>) =>
  order.slots.length > 1 || order.slots.some((slot) => slot.kind !== 'person' && slot.kind !== 'hall')

function slotTitle(slot: SlotDto, serviceName: CallBoardProps['serviceName']): string {
  const skill = slot.skill ? serviceName(slot.skill) : undefined
  return [SLOT_KIND_LABELS[slot.kind], slot.unitName, skill && `擅长${skill}`].filter(Boolean).join(' · ')
}

/**
 * 一呼三应 on one order: each place the committee opened, who holds it and how far they are, and
 * the buttons the domain allows this user on it (take a place, or invite someone to it).
 */
export function CallBoard({ order, actor, serviceName, pending, onClaim, onInvite }: CallBoardProps) {
  return (
    <View className="call-board">
      {order.slots.map((slot) => {
        const parts = order.parts.filter((p) => p.slotId === slot.id && (slot.open ? isLive(p) : p.status === 'done'))
        const canClaim = slot.open && POLICIES.canClaim(order, actor, { slotId: slot.id })
        const canInvite = slot.open && parts.length < slot.headcount && POLICIES.canInvite(order, actor, { slotId: slot.id })
        return (
          <View key={slot.id} className={`call-board__slot ${slot.open ? '' : 'call-board__slot--closed'}`}>
            <View className="call-board__head">
              <Text className="call-board__title">{slotTitle(slot, serviceName)}</Text>
              <Text className="call-board__count">
                {parts.length}/{slot.headcount} 人{slot.open ? '' : ' · 已结束'}
              </Text>
            </View>
            {parts.length === 0 && <Text className="call-board__empty">{slot.open ? '等待响应' : '无人响应'}</Text>}
            {parts.map((part) => (
              <View key={part.userId} className={`call-board__part call-board__part--${part.status}`}>
                <Text className="call-board__name">{part.name}</Text>
                <Text className="call-board__status">{PART_STATUS_LABELS[part.status]}</Text>
              </View>
            ))}
            {(canClaim || canInvite) && (
              <View className="call-board__buttons">
                {canClaim && (
                  <Button className="call-board__claim" type="primary" size="large" loading={pending === 'claim'} disabled={pending !== null} onClick={() => onClaim(slot.id)}>
                    我来响应
                  </Button>
                )}
                {canInvite && (
                  <Button className="call-board__invite" type="primary" fill="outline" size="large" disabled={pending !== null} onClick={() => onInvite(slot.id)}>
                    指派人员
                  </Button>
                )}
              </View>
            )}
          </View>
        )
      })}
    </View>
  )
}
