import { Text, View } from '@tarojs/components'
import Taro, { usePullDownRefresh, useRouter } from '@tarojs/taro'
import { observer } from 'mobx-react-lite'
import { useEffect } from 'react'
import { ACTION_LABELS, MEETING_KIND_LABELS } from '../../domain'
import type { AgendaItemDto } from '../../../types/meetings'
import { scaledPage } from '../../components/scaled-page'
import { StateView } from '../../components/state-view'
import { StatusTag } from '../../components/status-tag'
import { useStores } from '../../stores/root-store'
import { goToTab, openOrder, ROUTES } from '../../utils/navigation'
import { formatFull } from '../../utils/time'
import { InfoRow } from '../../components/info-row'
import './index.scss'

/** One of the household's orders on the agenda, and what the meeting decided on it. */
function AgendaDecision({ item }: { item: AgendaItemDto }) {
  return (
    <View className="minutes-item" onClick={() => void openOrder(item.orderId)}>
      <View className="minutes-item__head">
        <Text className="minutes-item__category">{item.categoryName}</Text>
        <StatusTag status={item.status} />
      </View>
      <Text className="minutes-item__summary">{item.summary}</Text>
      {item.decision ? (
        <View className="minutes-item__decided">
          <Text className="minutes-item__decision">会议决定：{ACTION_LABELS[item.decision.action]}</Text>
          {item.decision.note && <Text className="minutes-item__note">{item.decision.note}</Text>}
          <Text className="minutes-item__when">{formatFull(item.decision.at)}</Text>
        </View>
      ) : (
        <Text className="minutes-item__pending">会议尚未对这个订单作出决定</Text>
      )}
      <Text className="minutes-item__open">查看订单 ›</Text>
    </View>
  )
}

/**
 * The public minutes of a joint meeting, as a household on its agenda reads them: what the
 * meeting was, its minutes, and the decisions on the household's own orders (nobody else's).
 */
function MinutesPage() {
  const { session, meetings } = useStores()
  const id = Number(useRouter().params.id)
  const detail = meetings.detail(id)
  const meeting = detail.meeting
  const signedIn = session.user !== null

  useEffect(() => {
    if (signedIn && !detail.meeting && !detail.loading) void meetings.load(id)
  }, [signedIn, id])
  usePullDownRefresh(async () => {
    await meetings.load(id)
    Taro.stopPullDownRefresh()
  })

  if (session.restoring) return <StateView kind="loading" />
  if (!session.user) return <StateView kind="empty" message="登录后查看会议纪要" actionText="去登录" onAction={() => goToTab(ROUTES.me)} />
  if (!meeting) {
    if (detail.gone) return <StateView kind="empty" message="看不到这次会议的纪要：纪要没有公开，或会议没有议到您家的订单" />
    if (detail.error) return <StateView kind="error" message={detail.error} actionText="重试" onAction={() => meetings.load(id)} />
    return <StateView kind="loading" />
  }

  return (
    <View className="minutes">
      <View className="minutes__card">
        <Text className="minutes__kind">{MEETING_KIND_LABELS[meeting.kind]}</Text>
        <Text className="minutes__title">{meeting.title}</Text>
        <InfoRow label="时间" value={formatFull(meeting.heldAt)} />
        <InfoRow label="地点" value={meeting.place} />
        <InfoRow label="召集人" value={meeting.convenedByName} />
      </View>

      <View className="minutes__card">
        <Text className="minutes__section">会议纪要</Text>
        {meeting.minutes?.trim() ? (
          <Text className="minutes__text">{meeting.minutes}</Text>
        ) : (
          <Text className="minutes__muted">纪要还没有整理好，整理后会在这里公开</Text>
        )}
      </View>

      <View className="minutes__card">
        <Text className="minutes__section">您家订单的会议决定</Text>
        {meeting.agenda.map((item) => (
          <AgendaDecision key={item.orderId} item={item} />
        ))}
      </View>
    </View>
  )
}

export default scaledPage(observer(MinutesPage))
