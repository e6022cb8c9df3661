import { Button } from '@nutui/nutui-react-taro'
import { View } from '@tarojs/components'
import Taro, { useDidShow, usePullDownRefresh } from '@tarojs/taro'
import { observer } from 'mobx-react-lite'
import { useEffect, useState } from 'react'
import type { InviteDto } from '../../../../types/people'
import { StateView } from '../../../components/state-view'
import { useStores } from '../../../stores/root-store'
import { goToTab, ROUTES, toast } from '../../../utils/navigation'
import { InviteCard } from '../components/invite-card'
import { InviteForm } from '../components/invite-form'
import { InviteSheet } from '../components/invite-sheet'
import { invitableRoles } from '../components/rules'
import { scaledPage } from '../../../components/scaled-page'
import './index.scss'

/** The invites of the committee's area: make one, hand out its code or link, revoke it. */
function InvitesPage() {
  const { session, people } = useStores()
  const user = session.user
  const actor = session.actor
  const list = people.invites
  const [creating, setCreating] = useState(false)
  const [openId, setOpenId] = useState<number | null>(null)

  useEffect(() => {
    if (!user) return
    if (!people.invites.loaded) void people.invites.refresh()
  }, [user?.membershipId])
  useDidShow(() => {
    if (list.loaded) void list.refresh()
  })
  usePullDownRefresh(async () => {
    await list.refresh()
    Taro.stopPullDownRefresh()
  })

  if (session.restoring) return <StateView kind="loading" />
  if (!user || !actor) return <StateView kind="empty" message="登录后管理邀请码" actionText="去登录" onAction={() => goToTab(ROUTES.me)} />
  const mayInvite = invitableRoles(actor).length > 0
  const created = (invite: InviteDto) => {
    setCreating(false)
    setOpenId(invite.id)
    toast('邀请码已生成')
  }
  // Looked up by id, so the sheet follows the card (e.g. after 作废).
  const open = openId === null ? null : (list.find(openId) ?? null)

  return (
    <View className="invites">
      {mayInvite && (
        <View className="invites__create">
          <Button type="primary" block size="large" onClick={() => setCreating(true)}>
            生成邀请码
          </Button>
        </View>
      )}
      {list.error && list.items.length === 0 ? (
        <StateView kind="error" message={list.error} actionText="重试" onAction={() => list.refresh()} />
      ) : !list.loaded ? (
        <StateView kind="loading" />
      ) : list.isEmpty ? (
        <StateView kind="empty" message={mayInvite ? '还没有邀请码：生成一个，让网格员、志愿者扫码加入' : '当前身份不能发放邀请码'} />
      ) : (
        <View className="invites__list">
          {list.items.map((invite) => (
            <InviteCard key={invite.id} invite={invite} viewerOrgName={user.orgName} onOpen={(i) => setOpenId(i.id)} />
          ))}
        </View>
      )}
      {mayInvite && <InviteForm visible={creating} onClose={() => setCreating(false)} onCreated={created} />}
      <InviteSheet invite={open} onClose={() => setOpenId(null)} />
    </View>
  )
}

export default scaledPage(observer(InvitesPage))
