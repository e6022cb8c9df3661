import { Text, View } from '@tarojs/components'
import Taro, { useDidShow, usePullDownRefresh, useRouter } from '@tarojs/taro'
import { observer } from 'mobx-react-lite'
import { CallBoard, isCall } from '../../components/call-board'
import { OrderActions, useOrderActions } from '../../components/order-actions'
import { OrderTimeline } from '../../components/order-timeline'
import { StateView } from '../../components/state-view'
import { OrderHeading } from '../../components/order-heading'
import { PhotoRow } from '../../components/photo-row'
import { scaledPage } from '../../components/scaled-page'
import { speaksForHousehold, type Role } from '../../domain'
import { useStores } from '../../stores/root-store'
import { ROUTES } from '../../utils/navigation'
import { formatFull } from '../../utils/time'
import './index.scss'

function InfoRow({ label, value, onTap, highlight = false }: { label: string; value: string; onTap?: () => void; highlight?: boolean }) {
  const modifier = onTap ? 'info-row__value--link' : highlight ? 'info-row__value--stars' : ''
  return (
    <View className="info-row" onClick={onTap}>
      <Text className="info-row__label">{label}</Text>
      <Text className={`info-row__value ${modifier}`}>{value}</Text>
    </View>
  )
}

/** Who may open the meeting behind a decision: the committee its record, a household its public minutes. */
function meetingRouteFor(role: Role | undefined): ((meetingId: number) => string) | undefined {
  if (role === 'committee') return ROUTES.meetingDetail
  if (role && speaksForHousehold(role)) return ROUTES.minutes
  return undefined
}

/** One order: what was asked, where it stands in the loop, and what this user can do now. */
function OrderDetailPage() {
  const { orders, media, session, catalogue } = useStores()
  const id = Number(useRouter().params.id)
  const detail = orders.detail(id)
  const order = detail.order
  const controller = useOrderActions(order, media.apiBase)

  useDidShow(() => void orders.loadDetail(id))
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
        {order.rating !== null && <InfoRow label="居民评价" value={'★'.repeat(order.rating) + '☆'.repeat(5 - order.rating)} highlight />}
      </View>

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
