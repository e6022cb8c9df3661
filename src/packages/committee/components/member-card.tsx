import { Text, View } from '@tarojs/components'
import { observer } from 'mobx-react-lite'
import { Children, type ReactNode } from 'react'
import { MEMBERSHIP_STATUS_LABELS, ROLE_LABELS } from '../../../domain'
import type { MemberDto } from '../../../../types/people'
import { formatWhen } from '../../../utils/time'
import { shortOrgName } from './rules'
import './member-card.scss'

export interface MemberCardProps {
  /** The membership; the card observes it, so a status change re-renders only this card. */
  member: MemberDto
  /** The viewer's own org chain, left off the member's: a committee knows its own community. */
  viewerOrgName: string
  /** Buttons at the foot of the card (通过/不通过, 移出). */
  children?: ReactNode
}

function Row({ label, value }: { label: string; value: string | null }) {
  if (!value) return null
  return (
    <View className="member-card__row">
      <Text className="member-card__label">{label}</Text>
      <Text className="member-card__value">{value}</Text>
    </View>
  )
}

/** One person in one role: who, where, and what they wrote when asking (the branch, 儿子…). */
export const MemberCard = observer(function MemberCard({ member, viewerOrgName, children }: MemberCardProps) {
  return (
    <View className={`member-card member-card--${member.status}`}>
      <View className="member-card__head">
        <Text className="member-card__name">{member.name}</Text>
        <Text className={`member-card__role member-card__role--${member.role}`}>{ROLE_LABELS[member.role]}</Text>
        {/* Lists are filtered by status already: only an ended membership (just removed) needs saying. */}
        {member.status === 'ended' && (
          <Text className={`member-card__status member-card__status--${member.status}`}>{MEMBERSHIP_STATUS_LABELS[member.status]}</Text>
        )}
        <Text className="member-card__phone">{member.phone}</Text>
      </View>
      <Row label="所属" value={shortOrgName(member.orgName, viewerOrgName)} />
      <Row label="住址" value={member.householdAddress} />
      <Row label="服务队" value={member.teamName} />
      <Row label="单位" value={member.workUnitName} />
      <Row label="备注" value={member.note} />
      <Row label={member.status === 'pending' ? '申请时间' : '加入时间'} value={formatWhen(member.createdAt)} />
      {/* Conditional buttons arrive as `false` when none applies: no empty footer then. */}
      {Children.toArray(children).length > 0 && <View className="member-card__actions">{children}</View>}
    </View>
  )
})
