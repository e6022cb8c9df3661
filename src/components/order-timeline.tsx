import { Image, Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { ACTOR_ROLE_LABELS, EVENT_LABELS, callSummary, groupByLoopStep, type LoopStep } from '../domain'
import type { TimelineEntryDto } from '../../types/api'
import { formatFull } from '../utils/time'
import './order-timeline.scss'

export interface OrderTimelineProps {
  /** The order's events, oldest first. */
  entries: TimelineEntryDto[]
  /** Prefix for photo URLs (the API base). @default '' */
  mediaBase?: string
}

/** What a step the loop went through without events of its own means. */
const PASSED_HINTS: Partial<Record<LoopStep, string>> = {
  listed: '已列入社区问题清单',
  meeting: '无需召开（非疑难事项）',
}

function previewPhotos(urls: string[], current: string) {
  void Taro.previewImage({ urls, current })
}

function EntryView({ entry, mediaBase }: { entry: TimelineEntryDto; mediaBase: string }) {
  const photos = entry.photos.map((photo) => mediaBase + photo)
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
      {entry.payload?.kind === 'slots' && entry.event === 'call' && <Text className="timeline-entry__call">呼叫：{callSummary(entry.payload.slots)}</Text>}
      {entry.rating !== null && <Text className="timeline-entry__rating">{'★'.repeat(entry.rating)}{'☆'.repeat(5 - entry.rating)}</Text>}
      {entry.note && <Text className="timeline-entry__note">{entry.note}</Text>}
      {photos.length > 0 && (
        <View className="timeline-entry__photos">
          {photos.map((url) => (
            <Image key={url} className="timeline-entry__photo" src={url} mode="aspectFill" onClick={() => previewPhotos(photos, url)} />
          ))}
        </View>
      )}
    </View>
  )
}

/** The order's history under the six steps of the 三单制 loop; steps not reached are grey. */
export function OrderTimeline({ entries, mediaBase = '' }: OrderTimelineProps) {
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
              <EntryView key={entry.id} entry={entry} mediaBase={mediaBase} />
            ))}
          </View>
        </View>
      ))}
    </View>
  )
}
