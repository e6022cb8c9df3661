import { Text, View } from '@tarojs/components'
import Taro, { useDidShow, usePullDownRefresh, useRouter } from '@tarojs/taro'
import { observer } from 'mobx-react-lite'
import { useEffect } from 'react'
import { CallBoard, isCall } from '../../components/call-board'
import { OrderActions, useOrderActions } from '../../components/order-actions'
import { ClockLine } from '../../components/clock-line'
import { DuplicateList } from '../../components/duplicate-list'
import { InfoRow } from '../../components/info-row'
import { OrderTimeline } from '../../components/order-timeline'
import { StateView } from '../../components/state-view'
import { OrderHeading } from '../../components/order-heading'
import { PhotoRow } from '../../components/photo-row'
import { scaledPage } from '../../components/scaled-page'
import { speaksForHousehold, type Role } from '../../domain'
import { useStores } from '../../stores/root-store'
import { openOrder, ROUTES } from '../../utils/navigation'
import { formatFull } from '../../utils/time'
import './index.scss'

/** Who may open the meeting behind a decision: the committee its record, a household its public minutes. */
function meetingRouteFor(role: Role | undefined): ((meetingId: number) => string) | undefined {
  if (role === 'committee') return ROUTES.meetingDetail
  if (role && speaksForHousehold(role)) return ROUTES.minutes
  return undefined
}

/** Who else this order answers: a follower reads that their own report was merged into it. */
function followersLine(followers: readonly number[], ownHousehold: number | null | undefined): string {
  const others = followers.filter((id) => id !== ownHousehold).length
  const own = ownHousehold != null && followers.includes(ownHousehold)
  if (own) return others > 0 ? `您家和另外 ${others} 户反映的同一问题，已并入本单办理` : '您家反映的同一问题，已并入本单办理'
  return `另有 ${others} 户反映了同一问题，一并办理`
}

/** One order: what was asked, where it stands in the loop, and what this user can do now. */
function OrderDetailPage() {
  const { orders, media, session, catalogue } = useStores()
  const id = Number(useRouter().params.id)
  const detail = orders.detail(id)
  const order = detail.order
  const controller = useOrderActions(order, media.apiBase)

  // Before the committee decides on an order, it sees which others may be the same problem.
  const mayMerge = controller?.actions.includes('merge') ?? false
  useDidShow(() => void orders.loadDetail(id))
  useEffect(() => {
    if (mayMerge) void orders.loadDuplicates(id)
  }, [mayMerge, orders, id])
  usePullDownRefresh(async () => {
    await orders.loadDetail(id)
    Taro.stopPullDownRefresh()
  })

  if (!order) {
    if (detail.error) return <StateView kind="error" message={detail.error} actionText="重试" onAction={() => orders.loadDetail(id)} />
    return <StateView kind="loading" />
  }

  const canCall = /^\d{11}$/.test(order.contactPhone)
  return (
    <View className="order-detail">
      <View className="order-detail__card">
        <OrderHeading
          categoryName={order.categoryName}
          urgency={order.urgency}
          status={order.status}
          placedByName={order.placedByName}
          placedAs={order.placedAs}
          size="large"
        />
        <ClockLine alert={order.clock} />
        <Text className="order-detail__description">{order.description}</Text>
        <PhotoRow urls={order.photos.map((photo) => media.url(photo))} label="现场照片" block="order-detail" />
        <InfoRow label="服务地址" value={`${order.gridName} · ${order.address}`} />
        <InfoRow
          label="联系人"
          value={`${order.contactName} ${order.contactPhone}`}
          onTap={canCall ? () => Taro.makePhoneCall({ phoneNumber: order.contactPhone }) : undefined}
        />
        {order.preferredTime && <InfoRow label="希望时间" value={order.preferredTime} />}
        <InfoRow label="点单时间" value={formatFull(order.createdAt)} />
        {order.assigneeName && <InfoRow label="派单对象" value={order.assigneeName} />}
        {order.takerName && <InfoRow label="接单人" value={order.takerName} />}
        {order.mergedIntoId !== null && <InfoRow label="已合并到" value={`订单 #${order.mergedIntoId}，查看办理进度 ›`} onTap={() => void openOrder(order.mergedIntoId!)} />}
        {order.followerHouseholdIds.length > 0 && <InfoRow label="一并办理" value={followersLine(order.followerHouseholdIds, session.actor?.householdId)} />}
        {order.rating !== null && <InfoRow label="居民评价" value={'★'.repeat(order.rating) + '☆'.repeat(5 - order.rating)} highlight />}
      </View>

      {mayMerge && detail.duplicates && detail.duplicates.length > 0 && (
        <View className="order-detail__card order-detail__duplicates">
          <Text className="order-detail__section">可能重复的订单（{detail.duplicates.length}）</Text>
          <Text className="order-detail__hint">同一服务、同一小区、前后30天内。确属同一问题的，可用下方「合并到同类订单」一并办理。</Text>
          <DuplicateList orders={detail.duplicates} />
        </View>
      )}

      {isCall(order) && controller && session.actor && (
        <View className="order-detail__card">
          <Text className="order-detail__section">党委呼叫 · 响应力量</Text>
          <CallBoard
            order={order}
            actor={session.actor}
            serviceName={(code) => catalogue.category(code)?.name}
            pending={controller.pending}
            onClaim={controller.claim}
            onInvite={controller.invite}
          />
        </View>
      )}

      <View className="order-detail__card">
        <Text className="order-detail__section">办理进度</Text>
        <OrderTimeline entries={order.timeline} mediaBase={media.apiBase} meetingRoute={meetingRouteFor(session.user?.role)} />
      </View>

      {controller && controller.actions.length > 0 && (
        <View className="order-detail__actions">
          <OrderActions controller={controller} />
        </View>
      )}
      {controller?.form}
    </View>
  )
}

export default scaledPage(observer(OrderDetailPage))
