import { Button } from '@nutui/nutui-react-taro'
import { Text, View } from '@tarojs/components'
import Taro, { useDidShow, usePullDownRefresh } from '@tarojs/taro'
import { observer } from 'mobx-react-lite'
import { useEffect } from 'react'
import { MEETING_KIND_LABELS } from '../../../domain'
import type { MeetingSummaryDto } from '../../../../types/meetings'
import { scaledPage } from '../../../components/scaled-page'
import { StateView } from '../../../components/state-view'
import { useStores } from '../../../stores/root-store'
import { goToTab, ROUTES } from '../../../utils/navigation'
import { formatFull } from '../../../utils/time'
import './index.scss'

const MeetingCard = observer(function MeetingCard({ meeting }: { meeting: MeetingSummaryDto }) {
  const undecided = meeting.agendaCount - meeting.decidedCount
  return (
    <View className={`meeting-card meeting-card--${meeting.kind}`} onClick={() => void Taro.navigateTo({ url: ROUTES.meetingDetail(meeting.id) })}>
      <View className="meeting-card__head">
        <Text className="meeting-card__kind">{MEETING_KIND_LABELS[meeting.kind]}</Text>
        <Text className={`meeting-card__progress ${undecided > 0 ? 'meeting-card__progress--open' : ''}`}>
          {undecided > 0 ? '' : '✓ '}已决定 {meeting.decidedCount}/{meeting.agendaCount}
        </Text>
      </View>
      <Text className="meeting-card__title">{meeting.title}</Text>
      <Text className="meeting-card__line">时间：{formatFull(meeting.heldAt)}</Text>
      <Text className="meeting-card__line">地点：{meeting.place}</Text>
    </View>
  )
})

/** The committee's joint meetings, latest first; 召开会议 starts a new one. */
function MeetingsPage() {
  const { session, meetings } = useStores()
  const user = session.user
  const list = meetings.list
  const committee = user?.role === 'committee'

  useEffect(() => {
    if (committee && !list.loaded) void list.refresh()
  }, [list, committee, user?.membershipId])
  useDidShow(() => {
    if (list.loaded) void list.refresh()
  })
  usePullDownRefresh(async () => {
    await list.refresh()
    Taro.stopPullDownRefresh()
  })

  if (session.restoring) return <StateView kind="loading" />
  if (!user) return <StateView kind="empty" message="登录后查看联席会议" actionText="去登录" onAction={() => goToTab(ROUTES.me)} />
  if (!committee) return <StateView kind="empty" message="联席会议由社区党委召开和主持" />

  const convene = () => void Taro.navigateTo({ url: ROUTES.meetingNew })
  return (
    <View className="meetings">
      <View className="meetings__create">
        <Button className="meetings__convene" type="primary" block size="large" onClick={convene}>
          召开会议
        </Button>
        <Text className="meetings__note">疑难订单拿到会上，与物业、居民代表、部门一起商定办法</Text>
      </View>
      {list.error && list.items.length === 0 ? (
        <StateView kind="error" message={list.error} actionText="重试" onAction={() => list.refresh()} />
      ) : !list.loaded ? (
        <StateView kind="loading" />
      ) : list.isEmpty ? (
        <StateView kind="empty" message="还没有召开过联席会议" />
      ) : (
        <View className="meetings__list">
          {list.items.map((meeting) => (
            <MeetingCard key={meeting.id} meeting={meeting} />
          ))}
          {list.error && <Text className="meetings__error">{list.error}</Text>}
        </View>
      )}
    </View>
  )
}

export default scaledPage(observer(MeetingsPage))
