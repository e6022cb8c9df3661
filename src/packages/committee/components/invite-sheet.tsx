import { Button } from '@nutui/nutui-react-taro'
import { Image, Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { observer } from 'mobx-react-lite'
import { useEffect, useState } from 'react'
import type { InviteDto } from '../../../../types/people'
import { messageOf } from '../../../stores/errors'
import { useStores } from '../../../stores/root-store'
import { confirmAction, toast } from '../../../utils/navigation'
import { formatExpiry, usesText } from './invite-card'
import { INVITE_STATE_LABELS, inviteRoleLabel, inviteStateOf, shortOrgName } from './rules'
import { Sheet } from '../../../components/sheet'
import './invite-sheet.scss'

export interface InviteSheetProps {
  /** The invite to show; null hides the sheet. */
  invite: InviteDto | null
  onClose: () => void
}

/** One invite to hand out: its mini-program code to scan, the H5 link to send, and 作废. */
export const InviteSheet = observer(function InviteSheet({ invite, onClose }: InviteSheetProps) {
  const { people, media, session } = useStores()
  const [qrFailed, setQrFailed] = useState(false)
  useEffect(() => setQrFailed(false), [invite?.id])

  const copy = async (link: string) => {
    try {
      await Taro.setClipboardData({ data: link })
      toast('链接已复制，可以发给对方')
    } catch {
      toast('复制失败，请长按链接手动复制')
    }
  }

  const revoke = async (target: InviteDto) => {
    const confirmed = await confirmAction('作废邀请码', '作废后这个二维码和链接都不能再用来登记；已经登记的人不受影响。')
    if (!confirmed) return
    try {
      if (await people.revokeInvite(target.id)) toast('邀请码已作废')
    } catch (error) {
      toast(messageOf(error))
    }
  }

  const state = invite ? inviteStateOf(invite, new Date()) : 'usable'
  const qr = invite ? media.url(invite.qrUrl) : ''
  return (
    <Sheet visible={invite !== null} title={invite ? `${inviteRoleLabel(invite.role)}邀请码` : ''} onClose={onClose}>
      {invite && (
        <View className={`invite-sheet invite-sheet--${state}`}>
          <Text className="invite-sheet__org">
            {shortOrgName(invite.orgName, session.user?.orgName ?? '')}
            {invite.teamName ? ` · ${invite.teamName}` : ''}
          </Text>
          <Text className="invite-sheet__meta">
            {INVITE_STATE_LABELS[state]} · {usesText(invite)} · 有效期至 {formatExpiry(invite.expiresAt)}
          </Text>
          {state === 'usable' ? (
            <>
              {qrFailed ? (
                <Text className="invite-sheet__qr-failed">小程序码暂时无法显示，请复制链接发给对方</Text>
              ) : (
                <Image
                  className="invite-sheet__qr"
                  src={qr}
                  mode="aspectFit"
                  showMenuByLongpress
                  onError={() => setQrFailed(true)}
                  onClick={() => Taro.previewImage({ urls: [qr], current: qr })}
                />
              )}
              {!qrFailed && <Text className="invite-sheet__hint">微信扫一扫小程序码即可登记；也可以把链接发给对方</Text>}
              <Text className="invite-sheet__link" userSelect>
                {invite.link}
              </Text>
              <View className="invite-sheet__actions">
                <Button className="invite-sheet__revoke" size="large" fill="outline" loading={people.revoking === invite.id} disabled={people.revoking !== null} onClick={() => revoke(invite)}>
                  作废
                </Button>
                <Button className="invite-sheet__copy" type="primary" size="large" onClick={() => copy(invite.link)}>
                  复制链接
                </Button>
              </View>
            </>
          ) : (
            <Text className="invite-sheet__unusable">这个邀请码{INVITE_STATE_LABELS[state]}，不能再用来登记。需要时请生成新的邀请码。</Text>
          )}
        </View>
      )}
    </Sheet>
  )
})
