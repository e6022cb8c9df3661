import { Button, Input } from '@nutui/nutui-react-taro'
import { Picker, Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import dayjs from 'dayjs'
import { observer } from 'mobx-react-lite'
import { useEffect, useState } from 'react'
import { ATTENDEE_SIDE_LABELS, ATTENDEE_SIDES, MAX_AGENDA, MEETING_KIND_LABELS, MEETING_KINDS, URGENCY_LABELS, type AttendeeSide } from '../../../domain'
import type { OrderSummaryDto } from '../../../../types/api'
import { ChoiceChips } from '../../../components/choice-chips'
import { scaledPage } from '../../../components/scaled-page'
import { StateView } from '../../../components/state-view'
import { PickField } from '../../../components/pick-field'
import { messageOf } from '../../../stores/errors'
import { conveneProblem, conveneRequest, MEETING_LIMITS, type ConveneDraft } from '../../../stores/meeting-store'
import { useStores } from '../../../stores/root-store'
import { goToTab, ROUTES, toast } from '../../../utils/navigation'
import { formatDay } from '../../../utils/time'
import './new.scss'

const KIND_OPTIONS = MEETING_KINDS.map((kind) => ({ value: kind, label: MEETING_KIND_LABELS[kind] }))
const SIDE_OPTIONS = ATTENDEE_SIDES.map((side) => ({ value: side, label: ATTENDEE_SIDE_LABELS[side] }))

/** The next full hour: a meeting is usually convened for later today. */
function defaultTime(): { date: string; time: string } {
  const at = dayjs().add(1, 'hour').startOf('hour')
  return { date: at.format('YYYY-MM-DD'), time: at.format('HH:mm') }
}

type Row = ConveneDraft['attendees'][number]
/** A row with a key of its own, so removing one keeps the others' fields in place. */
type KeyedRow = Row & { key: number }
let nextKey = 0
const keyed = (row: Row): KeyedRow => ({ ...row, key: (nextKey += 1) })

/** One pending order to tick onto the agenda; a ticked one shows its place in the agenda. */
const AgendaChoice = observer(function AgendaChoice({ order, position, onToggle }: { order: OrderSummaryDto; position: number; onToggle: () => void }) {
  const picked = position > 0
  return (
    <View className={`agenda-choice ${picked ? 'agenda-choice--picked' : ''}`} onClick={onToggle} role="checkbox" aria-checked={picked}>
      <View className="agenda-choice__box">
        <Text className="agenda-choice__mark">{picked ? `✓${position}` : ''}</Text>
      </View>
      <View className="agenda-choice__body">
        <View className="agenda-choice__head">
          <Text className="agenda-choice__category">{order.categoryName}</Text>
          {order.urgency !== 'normal' && <Text className={`agenda-choice__urgency agenda-choice__urgency--${order.urgency}`}>{URGENCY_LABELS[order.urgency]}</Text>}
          <Text className="agenda-choice__state">{picked ? `第 ${position} 项议题` : '未选'}</Text>
        </View>
        <Text className="agenda-choice__summary">{order.summary}</Text>
        <Text className="agenda-choice__address">{order.address}</Text>
      </View>
    </View>
  )
})

function AttendeeRow({ row, index, onChange, onRemove }: { row: Row; index: number; onChange: (row: Row) => void; onRemove: () => void }) {
  return (
    <View className="attendee-row">
      <View className="attendee-row__head">
        <Text className="attendee-row__index">第 {index + 1} 位</Text>
        <Text className="attendee-row__remove" onClick={onRemove}>
          移除
        </Text>
      </View>
      <Input
        className="attendee-row__name"
        value={row.name}
        onChange={(name) => onChange({ ...row, name })}
        placeholder="姓名，如 刘经理"
        maxLength={MEETING_LIMITS.attendeeName}
      />
      <ChoiceChips className="attendee-row__sides" options={SIDE_OPTIONS} value={row.side} onChange={(side: AttendeeSide) => onChange({ ...row, side })} />
    </View>
  )
}

/** 召开会议: kind, title, time and place, the pending orders it takes up, and who attends. */
function NewMeetingPage() {
  const { session, orders, meetings } = useStores()
  const user = session.user
  const committee = user?.role === 'committee'
  const pending = orders.list({ group: 'pending' })

  const [kind, setKind] = useState<ConveneDraft['kind']>('joint')
  // null: the title follows the date and kind until it is typed over.
  const [title, setTitle] = useState<string | null>(null)
  const [{ date, time }, setWhen] = useState(defaultTime)
  const [place, setPlace] = useState('')
  const [agenda, setAgenda] = useState<number[]>([])
  const [attendees, setAttendees] = useState<KeyedRow[]>(() => (user ? [keyed({ name: user.name, side: 'committee' })] : []))
  const [problem, setProblem] = useState<string | null>(null)

  useEffect(() => {
    if (committee) void pending.refresh()
  }, [pending, committee])

  if (session.restoring) return <StateView kind="loading" />
  if (!user) return <StateView kind="empty" message="登录后召开联席会议" actionText="去登录" onAction={() => goToTab(ROUTES.me)} />
  if (!committee) return <StateView kind="empty" message="联席会议由社区党委召开和主持" />

  const autoTitle = `${dayjs(date).format('M月D日')}${MEETING_KIND_LABELS[kind]}`
  const shownTitle = title ?? autoTitle
  const draft: ConveneDraft = { kind, title: shownTitle, date, time, place, agenda, attendees: attendees.map(({ name, side }) => ({ name, side })) }

  const toggle = (id: number) => {
    setProblem(null)
    if (agenda.includes(id)) return setAgenda(agenda.filter((a) => a !== id))
    if (agenda.length >= MAX_AGENDA) return toast(`一次会议最多 ${MAX_AGENDA} 个议题`)
    setAgenda([...agenda, id])
  }
  const changeRow = (index: number, row: Row) => {
    setProblem(null)
    setAttendees(attendees.map((r, i) => (i === index ? { ...row, key: r.key } : r)))
  }

  const submit = async () => {
    const found = conveneProblem(draft)
    setProblem(found)
    if (found) return toast(found)
    try {
      const meeting = await meetings.convene(conveneRequest(draft))
      if (!meeting) return
      toast('会议已召开，请记录出席情况并作出决定')
      void Taro.redirectTo({ url: ROUTES.meetingDetail(meeting.id) })
    } catch (error) {
      const message = messageOf(error)
      setProblem(message)
      toast(message)
    }
  }

  return (
    <View className="meeting-form">
      <View className="meeting-form__card">
        <Text className="meeting-form__label">会议类型</Text>
        <ChoiceChips className="meeting-form__kinds" options={KIND_OPTIONS} value={kind} onChange={setKind} />

        <Text className="meeting-form__label">会议名称</Text>
        <Input className="meeting-form__title" value={shownTitle} onChange={setTitle} placeholder="如 锦绣小区三方联席会议" maxLength={MEETING_LIMITS.title} />

        <Text className="meeting-form__label">时间</Text>
        <View className="meeting-form__when">
          <Picker className="meeting-form__picker meeting-form__picker--date" mode="date" value={date} onChange={(e) => setWhen({ date: String(e.detail.value), time })}>
            <PickField value={formatDay(date)} />
          </Picker>
          <Picker className="meeting-form__picker meeting-form__picker--time" mode="time" value={time} onChange={(e) => setWhen({ date, time: String(e.detail.value) })}>
            <PickField value={time} />
          </Picker>
        </View>

        <Text className="meeting-form__label">地点</Text>
        <Input className="meeting-form__place" value={place} onChange={setPlace} placeholder="如 社区党群服务中心议事厅" maxLength={MEETING_LIMITS.place} />
      </View>

      <View className="meeting-form__card">
        <View className="meeting-form__section">
          <Text className="meeting-form__label">议题：待处理的订单</Text>
          <Text className="meeting-form__count">
            已选 {agenda.length} 项（最多 {MAX_AGENDA} 项）
          </Text>
        </View>
        <Text className="meeting-form__hint">按点选的先后上会，会上逐项作出决定</Text>
        {pending.error && pending.items.length === 0 ? (
          <StateView kind="error" message={pending.error} actionText="重试" onAction={() => pending.refresh()} />
        ) : !pending.loaded ? (
          <StateView kind="loading" />
        ) : pending.isEmpty ? (
          <StateView kind="empty" message="没有待处理的订单可以上会" />
        ) : (
          <View className="meeting-form__agenda">
            {pending.items.map((order) => (
              <AgendaChoice key={order.id} order={order} position={agenda.indexOf(order.id) + 1} onToggle={() => toggle(order.id)} />
            ))}
            {pending.hasMore && (
              <Button className="meeting-form__more" fill="outline" block loading={pending.loadingMore} onClick={() => pending.loadMore()}>
                显示更多待处理订单
              </Button>
            )}
          </View>
        )}
      </View>

      <View className="meeting-form__card">
        <Text className="meeting-form__label">参会人员</Text>
        <Text className="meeting-form__hint">每位写上姓名，选择代表哪一方；出席情况开会时再记录</Text>
        {attendees.map((row, index) => (
          <AttendeeRow
            key={row.key}
            row={row}
            index={index}
            onChange={(changed) => changeRow(index, changed)}
            onRemove={() => setAttendees(attendees.filter((_, i) => i !== index))}
          />
        ))}
        <Text className="meeting-form__add" onClick={() => setAttendees([...attendees, keyed({ name: '', side: null })])}>
          ＋ 添加参会人员
        </Text>
      </View>

      <View className="meeting-form__footer">
        {problem && <Text className="meeting-form__problem">⚠ {problem}</Text>}
        <Button className="meeting-form__submit" type="primary" block size="large" loading={meetings.convening} disabled={meetings.convening} onClick={submit}>
          召开会议
        </Button>
      </View>
    </View>
  )
}

export default scaledPage(observer(NewMeetingPage))
