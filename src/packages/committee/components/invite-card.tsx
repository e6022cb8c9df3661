import { Text, View } from '@tarojs/components'
import dayjs from 'dayjs'
import { observer } from 'mobx-react-lite'
import type { InviteDto } from '../../../../types/people'
import { INVITE_STATE_LABELS, inviteRoleLabel, inviteStateOf, shortOrgName } from './rules'
import './invite-card.scss'

export interface InviteCardProps {
  /** The invite; the card observes it, so revoking re-renders only this card. */
  invite: InviteDto
  /** The viewer's own org chain, left off the invite's. */
  viewerOrgName: string
  onOpen: (invite: InviteDto) => void
  /** Injected for tests. @default new Date() */
  now?: Date
}

export const formatExpiry = (iso: string) => dayjs(iso).format('YYYY年M月D日')
export const usesText = (invite: Pick<InviteDto, 'uses' | 'maxUses'>) => `已用 ${invite.uses}${invite.maxUses === null ? ' 次 · 不限次数' : ` / ${invite.maxUses} 次`}`

/** An invite in the list: for whom, where, how much of it is used, and until when. */
export const InviteCard = observer(function InviteCard({ invite, viewerOrgName, onOpen, now = new Date() }: InviteCardProps) {
  const state = inviteStateOf(invite, now)
  return (
    <View className={`invite-card invite-card--${state}`} onClick={() => onOpen(invite)}>
      <View className="invite-card__head">
        <Text className="invite-card__role">{inviteRoleLabel(invite.role)}邀请码</Text>
        <Text className={`invite-card__state invite-card__state--${state}`}>{INVITE_STATE_LABELS[state]}</Text>
      </View>
      <Text className="invite-card__org">
        {shortOrgName(invite.orgName, viewerOrgName)}
        {invite.teamName ? ` · ${invite.teamName}` : ''}
      </Text>
      <View className="invite-card__meta">
        <Text>{usesText(invite)}</Text>
        <Text>有效期至 {formatExpiry(invite.expiresAt)}</Text>
      </View>
    </View>
  )
})
