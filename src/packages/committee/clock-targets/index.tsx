import { Button, Input } from '@nutui/nutui-react-taro'
import { Text, View } from '@tarojs/components'
import Taro, { usePullDownRefresh } from '@tarojs/taro'
import { observer } from 'mobx-react-lite'
import { useEffect, useState } from 'react'
import { ANY_SERVICE, URGENCIES, URGENCY_LABELS, clockTargetsProblem, formatMinutes, type Urgency } from '../../../domain'
import { ChoiceChips } from '../../../components/choice-chips'
import { Sheet } from '../../../components/sheet'
import { StateView } from '../../../components/state-view'
import { scaledPage } from '../../../components/scaled-page'
import type { ClockTargetRow } from '../../../stores/clock-target-store'
import { useStores } from '../../../stores/root-store'
import { confirmAction, goToTab, ROUTES, toast } from '../../../utils/navigation'
import './index.scss'

type Unit = 'minute' | 'hour' | 'day'
const UNIT_MINUTES: Record<Unit, number> = { minute: 1, hour: 60, day: 1440 }
const UNITS = [
  { value: 'minute', label: '分钟' },
  { value: 'hour', label: '小时' },
  { value: 'day', label: '天' },
] as const satisfies ReadonlyArray<{ value: Unit; label: string }>
const URGENCY_CHOICES = URGENCIES.map((value) => ({ value, label: URGENCY_LABELS[value] }))

/** A limit as typed: an amount and its unit, shown in the largest unit that says it exactly. */
interface Amount {
  text: string
  unit: Unit
}
function amountOf(minutes: number): Amount {
  const unit: Unit = minutes % 1440 === 0 ? 'day' : minutes % 60 === 0 ? 'hour' : 'minute'
  return { text: String(minutes / UNIT_MINUTES[unit]), unit }
}
/** NaN for an empty or non-numeric amount: the domain's check then names the limit to fix. */
function minutesOf(amount: Amount): number {
  const text = amount.text.trim()
  return text === '' ? NaN : Number(text) * UNIT_MINUTES[amount.unit]
}

function LimitField({ label, amount, onChange, name }: { label: string; amount: Amount; onChange: (amount: Amount) => void; name: string }) {
  return (
    <View className={`limit-field limit-field--${name}`}>
      <Text className="limit-field__label">{label}</Text>
      <Input
        className="limit-field__amount"
        type="digit"
        value={amount.text}
        onChange={(text) => onChange({ ...amount, text })}
        placeholder="数字"
        maxLength={5}
        aria-label={`${label}数值`}
      />
      <ChoiceChips className="limit-field__units" options={UNITS} value={amount.unit} onChange={(unit) => onChange({ ...amount, unit })} />
    </View>
  )
}

/** What the sheet edits: a known key, or a new service's own limits (service and urgency chosen in it). */
type Editing = { kind: 'edit'; row: ClockTargetRow } | { kind: 'new' }

const EditSheet = observer(function EditSheet({ editing, onClose, serviceName }: { editing: Editing | null; onClose: () => void; serviceName: (code: string) => string }) {
  const { clockTargets, services } = useStores()
  const [service, setService] = useState<string | null>(null)
  const [urgency, setUrgency] = useState<Urgency | null>(null)
  const [response, setResponse] = useState<Amount>({ text: '', unit: 'minute' })
  const [completion, setCompletion] = useState<Amount>({ text: '', unit: 'hour' })

  useEffect(() => {
    if (!editing) return
    clockTargets.clearSaveError()
    if (editing.kind === 'edit') {
      setService(editing.row.categoryCode)
      setUrgency(editing.row.urgency)
      setResponse(amountOf(editing.row.responseMinutes))
      setCompletion(amountOf(editing.row.completionMinutes))
    } else {
      setService(null)
      setUrgency(null)
      setResponse({ text: '', unit: 'minute' })
      setCompletion({ text: '', unit: 'hour' })
    }
  }, [editing])

  const target = { responseMinutes: minutesOf(response), completionMinutes: minutesOf(completion) }
  const typed = response.text.trim() !== '' && completion.text.trim() !== ''
  // Said once both are typed: a half-filled form is not yet a mistake.
  const problem = typed ? clockTargetsProblem(target) : null
  const chosen = service !== null && urgency !== null
  const busy = clockTargets.saving !== null
  const save = async () => {
    if (!chosen) return
    if (await clockTargets.set({ categoryCode: service, urgency, ...target })) {
      toast('已保存')
      onClose()
    }
  }

  // A new setting starts from what applies now to that service and urgency, so only the change is typed.
  const choose = (code: string | null, level: Urgency | null) => {
    setService(code)
    setUrgency(level)
    if (code === null || level === null) return
    const current = [...clockTargets.serviceRows, ...clockTargets.communityRows].find((r) => (r.categoryCode === code || r.categoryCode === ANY_SERVICE) && r.urgency === level)
    if (!current) return
    setResponse(amountOf(current.responseMinutes))
    setCompletion(amountOf(current.completionMinutes))
  }

  const title = editing?.kind === 'new' ? '为某项服务单独设置' : '修改时限'
  const subject =
    editing?.kind === 'edit' ? `${editing.row.categoryCode === ANY_SERVICE ? '全部服务' : serviceName(editing.row.categoryCode)} · ${URGENCY_LABELS[editing.row.urgency]}` : null
  return (
    <Sheet visible={editing !== null} title={title} onClose={onClose}>
      <View className="limit-sheet">
        {subject && <Text className="limit-sheet__subject">{subject}</Text>}
        {editing?.kind === 'new' && (
          <>
            {/* Only what the community offers: a stopped service takes no orders to time. */}
            <Text className="limit-sheet__label">服务</Text>
            {services.loaded ? (
              <ChoiceChips
                className="limit-sheet__services"
                options={services.services.filter((s) => s.enabled).map((s) => ({ value: s.code, label: s.name }))}
                value={service}
                onChange={(code) => choose(code, urgency)}
              />
            ) : (
              <Text className="limit-sheet__note">{services.error ?? '服务目录加载中…'}</Text>
            )}
            <Text className="limit-sheet__label">紧急程度</Text>
            <ChoiceChips className="limit-sheet__urgency" options={URGENCY_CHOICES} value={urgency} onChange={(level) => choose(service, level)} />
          </>
        )}
        <LimitField name="response" label="受理时限" amount={response} onChange={setResponse} />
        <LimitField name="completion" label="办结时限" amount={completion} onChange={setCompletion} />
        {(problem ?? clockTargets.saveError) && <Text className="limit-sheet__problem">{problem ?? clockTargets.saveError}</Text>}
        <Button
          className="limit-sheet__save"
          type="primary"
          block
          size="large"
          loading={busy}
          disabled={busy || !chosen || !typed || problem !== null}
          onClick={save}
        >
          保存
        </Button>
      </View>
    </Sheet>
  )
})

/** One key's limits: what applies, whether the community set it, and (when allowed) 修改 / 恢复默认. */
const LimitCard = observer(function LimitCard({
  row,
  title,
  editable,
  onEdit,
}: {
  row: ClockTargetRow
  title: string
  editable: boolean
  onEdit: (row: ClockTargetRow) => void
}) {
  const { clockTargets } = useStores()
  const restore = async () => {
    const what = row.categoryCode === ANY_SERVICE ? '默认时限' : '上面“全部服务”的时限'
    if (!(await confirmAction(`恢复默认：${title}`, `恢复后按${what}计时。`))) return
    if (await clockTargets.remove(row)) toast('已恢复默认')
    else toast(clockTargets.saveError ?? '没有恢复，请重试')
  }
  return (
    <View className={`limit-card limit-card--${row.urgency} ${row.own ? 'limit-card--own' : ''}`}>
      <View className="limit-card__head">
        <Text className="limit-card__title">{title}</Text>
        <Text className={`limit-card__tag ${row.own ? 'limit-card__tag--own' : ''}`}>{row.own ? '本社区设置' : '默认'}</Text>
      </View>
      <Text className="limit-card__line">受理时限：{formatMinutes(row.responseMinutes)}</Text>
      <Text className="limit-card__line">办结时限：{formatMinutes(row.completionMinutes)}</Text>
      {editable && (
        <View className="limit-card__actions">
          <Button className="limit-card__edit" type="primary" fill="outline" onClick={() => onEdit(row)}>
            修改
          </Button>
          {row.own && (
            <Button className="limit-card__restore" fill="outline" disabled={clockTargets.saving !== null} onClick={restore}>
              恢复默认
            </Button>
          )}
        </View>
      )}
    </View>
  )
})

/** 服务时限: how soon the community answers and finishes an order, by urgency and service. */
function ClockTargetsPage() {
  const { session, clockTargets, services } = useStores()
  const user = session.user
  const [editing, setEditing] = useState<Editing | null>(null)

  useEffect(() => {
    if (user?.role !== 'committee') return
    void clockTargets.load()
    // Service names for the rows and the picker.
    if (!services.loaded) void services.load()
  }, [user?.membershipId])
  usePullDownRefresh(async () => {
    await clockTargets.load()
    Taro.stopPullDownRefresh()
  })

  if (session.restoring) return <StateView kind="loading" />
  if (!user) return <StateView kind="empty" message="登录后查看服务时限" actionText="去登录" onAction={() => goToTab(ROUTES.me)} />
  if (user.role !== 'committee') return <StateView kind="empty" message="服务时限由社区党委设置" />
  if (clockTargets.error && !clockTargets.loaded) return <StateView kind="error" message={clockTargets.error} actionText="重试" onAction={() => clockTargets.load()} />
  if (!clockTargets.loaded) return <StateView kind="loading" />
  // The server lets only the community-level committee change them; a compound's reads.
  const editable = user.orgPath === user.communityPath
  const serviceName = (code: string) => services.services.find((s) => s.code === code)?.name ?? code
  const edit = (row: ClockTargetRow) => setEditing({ kind: 'edit', row })

  return (
    <View className="clock-targets">
      <View className="clock-targets__intro">
        <Text className="clock-targets__text">受理时限：从居民点单到党组织派单或有人接单。</Text>
        <Text className="clock-targets__text">办结时限：从点单到办结反馈。</Text>
        <Text className="clock-targets__text">超时会逐级上报：网格 → 小区党支部 → 社区党委 → 街道。</Text>
        {!editable && <Text className="clock-targets__text clock-targets__text--note">服务时限由社区党委设置，这里只能查看。</Text>}
      </View>

      <Text className="clock-targets__section">全部服务</Text>
      {clockTargets.communityRows.map((row) => (
        <LimitCard key={row.urgency} row={row} title={URGENCY_LABELS[row.urgency]} editable={editable} onEdit={edit} />
      ))}

      <Text className="clock-targets__section">单独设置的服务</Text>
      {clockTargets.serviceRows.length === 0 ? (
        <Text className="clock-targets__empty">还没有单独设置的服务，都按上面的时限。</Text>
      ) : (
        clockTargets.serviceRows.map((row) => (
          <LimitCard
            key={`${row.categoryCode}/${row.urgency}`}
            row={row}
            title={`${serviceName(row.categoryCode)} · ${URGENCY_LABELS[row.urgency]}`}
            editable={editable}
            onEdit={edit}
          />
        ))
      )}
      {editable && (
        <View className="clock-targets__add">
          <Button className="clock-targets__add-button" type="primary" size="large" block onClick={() => setEditing({ kind: 'new' })}>
            为某项服务单独设置
          </Button>
        </View>
      )}
      <EditSheet editing={editing} onClose={() => setEditing(null)} serviceName={serviceName} />
    </View>
  )
}

export default scaledPage(observer(ClockTargetsPage))
