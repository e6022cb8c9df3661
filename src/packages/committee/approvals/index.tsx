import { Button } from '@nutui/nutui-react-taro'
import { Text, View } from '@tarojs/components'
import Taro, { useDidShow, usePullDownRefresh, useReachBottom } from '@tarojs/taro'
import { observer } from 'mobx-react-lite'
import { useEffect, useState } from 'react'
import { ROLE_LABELS, type Role } from '../../../domain'
import type { MemberDto } from '../../../../types/people'
import { StateView } from '../../../components/state-view'
import { messageOf } from '../../../stores/errors'
import { useStores } from '../../../stores/root-store'
import { confirmAction, goToTab, ROUTES, toast } from '../../../utils/navigation'
import { MemberCard } from '../components/member-card'
import { approvalQuestion } from '../components/rules'
import { ReasonSheet } from '../components/reason-sheet'
import { scaledPage } from '../../../components/scaled-page'
import './index.scss'
import { ListFooter } from '../../../components/list-footer'

/** One-tap reasons per role asked for; typing stays possible. */
const REJECT_REASONS: Partial<Record<Role, readonly string[]>> = {
  proxy: ['不是本户家人', '无法核实身份'],
  resident: ['不是本户家人', '无法核实身份'],
  party_member: ['未到本社区报到', '单位或党支部信息有误', '无法核实身份'],
  volunteer: ['服务队暂不招新', '无法核实身份'],
}
const reasonsFor = (role: Role) => [...(REJECT_REASONS[role] ?? ['信息填写有误', '无法核实身份']), '重复申请']

/** Requests the acting identity may decide: the committee's area, a household's family (proxies, newcomers at its address), a team's volunteers. */
function ApprovalsPage() {
  const { session, people } = useStores()
  const user = session.user
  const list = people.pending
  const [rejecting, setRejecting] = useState<MemberDto | null>(null)

  useEffect(() => {
    if (!user) return
    if (!people.pending.loaded) void people.pending.refresh()
  }, [user?.membershipId])
  useDidShow(() => {
    if (list.loaded) void list.refresh()
  })
  usePullDownRefresh(async () => {
    await list.refresh()
    Taro.stopPullDownRefresh()
  })
  useReachBottom(() => void list.loadMore())

  const decide = async (member: MemberDto, approve: boolean, note = '') => {
    try {
      const outcome = await people.decide(member.membershipId, { approve, ...(note ? { note } : {}) })
      if (!outcome) return
      setRejecting(null)
      toast(approve ? `已通过${member.name}的申请` : `已不通过${member.name}的申请`)
    } catch (error) {
      toast(messageOf(error))
      // Decided by someone else meanwhile: the reloaded list no longer has it.
      if (!people.pending.find(member.membershipId)) setRejecting(null)
    }
  }

  // Approving is as final as refusing (the person acts at once): both ask first, naming whom.
  const approve = async (member: MemberDto) => {
    if (!user) return
    if (await confirmAction('通过申请', approvalQuestion(member, user.orgName))) await decide(member, true)
  }

  const reject = async (reason: string) => {
    if (!rejecting) return
    const confirmed = await confirmAction('不通过申请', `确定不通过${rejecting.name}的${ROLE_LABELS[rejecting.role]}申请吗？对方会看到原因。`)
    if (confirmed) await decide(rejecting, false, reason)
  }

  if (session.restoring) return <StateView kind="loading" />
  if (!user) return <StateView kind="empty" message="登录后查看待审核的申请" actionText="去登录" onAction={() => goToTab(ROUTES.me)} />

  return (
    <View className="approvals">
      {list.error && list.items.length === 0 ? (
        <StateView kind="error" message={list.error} actionText="重试" onAction={() => list.refresh()} />
      ) : !list.loaded ? (
        <StateView kind="loading" />
      ) : list.isEmpty ? (
        <StateView kind="empty" message="没有待审核的申请" />
      ) : (
        <View className="approvals__list">
          <Text className="approvals__count">共 {list.total ?? list.items.length} 条申请等待您审核</Text>
          {list.items.map((member) => {
            const busy = people.busy.has(member.membershipId)
            return (
              <MemberCard key={member.membershipId} member={member} viewerOrgName={user.orgName}>
                <Button className="approvals__reject" size="large" fill="outline" disabled={busy} onClick={() => setRejecting(member)}>
                  不通过
                </Button>
                <Button className="approvals__approve" type="primary" size="large" loading={busy} disabled={busy} onClick={() => approve(member)}>
                  通过
                </Button>
              </MemberCard>
            )
          })}
          <ListFooter list={list} />
        </View>
      )}
      <ReasonSheet
        visible={rejecting !== null}
        title="不通过申请"
        subject={rejecting ? `${rejecting.name} · 申请成为${ROLE_LABELS[rejecting.role]}` : undefined}
        placeholder="请说明原因，申请人会看到"
        quickReasons={rejecting ? reasonsFor(rejecting.role) : []}
        required
        submitText="确认不通过"
        busy={rejecting !== null && people.busy.has(rejecting.membershipId)}
        onSubmit={reject}
        onClose={() => setRejecting(null)}
      />
    </View>
  )
}

export default scaledPage(observer(ApprovalsPage))
