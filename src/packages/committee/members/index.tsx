import { Button } from '@nutui/nutui-react-taro'
import { View } from '@tarojs/components'
import Taro, { useDidShow, usePullDownRefresh, useReachBottom } from '@tarojs/taro'
import { observer } from 'mobx-react-lite'
import { useEffect, useState } from 'react'
import { MEMBERSHIP_STATUS_LABELS, ROLE_LABELS, ROLES, type Role } from '../../../domain'
import type { CorrectHouseholdRequest, MemberDto } from '../../../../types/people'
import { ChoiceChips } from '../../../components/choice-chips'
import { StateView } from '../../../components/state-view'
import { messageOf } from '../../../stores/errors'
import { useStores } from '../../../stores/root-store'
import { confirmAction, goToTab, ROUTES, toast } from '../../../utils/navigation'
import { AddressSheet } from '../components/address-sheet'
import { gridChoices, shortOrgName } from '../components/rules'
import { MemberCard } from '../components/member-card'
import { ReasonSheet } from '../components/reason-sheet'
import { scaledPage } from '../../../components/scaled-page'
import './index.scss'
import { ListFooter } from '../../../components/list-footer'

type StatusChoice = 'active' | 'pending'
type RoleChoice = Role | 'all'

const STATUS_OPTIONS = (['active', 'pending'] as const).map((value) => ({ value, label: value === 'active' ? '生效' : MEMBERSHIP_STATUS_LABELS[value] }))
const ROLE_OPTIONS: { value: RoleChoice; label: string }[] = [
  { value: 'all', label: '全部身份' },
  ...ROLES.map((value) => ({ value, label: ROLE_LABELS[value] })),
]

/** The directory of the committee's area (street administrators read the whole street); the committee removes members here. */
function MembersPage() {
  const { session, people, community } = useStores()
  const user = session.user
  const [status, setStatus] = useState<StatusChoice>('active')
  const [role, setRole] = useState<RoleChoice>('all')
  const [removing, setRemoving] = useState<MemberDto | null>(null)
  const [correcting, setCorrecting] = useState<MemberDto | null>(null)
  const list = people.members({ status, ...(role === 'all' ? {} : { role }) })

  // First load of a view (also after switching identity); coming back reloads what was shown.
  useEffect(() => {
    if (user && !list.loaded) void list.refresh()
  }, [list, user?.membershipId])
  useDidShow(() => {
    if (list.loaded) void people.refreshMembers()
  })
  usePullDownRefresh(async () => {
    await list.refresh()
    Taro.stopPullDownRefresh()
  })
  useReachBottom(() => void list.loadMore())

  const startCorrecting = (member: MemberDto) => {
    setCorrecting(member)
    // The grids it may move to: the committee's area, loaded once.
    if (!community.trees && !community.treeLoading) void community.loadTree()
  }

  const correct = async (address: CorrectHouseholdRequest) => {
    const member = correcting
    if (!member) return
    try {
      const outcome = await people.correctHousehold(member, address)
      if (outcome === 'occupied') {
        const merging = await confirmAction(
          '这个门牌已有一户',
          `如果和${member.name}家是同一户（重复登记），可以把两户合并：家人和订单都并入已登记的那一户，重复的身份结束。确定合并吗？`,
        )
        if (!merging) return
        await people.mergeHousehold(member, address)
        setCorrecting(null)
        toast('两户已合并')
        return
      }
      if (outcome === 'corrected') {
        setCorrecting(null)
        toast(address.gridId === undefined ? '住址已更正' : '住址已更正，已转到所选网格')
      }
    } catch (error) {
      toast(messageOf(error))
    }
  }

  const remove = async (reason: string) => {
    const member = removing
    if (!member) return
    const confirmed = await confirmAction('移出成员', `确定将${member.name}移出（${ROLE_LABELS[member.role]}）吗？移出后对方不能再以这个身份使用。`)
    if (!confirmed) return
    try {
      if (!(await people.end(member.membershipId, reason || undefined))) return
      setRemoving(null)
      toast(`已移出${member.name}`)
    } catch (error) {
      toast(messageOf(error))
      // Ended by someone else meanwhile: the reloaded view no longer lists them as active.
      if (!list.find(member.membershipId)) setRemoving(null)
    }
  }

  if (session.restoring) return <StateView kind="loading" />
  if (!user) return <StateView kind="empty" message="登录后查看成员" actionText="去登录" onAction={() => goToTab(ROUTES.me)} />
  // Only a committee administers; a street administrator reads.
  const administers = user.role === 'committee'

  return (
    <View className="members">
      <View className="members__filters">
        <ChoiceChips className="members__status" options={STATUS_OPTIONS} value={status} onChange={setStatus} />
        <ChoiceChips className="members__roles" options={ROLE_OPTIONS} value={role} onChange={setRole} />
      </View>
      {list.error && list.items.length === 0 ? (
        <StateView kind="error" message={list.error} actionText="重试" onAction={() => list.refresh()} />
      ) : !list.loaded ? (
        <StateView kind="loading" />
      ) : list.isEmpty ? (
        <StateView kind="empty" message={status === 'pending' ? '没有待审核的成员' : '没有符合条件的成员'} />
      ) : (
        <View className="members__list">
          {list.items.map((member) => (
            <MemberCard key={member.membershipId} member={member} viewerOrgName={user.orgName}>
              {administers && member.status === 'active' && member.membershipId !== user.membershipId && (
                <Button className="members__remove" size="large" fill="outline" disabled={people.busy.has(member.membershipId)} onClick={() => setRemoving(member)}>
                  移出
                </Button>
              )}
              {administers && member.status === 'active' && member.role === 'resident' && member.householdId !== null && (
                <Button className="members__correct" size="large" fill="outline" disabled={people.busy.has(member.membershipId)} onClick={() => startCorrecting(member)}>
                  更正住址
                </Button>
              )}
              {administers && member.status === 'pending' && (
                <Button className="members__review" size="large" type="primary" fill="outline" onClick={() => Taro.navigateTo({ url: ROUTES.approvals })}>
                  去审核
                </Button>
              )}
            </MemberCard>
          ))}
          <ListFooter list={list} />
        </View>
      )}
      <AddressSheet
        visible={correcting !== null}
        subject={correcting ? `${correcting.name} · 现为 ${shortOrgName(correcting.orgName, user.orgName)} ${correcting.householdAddress ?? '未填写'}` : undefined}
        grids={gridChoices(community.trees)}
        gridId={correcting?.orgId}
        busy={correcting !== null && people.busy.has(correcting.membershipId)}
        onSubmit={correct}
        onClose={() => setCorrecting(null)}
      />
      <ReasonSheet
        visible={removing !== null}
        title="移出成员"
        subject={removing ? `${removing.name} · ${ROLE_LABELS[removing.role]}` : undefined}
        placeholder="移出原因（选填），会记入该成员的身份记录"
        quickReasons={['已搬离本社区', '本人申请退出', '身份信息有误']}
        submitText="移出"
        busy={removing !== null && people.busy.has(removing.membershipId)}
        onSubmit={remove}
        onClose={() => setRemoving(null)}
      />
    </View>
  )
}

export default scaledPage(observer(MembersPage))
