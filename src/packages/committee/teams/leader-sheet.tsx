import { Button } from '@nutui/nutui-react-taro'
import { Text, View } from '@tarojs/components'
import { observer } from 'mobx-react-lite'
import { useEffect } from 'react'
import type { TeamDto, TeamMemberDto } from '../../../../types/community'
import { StateView } from '../../../components/state-view'
import { messageOf } from '../../../stores/errors'
import { useStores } from '../../../stores/root-store'
import { confirmAction, toast } from '../../../utils/navigation'
import { formatWhen } from '../../../utils/time'
import { Sheet } from '../../../components/sheet'
import './leader-sheet.scss'

export interface LeaderSheetProps {
  /** The team whose leader is chosen; the sheet is shown while set. */
  team: TeamDto | null
  onClose: () => void
}

/** Choosing a team's leader among its active volunteers: the leader approves who joins the team. */
export const LeaderSheet = observer(function LeaderSheet({ team, onClose }: LeaderSheetProps) {
  const { community } = useStores()
  const detail = team && community.team?.id === team.id ? community.team : null

  useEffect(() => {
    if (team) void community.loadTeam(team.id)
    else community.closeTeam()
  }, [team?.id])

  const choose = async (member: TeamMemberDto) => {
    if (!team || member.userId === detail?.leaderId) return
    const confirmed = await confirmAction('设置队长', `将${member.name}设为「${team.name}」的队长吗？队长可以审核加入本队的志愿者。`)
    if (!confirmed) return
    try {
      if (await community.setLeader(team.id, member.userId)) {
        toast(`${member.name}已是队长`)
        onClose()
      }
    } catch (error) {
      toast(messageOf(error))
      // Left the team meanwhile: show who is in it now.
      void community.loadTeam(team.id)
    }
  }

  // No leader for now (e.g. the leader moved away): the committee decides who joins until it names one.
  const clear = async () => {
    if (!team || !detail?.leaderId) return
    const who = detail.leaderName ?? '现任队长'
    const stays = detail.leaderActive ? `${who}仍是本队队员。` : ''
    const confirmed = await confirmAction('撤销队长', `确定撤销「${team.name}」的队长${who}吗？撤销后暂不设队长，加入本队的申请由社区党委审核，直到设了新队长。${stays}`)
    if (!confirmed) return
    try {
      if (await community.clearLeader(team.id)) {
        toast('已撤销队长')
        onClose()
      }
    } catch (error) {
      toast(messageOf(error))
      void community.loadTeam(team.id)
    }
  }

  return (
    <Sheet visible={team !== null} title={team ? `设置队长 · ${team.name}` : '设置队长'} onClose={onClose}>
      <View className="leader-sheet">
        <Text className="leader-sheet__hint">队长须是本队已生效的志愿者，点选一位设为队长</Text>
        {detail?.leaderId && (
          <View className="leader-sheet__current">
            <Text className="leader-sheet__current-text">
              当前队长：{detail.leaderName}
              {detail.leaderActive ? '' : '（已不在队中）'}
            </Text>
            <Button className="leader-sheet__clear" fill="outline" disabled={community.saving} onClick={clear}>
              撤销队长
            </Button>
          </View>
        )}
        {community.teamError && !detail ? (
          <StateView kind="error" message={community.teamError} actionText="重试" onAction={() => team && community.loadTeam(team.id)} />
        ) : !detail ? (
          <StateView kind="loading" />
        ) : detail.members.length === 0 ? (
          <StateView kind="empty" message="队里还没有已生效的志愿者：可在「邀请码」页生成志愿者邀请码" />
        ) : (
          <View className="leader-sheet__list">
            {detail.members.map((member) => {
              const current = member.userId === detail.leaderId
              return (
                <View
                  key={member.membershipId}
                  className={`leader-sheet__member ${current ? 'leader-sheet__member--current' : ''} ${community.saving ? 'leader-sheet__member--busy' : ''}`}
                  onClick={() => !community.saving && choose(member)}
                >
                  <View className="leader-sheet__who">
                    <Text className="leader-sheet__name">{member.name}</Text>
                    <Text className="leader-sheet__meta">
                      {member.phone}
                      {member.since ? ` · ${formatWhen(member.since)}加入` : ''}
                    </Text>
                  </View>
                  <Text className="leader-sheet__mark">{current ? '当前队长' : '设为队长'}</Text>
                </View>
              )
            })}
          </View>
        )}
      </View>
    </Sheet>
  )
})
