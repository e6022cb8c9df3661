import { Button } from '@nutui/nutui-react-taro'
import { Text, View } from '@tarojs/components'
import Taro, { useDidShow, usePullDownRefresh } from '@tarojs/taro'
import { observer } from 'mobx-react-lite'
import { useEffect, useState } from 'react'
import type { TeamDto } from '../../../../types/community'
import { StateView } from '../../../components/state-view'
import { scaledPage } from '../../../components/scaled-page'
import { administersCommunity } from '../../../stores/community-store'
import { useStores } from '../../../stores/root-store'
import { goToTab, ROUTES, toast } from '../../../utils/navigation'
import { LeaderSheet } from './leader-sheet'
import { TeamForm } from './team-form'
import './index.scss'

function leaderLine(team: TeamDto): string {
  if (!team.leaderName) return '未设队长'
  return team.leaderActive ? team.leaderName : `${team.leaderName}（已不在队中）`
}

const TeamCard = observer(function TeamCard({
  team,
  showCommunity,
  administers,
  onEdit,
  onLeader,
}: {
  team: TeamDto
  showCommunity: boolean
  administers: boolean
  onEdit: (team: TeamDto) => void
  onLeader: (team: TeamDto) => void
}) {
  return (
    <View className="team-card">
      <View className="team-card__head">
        <Text className="team-card__name">{team.name}</Text>
        <Text className="team-card__count">在队 {team.memberCount} 人</Text>
      </View>
      {showCommunity && <Text className="team-card__community">{team.communityName}</Text>}
      <View className="team-card__row">
        <Text className="team-card__label">队长</Text>
        <Text className={`team-card__value ${team.leaderName && team.leaderActive ? '' : 'team-card__value--muted'}`}>{leaderLine(team)}</Text>
      </View>
      <View className="team-card__row">
        <Text className="team-card__label">技能</Text>
        {team.skills.length === 0 ? (
          <Text className="team-card__value team-card__value--muted">未设技能</Text>
        ) : (
          <View className="team-card__skills">
            {team.skills.map((skill) => (
              <Text key={skill.code} className="team-card__skill">
                {skill.name}
              </Text>
            ))}
          </View>
        )}
      </View>
      {administers && (
        <View className="team-card__actions">
          <Button className="team-card__leader" size="large" fill="outline" onClick={() => onLeader(team)}>
            设队长
          </Button>
          <Button className="team-card__edit" size="large" type="primary" fill="outline" onClick={() => onEdit(team)}>
            编辑
          </Button>
        </View>
      )}
    </View>
  )
})

/** The community's volunteer teams: names, skills, leaders. A community-level committee changes them; others read. */
function TeamsPage() {
  const { session, community } = useStores()
  const user = session.user
  const list = community.teams
  // `undefined`: the form is closed; null: making a new team.
  const [editing, setEditing] = useState<TeamDto | null | undefined>(undefined)
  const [leaderOf, setLeaderOf] = useState<TeamDto | null>(null)

  useEffect(() => {
    if (user && !list.loaded) void list.refresh()
  }, [list, user?.membershipId])
  useDidShow(() => {
    if (list.loaded) void list.refresh()
  })
  usePullDownRefresh(async () => {
    await list.refresh()
    Taro.stopPullDownRefresh()
  })

  if (session.restoring) return <StateView kind="loading" />
  if (!user) return <StateView kind="empty" message="登录后查看志愿服务队" actionText="去登录" onAction={() => goToTab(ROUTES.me)} />
  const administers = administersCommunity(session.actor)
  const street = user.role === 'street_admin'

  const saved = () => {
    toast(editing ? '已保存' : '已新建服务队')
    setEditing(undefined)
  }

  return (
    <View className="teams">
      {administers ? (
        <View className="teams__create">
          <Button type="primary" block size="large" onClick={() => setEditing(null)}>
            新建服务队
          </Button>
        </View>
      ) : (
        <Text className="teams__note">{street ? '街道可查看各社区的服务队，由社区党委管理' : '服务队由社区党委管理，这里可以查看'}</Text>
      )}
      {list.error && list.items.length === 0 ? (
        <StateView kind="error" message={list.error} actionText="重试" onAction={() => list.refresh()} />
      ) : !list.loaded ? (
        <StateView kind="loading" />
      ) : list.isEmpty ? (
        <StateView kind="empty" message={administers ? '还没有志愿服务队：新建一支，再用邀请码邀请志愿者加入' : '还没有志愿服务队'} />
      ) : (
        <View className="teams__list">
          {list.items.map((team) => (
            <TeamCard key={team.id} team={team} showCommunity={street} administers={administers} onEdit={setEditing} onLeader={setLeaderOf} />
          ))}
          {list.error && <Text className="teams__error">{list.error}</Text>}
        </View>
      )}
      {administers && <TeamForm visible={editing !== undefined} team={editing ?? null} onClose={() => setEditing(undefined)} onSaved={saved} />}
      {administers && <LeaderSheet team={leaderOf} onClose={() => setLeaderOf(null)} />}
    </View>
  )
}

export default scaledPage(observer(TeamsPage))
