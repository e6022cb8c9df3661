import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { ACTOR_ROLE_LABELS, EVENT_LABELS, callSummary, groupByLoopStep, type LoopStep, type OrderEvent } from '../domain'
import type { TimelineEntryDto } from '../../types/api'
import { openOrder } from '../utils/navigation'
import { formatDay, formatFull } from '../utils/time'
import { PhotoRow } from './photo-row'
import './order-timeline.scss'

export interface OrderTimelineProps {
  /** The order's events, oldest first. */
  entries: TimelineEntryDto[]
  /** Prefix for photo URLs (the API base). @default '' */
  mediaBase?: string
  /**
   * Where a meeting's decision links to, for those who may read the meeting (the committee its
   * record, a household its public minutes); without it the decision is only labelled.
   */
  meetingRoute?: (meetingId: number) => string
}

/** What a step the loop went through without events of its own means. */
const PASSED_HINTS: Partial<Record<LoopStep, string>> = {
  listed: '已列入社区问题清单',
  meeting: '无需召开（非疑难事项）',
}

/** What an event's photos show, said with each one to a screen reader. */
const PHOTO_LABELS: Partial<Record<OrderEvent, string>> = {
  submit: '现场照片',
  progress: '进展照片',
  complete: '办理照片',
}

/** The meeting that decided this step: labelled, and a link to it where the reader may open it. */
function MeetingLine({ meetingId, route }: { meetingId: number; route?: OrderTimelineProps['meetingRoute'] }) {
  return (
    <View className="timeline-entry__meeting">
      <Text className="timeline-entry__meeting-label">会议决定</Text>
      {route && (
        <Text className="timeline-entry__meeting-link" onClick={() => void Taro.navigateTo({ url: route(meetingId) })}>
          查看会议纪要 ›
        </Text>
      )}
    </View>
  )
}

/** Where a merged duplicate went: the order its household follows from now on. */
function MergedLine({ orderId }: { orderId: number }) {
  return (
    <Text className="timeline-entry__call timeline-entry__link" onClick={() => void openOrder(orderId)}>
      并入订单 #{orderId}，查看办理进度 ›
    </Text>
  )
}

function EntryView({ entry, mediaBase, meetingRoute }: { entry: TimelineEntryDto; mediaBase: string; meetingRoute?: OrderTimelineProps['meetingRoute'] }) {
  return (
    <View className={`timeline-entry timeline-entry--${entry.event}`}>
      <View className="timeline-entry__head">
        <Text className="timeline-entry__title">
          {EVENT_LABELS[entry.event]}
          {entry.assigneeName ? `：${entry.assigneeName}` : entry.event === 'invite' && entry.partName ? `：${entry.partName}` : ''}
        </Text>
        <Text className="timeline-entry__time">{formatFull(entry.at)}</Text>
      </View>
      <Text className="timeline-entry__actor">
        {entry.actorRole === 'system' ? '系统按规则处理' : `${ACTOR_ROLE_LABELS[entry.actorRole]} ${entry.actorName}`}
      </Text>
      {entry.meetingId !== null && <MeetingLine meetingId={entry.meetingId} route={meetingRoute} />}
      {entry.payload?.kind === 'slots' && entry.event === 'call' && <Text className="timeline-entry__call">呼叫：{callSummary(entry.payload.slots)}</Text>}
      {entry.payload?.kind === 'parked' && <Text className="timeline-entry__call">重新办理日期：{formatDay(entry.payload.revisitOn)}</Text>}
      {entry.payload?.kind === 'merged' && <MergedLine orderId={entry.payload.intoOrderId} />}
      {entry.payload?.kind === 'absorbed' && <Text className="timeline-entry__call">并入了订单 #{entry.payload.orderId}：另一户反映的同一问题</Text>}
      {entry.rating !== null && <Text className="timeline-entry__rating">{'★'.repeat(entry.rating)}{'☆'.repeat(5 - entry.rating)}</Text>}
      {entry.note && <Text className="timeline-entry__note">{entry.note}</Text>}
      <PhotoRow urls={entry.photos.map((photo) => mediaBase + photo)} label={PHOTO_LABELS[entry.event] ?? '照片'} block="timeline-entry" />
    </View>
  )
}

/** The order's history under the six steps of the 三单制 loop; steps not reached are grey. */
export function OrderTimeline({ entries, mediaBase = '', meetingRoute }: OrderTimelineProps) {
  return (
    <View className="order-timeline">
      {groupByLoopStep(entries).map((step, index) => (
        <View key={step.step} className={`loop-step loop-step--${step.state}`}>
          <View className="loop-step__head">
            <Text className="loop-step__index">{index + 1}</Text>
            <Text className="loop-step__label">{step.label}</Text>
            {step.state === 'passed' && PASSED_HINTS[step.step] && <Text className="loop-step__hint">{PASSED_HINTS[step.step]}</Text>}
          </View>
          <View className="loop-step__body">
            {step.entries.map((entry) => (
              <EntryView key={entry.id} entry={entry} mediaBase={mediaBase} meetingRoute={meetingRoute} />
            ))}
          </View>
        </View>
      ))}
    </View>
  )
}
