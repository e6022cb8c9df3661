import { Button, TextArea } from '@nutui/nutui-react-taro'
import { Text, View } from '@tarojs/components'
import Taro, { useDidShow, usePullDownRefresh, useRouter } from '@tarojs/taro'
import { observer } from 'mobx-react-lite'
import { useEffect, useState } from 'react'
import {
  ACTION_LABELS,
  ATTENDEE_SIDE_LABELS,
  isSkilledFor,
  MEETING_DECISIONS,
  MEETING_KIND_LABELS,
  orgIdOf,
  rankCandidates,
  ROLE_LABELS,
  slotSpecProblem,
  STATUS_LABELS,
  type MeetingDecision,
} from '../../../domain'
import type { AgendaItemDto, MeetingDto } from '../../../../types/meetings'
import { CallComposer } from '../../../components/call-composer'
import { ChoiceChips } from '../../../components/choice-chips'
import { scaledPage } from '../../../components/scaled-page'
import { StateView } from '../../../components/state-view'
import { StatusTag } from '../../../components/status-tag'
import { messageOf } from '../../../stores/errors'
import { attendanceLine, awaitsDecision, MEETING_LIMITS, type DecisionOutcome, type MeetingDetail } from '../../../stores/meeting-store'
import { DuplicateList } from '../../../components/duplicate-list'
import { RevisitPicker } from '../../../components/revisit-picker'
import { useStores } from '../../../stores/root-store'
import { confirmAction, goToTab, openOrder, ROUTES, toast } from '../../../utils/navigation'
import { formatFull } from '../../../utils/time'
import { InfoRow } from '../../../components/info-row'
import './detail.scss'

/**
 * The decisions offered, in the order a meeting usually reaches for them; 暂不决定 leaves the
 * order as it is.
 */
const DECISION_ORDER = ['publish', 'dispatch', 'call', 'park', 'merge', 'reject'] as const satisfies readonly MeetingDecision[]
type Choice = MeetingDecision | 'none'
const DECISION_OPTIONS: { value: Choice; label: string }[] = [
  ...DECISION_ORDER.map((action) => ({ value: action, label: ACTION_LABELS[action] })),
  { value: 'none', label: '暂不决定' },
]

const NOTE_PLACEHOLDERS: Partial<Record<MeetingDecision, string>> = {
  reject: '请写明不予受理的原因（必填），居民会看到',
  publish: '会议说明（选填），写进订单记录',
  dispatch: '会议说明（选填），写进订单记录',
  call: '呼叫说明（选填）：需要大家做什么',
  park: '请写明挂账原因（必填）：在等什么，居民会看到',
  merge: '合并说明（选填），例如：同一条消防通道',
}

/** How many responders a dispatch shows before 显示全部: the best matched come first. */
const FEW_RESPONDERS = 5

/** Who came: 出席 / 缺席 per attendee, in words with a tick (not colour alone). */
const Attendance = observer(function Attendance({ meeting, detail }: { meeting: MeetingDto; detail: MeetingDetail }) {
  if (meeting.attendees.length === 0) return <Text className="meeting-detail__muted">召开时没有登记参会人员</Text>
  return (
    <View className="attendance">
      <Text className="attendance__summary">{attendanceLine(meeting.attendees.map((a) => detail.presentOf(a)))}</Text>
      {meeting.attendees.map((attendee) => {
        const present = detail.presentOf(attendee)
        return (
          <View key={attendee.id} className="attendee">
            <View className="attendee__who">
              <Text className="attendee__name">{attendee.name}</Text>
              <Text className="attendee__side">{ATTENDEE_SIDE_LABELS[attendee.side]}</Text>
            </View>
            <View className="attendee__marks">
              {([true, false] as const).map((value) => {
                const on = present === value
                const word = value ? '出席' : '缺席'
                return (
                  <Text
                    key={word}
                    className={`attendee__mark attendee__mark--${value ? 'present' : 'absent'} ${on ? 'attendee__mark--on' : ''}`}
                    onClick={() => detail.setPresent(attendee.id, value)}
                  >
                    {on ? `✓ ${word}` : word}
                  </Text>
                )
              })}
            </View>
          </View>
        )
      })}
    </View>
  )
})

/** A switch that says its state in words; the whole row is the tap target. */
function PublicSwitch({ value, onChange }: { value: boolean; onChange: (value: boolean) => void }) {
  return (
    <View className={`public-switch ${value ? 'public-switch--on' : ''}`} onClick={() => onChange(!value)} role="switch" aria-checked={value}>
      <View className="public-switch__text">
        <Text className="public-switch__label">公开纪要</Text>
        <Text className="public-switch__hint">{value ? '议题涉及的居民可以看到纪要和本户订单的决定' : '只有社区党委可以看到纪要'}</Text>
      </View>
      <View className="public-switch__track">
        <Text className="public-switch__state">{value ? '公开' : '不公开'}</Text>
        <View className="public-switch__knob" />
      </View>
    </View>
  )
}

/** The responders a dispatch can go to, those skilled in the order's service (by code) first. */
const ResponderChoice = observer(function ResponderChoice({ item, value, onChange }: { item: AgendaItemDto; value: number | null; onChange: (id: number) => void }) {
  const { catalogue } = useStores()
  const [all, setAll] = useState(false)
  const ranked = rankCandidates(catalogue.responders, item.categoryCode)
  const shown = all ? ranked : ranked.slice(0, FEW_RESPONDERS)
  const chosen = ranked.find((person) => person.id === value)
  if (chosen && !shown.includes(chosen)) shown.push(chosen)
  return (
    <View className="responders">
      {catalogue.loading && ranked.length === 0 && <Text className="decision__hint">正在加载可派单人员…</Text>}
      {catalogue.error && <Text className="decision__problem">⚠ {catalogue.error}</Text>}
      {shown.map((person) => {
        const on = person.id === value
        return (
          <View key={person.id} className={`responder-choice ${on ? 'responder-choice--on' : ''}`} onClick={() => onChange(person.id)}>
            <Text className="responder-choice__name">
              {on ? '✓ ' : ''}
              {person.name}
              {isSkilledFor(person, item.categoryCode) && <Text className="responder-choice__match">擅长{item.categoryName}</Text>}
            </Text>
            <Text className="responder-choice__meta">
              {ROLE_LABELS[person.role]}
              {person.teamName ? ` · ${person.teamName}` : ''} · 在办 {person.activeOrders}
            </Text>
          </View>
        )
      })}
      {!all && ranked.length > shown.length && (
        <Text className="responders__more" onClick={() => setAll(true)}>
          显示全部 {ranked.length} 人
        </Text>
      )}
    </View>
  )
})

/** The decision picker of one undecided order, with the input the chosen decision needs. */
const DecisionPicker = observer(function DecisionPicker({ item, detail }: { item: AgendaItemDto; detail: MeetingDetail }) {
  const { catalogue, session, orders } = useStores()
  const draft = detail.drafts.get(item.orderId)
  const action = draft?.action ?? null
  const problem = detail.problems.get(item.orderId)

  useEffect(() => {
    if (action === 'dispatch' && catalogue.responders.length === 0) void catalogue.loadResponders()
    const community = orgIdOf(session.actor?.communityPath)
    if (action === 'call' && community && catalogue.callOptions.teams.length + catalogue.callOptions.workUnits.length === 0) void catalogue.loadCallOptions(community)
    if (action === 'merge') void orders.loadDuplicates(item.orderId)
  }, [action, catalogue, session, orders, item.orderId])
  const duplicates = action === 'merge' ? orders.detail(item.orderId) : null

  const slotsProblem = draft?.action === 'call' && draft.slots.length > 0 ? slotSpecProblem(draft.slots) : null
  return (
    <View className={`decision ${draft ? `decision--${draft.action}` : ''}`}>
      <Text className="decision__label">会议决定</Text>
      <ChoiceChips<Choice>
        className="decision__choices"
        options={DECISION_OPTIONS}
        value={action ?? 'none'}
        onChange={(choice) => detail.choose(item.orderId, choice === 'none' ? null : choice)}
      />
      {draft?.action === 'dispatch' && (
        <>
          <Text className="decision__label">派单给</Text>
          <ResponderChoice item={item} value={draft.assigneeId} onChange={(assigneeId) => detail.editDraft(item.orderId, { assigneeId })} />
        </>
      )}
      {draft?.action === 'call' && (
        <>
          <CallComposer value={draft.slots} onChange={(slots) => detail.editDraft(item.orderId, { slots })} options={catalogue.callOptions} />
          {slotsProblem && <Text className="decision__hint">{slotsProblem}</Text>}
        </>
      )}
      {duplicates && (
        <>
          <Text className="decision__label">合并到</Text>
          {duplicates.duplicatesError && <Text className="decision__hint">{duplicates.duplicatesError}</Text>}
          {duplicates.duplicates?.length === 0 && <Text className="decision__hint">没有找到可以合并的订单（同一服务、同一小区、前后30天内）</Text>}
          {duplicates.duplicates && (
            <DuplicateList orders={duplicates.duplicates} selectedId={draft?.intoOrderId ?? null} onSelect={(intoOrderId) => detail.editDraft(item.orderId, { intoOrderId })} />
          )}
        </>
      )}
      {draft?.action === 'park' && <RevisitPicker value={draft.revisitOn} onChange={(revisitOn) => detail.editDraft(item.orderId, { revisitOn })} />}
      {draft && (
        <TextArea
          className="decision__note"
          value={draft.note}
          onChange={(note) => detail.editDraft(item.orderId, { note })}
          placeholder={NOTE_PLACEHOLDERS[draft.action] ?? '会议说明'}
          maxLength={MEETING_LIMITS.note}
          autoSize
        />
      )}
      {problem && <Text className="decision__problem">⚠ {problem}</Text>}
    </View>
  )
})

/** What became of a decision sent from this screen: 已生效 → status, or the refusal in words. */
function OutcomeLine({ outcome }: { outcome: DecisionOutcome }) {
  if (outcome.applied) {
    return <Text className="outcome outcome--applied">✓ 已生效 → {STATUS_LABELS[outcome.status]}</Text>
  }
  return (
    <View className="outcome outcome--refused">
      <Text className="outcome__word">✗ 未生效：{ACTION_LABELS[outcome.action]}</Text>
      <Text className="outcome__message">
        {outcome.message ?? '订单状态已变化'}（订单现为“{STATUS_LABELS[outcome.status]}”）
      </Text>
    </View>
  )
}

const AgendaItem = observer(function AgendaItem({ item, index, detail }: { item: AgendaItemDto; index: number; detail: MeetingDetail }) {
  const outcome = detail.outcomes.get(item.orderId)
  const open = item.decision === null && awaitsDecision(item.status)
  return (
    <View className={`agenda-item ${outcome && !outcome.applied ? 'agenda-item--refused' : ''}`}>
      <View className="agenda-item__order" onClick={() => void openOrder(item.orderId)}>
        <View className="agenda-item__head">
          <Text className="agenda-item__index">第 {index + 1} 项</Text>
          <Text className="agenda-item__category">{item.categoryName}</Text>
          <StatusTag status={item.status} />
        </View>
        <Text className="agenda-item__summary">{item.summary}</Text>
        <View className="agenda-item__foot">
          <Text className="agenda-item__address">{item.address}</Text>
          <Text className="agenda-item__open">查看订单 ›</Text>
        </View>
      </View>
      {item.decision && (
        <View className="agenda-item__decided">
          <Text className="agenda-item__decision">会议决定：{ACTION_LABELS[item.decision.action]}</Text>
          {item.decision.note && <Text className="agenda-item__note">{item.decision.note}</Text>}
          <Text className="agenda-item__when">{formatFull(item.decision.at)}</Text>
        </View>
      )}
      {outcome && <OutcomeLine outcome={outcome} />}
      {open ? (
        <DecisionPicker item={item} detail={detail} />
      ) : (
        !item.decision && !outcome && <Text className="meeting-detail__muted">订单{STATUS_LABELS[item.status]}，不需要会议决定</Text>
      )}
    </View>
  )
})

/** What the confirmation says will happen: 发布到接单大厅 1 项、不予受理 1 项. */
function decisionsLine(actions: MeetingDecision[]): string {
  return MEETING_DECISIONS.filter((action) => actions.includes(action))
    .map((action) => `${ACTION_LABELS[action]} ${actions.filter((a) => a === action).length} 项`)
    .join('、')
}

/** A joint meeting: who came and the minutes, and a decision for each order on its agenda. */
function MeetingDetailPage() {
  const { session, meetings } = useStores()
  const id = Number(useRouter().params.id)
  const detail = meetings.detail(id)
  const meeting = detail.meeting
  const committee = session.user?.role === 'committee'
  const [lastResult, setLastResult] = useState<string | null>(null)

  useEffect(() => {
    if (committee && !detail.meeting && !detail.loading) void meetings.load(id)
  }, [committee, id])
  // Back from an order's page: its status may have moved on.
  useDidShow(() => {
    if (committee && detail.meeting) void meetings.load(id)
  })
  usePullDownRefresh(async () => {
    await meetings.load(id)
    Taro.stopPullDownRefresh()
  })

  if (session.restoring) return <StateView kind="loading" />
  if (!session.user) return <StateView kind="empty" message="登录后查看联席会议" actionText="去登录" onAction={() => goToTab(ROUTES.me)} />
  if (!committee) return <StateView kind="empty" message="联席会议由社区党委召开和主持" />
  if (!meeting) {
    if (detail.error) return <StateView kind="error" message={detail.error} actionText="重试" onAction={() => meetings.load(id)} />
    return <StateView kind="loading" />
  }

  const save = async () => {
    try {
      if (await meetings.saveRecord(id)) toast('出席情况和纪要已保存')
    } catch (error) {
      toast(messageOf(error))
    }
  }

  const apply = async () => {
    const chosen = detail.chosen
    if (chosen.length === 0) return toast('请先为议题选择会议决定')
    const lacking = detail.validate()
    if (lacking > 0) return toast(`有 ${lacking} 项决定还缺内容，请看红字提示`)
    const confirmed = await confirmAction(
      '应用会议决定',
      `将对 ${chosen.length} 个订单生效：${decisionsLine(chosen.map((c) => c.draft.action))}。生效后写进订单记录，居民会看到，不能撤回。`,
    )
    if (!confirmed) return
    try {
      const outcomes = await meetings.applyDecisions(id)
      if (!outcomes) return
      const refused = outcomes.filter((o) => !o.applied).length
      const line = refused ? `${outcomes.length - refused} 项已生效，${refused} 项未生效（见红字说明）` : `${outcomes.length} 项决定已全部生效`
      setLastResult(line)
      toast(line)
    } catch (error) {
      toast(messageOf(error))
    }
  }

  const open = detail.openItems.length
  const changed = detail.recordRequest !== null
  const recorded = meeting.minutes !== null || meeting.attendees.some((a) => a.present !== null)
  return (
    <View className="meeting-detail">
      <View className="meeting-detail__card">
        <View className="meeting-detail__top">
          <Text className="meeting-detail__kind">{MEETING_KIND_LABELS[meeting.kind]}</Text>
          <Text className="meeting-detail__progress">
            已决定 {meeting.decidedCount}/{meeting.agendaCount}
          </Text>
        </View>
        <Text className="meeting-detail__title">{meeting.title}</Text>
        <InfoRow label="时间" value={formatFull(meeting.heldAt)} />
        <InfoRow label="地点" value={meeting.place} />
        <InfoRow label="召集人" value={meeting.convenedByName} />
      </View>

      <View className="meeting-detail__card meeting-detail__record">
        <Text className="meeting-detail__section">出席情况</Text>
        <Attendance meeting={meeting} detail={detail} />
        <Text className="meeting-detail__section">会议纪要</Text>
        <TextArea
          className="meeting-detail__minutes"
          value={detail.minutesText}
          onChange={(text) => detail.setMinutes(text)}
          placeholder="议定事项、分工和时限，例如：一、消防通道由物业三日内清理……"
          maxLength={MEETING_LIMITS.minutes}
        />
        <PublicSwitch value={detail.isPublic} onChange={(value) => detail.setPublic(value)} />
        {changed ? (
          <Button className="meeting-detail__save" type="primary" block size="large" loading={detail.saving} disabled={detail.saving} onClick={save}>
            保存出席和纪要
          </Button>
        ) : recorded ? (
          <Text className="meeting-detail__saved">✓ 出席情况和纪要已保存</Text>
        ) : (
          <Text className="meeting-detail__muted">标记出席、填写纪要后，在这里保存</Text>
        )}
      </View>

      <View className="meeting-detail__card meeting-detail__agenda">
        <Text className="meeting-detail__section">议题与决定</Text>
        <Text className="meeting-detail__hint">
          {open > 0 ? `还有 ${open} 项待决定：逐项选择决定，最后一起应用；点订单可查看详情` : '议题都已处理完毕'}
        </Text>
        {meeting.agenda.map((item, index) => (
          <AgendaItem key={item.orderId} item={item} index={index} detail={detail} />
        ))}
        {lastResult && <Text className="meeting-detail__result">{lastResult}</Text>}
        {open > 0 && (
          <Button className="meeting-detail__apply" type="primary" block size="large" loading={detail.deciding} disabled={detail.deciding} onClick={apply}>
            {detail.chosen.length > 0 ? `应用会议决定（${detail.chosen.length} 项）` : '应用会议决定'}
          </Button>
        )}
      </View>
    </View>
  )
}

export default scaledPage(observer(MeetingDetailPage))
