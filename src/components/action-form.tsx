import { Button, Rate, TextArea } from '@nutui/nutui-react-taro'
import { Text, View } from '@tarojs/components'
import { observer } from 'mobx-react-lite'
import { useEffect, useState } from 'react'
import { ACTION_LABELS, ROLE_LABELS, isSkilledFor, orgIdOf, rankCandidates, requirementOf, slotSpecProblem, type OrderAction, type SlotSpec } from '../domain'
import type { TransitionRequest } from '../../types/api'
import { useStores } from '../stores/root-store'
import { CallComposer } from './call-composer'
import { DuplicateList } from './duplicate-list'
import { PhotoPicker } from './photo-picker'
import { RevisitPicker } from './revisit-picker'
import { Sheet } from './sheet'
import './action-form.scss'

export interface ActionFormProps {
  /** The order acted on: a merge offers its likely duplicates. */
  orderId: number
  /** The action asking for input; null hides the form. */
  action: OrderAction | null
  /** True while the action is being sent. */
  busy: boolean
  onSubmit: (input: Omit<TransitionRequest, 'action'>) => void
  onClose: () => void
  /** The order's service: the dispatch picker puts people skilled in it (by code) first. */
  service: { code: string; name: string }
  /** Prefix for photo URLs (the API base). @default '' */
  mediaBase?: string
}

const PLACEHOLDERS: Partial<Record<OrderAction, string>> = {
  reject: '请说明不予受理的原因，居民会看到',
  recall: '请说明收回的原因，例如：长时间无人接单',
  decline: '请说明无法接单的原因',
  call: '呼叫说明：需要大家做什么（响应的人都会看到）',
  leave: '请说明退出的原因，名额会重新开放',
  close_call: '请说明为什么现在结束呼叫，例如：剩下的由物业处理',
  release: '请说明放弃的原因，订单将退回社区党委重新派单',
  reopen: '请说明哪里还没有解决',
  progress: '例如：已联系居民，明天上午上门',
  complete: '请填写办理结果，可附照片',
  confirm: '说说您的感受（选填）',
  park: '请说明挂账的原因，例如：等维修基金到位',
  merge: '合并说明（选填），例如：同一条消防通道',
}

/** The bottom sheet that asks for exactly the input an action needs. */
export const ActionForm = observer(function ActionForm({ orderId, action, busy, onSubmit, onClose, service, mediaBase = '' }: ActionFormProps) {
  const { catalogue, session, orders } = useStores()
  const [note, setNote] = useState('')
  const [rating, setRating] = useState(5)
  const [assigneeId, setAssigneeId] = useState<number | null>(null)
  const [slots, setSlots] = useState<SlotSpec[]>([])
  const [photos, setPhotos] = useState<string[]>([])
  const [revisitOn, setRevisitOn] = useState<string | null>(null)
  const [intoOrderId, setIntoOrderId] = useState<number | null>(null)

  const requirement = action ? requirementOf(action) : undefined
  // Dispatch names the person who gets the order; invite the person who gets one place.
  const picksPerson = requirement === 'assignee' || requirement === 'invitee'
  // A team leader assigns their own team's places and sees only its members; the committee sees all.
  const ledTeamId = session.actor?.role === 'committee' ? null : session.actor?.leadsTeamId
  useEffect(() => {
    setNote('')
    setRating(5)
    setAssigneeId(null)
    setSlots([])
    setPhotos([])
    setRevisitOn(null)
    setIntoOrderId(null)
    if (picksPerson) void catalogue.loadResponders(ledTeamId)
    if (requirement === 'target') void orders.loadDuplicates(orderId)
    const community = orgIdOf(session.actor?.communityPath)
    if (requirement === 'slots' && community) void catalogue.loadCallOptions(community)
  }, [action, catalogue, session, orders, orderId, picksPerson, requirement, ledTeamId])

  // A leader is one of their team's members: they answer the call themselves with 我来响应.
  const candidates = picksPerson ? rankCandidates(catalogue.responders, service.code).filter((person) => person.id !== session.actor?.id) : []
  const slotsProblem = requirement === 'slots' ? slotSpecProblem(slots) : null
  const duplicates = requirement === 'target' ? orders.detail(orderId) : null
  // What the form still lacks before it can be sent (the server would refuse it anyway).
  const incomplete = slotsProblem !== null || (requirement === 'revisit' && (!revisitOn || !note.trim())) || (requirement === 'target' && !intoOrderId)
  const submit = () =>
    onSubmit({
      note: note.trim() || undefined,
      ...(requirement === 'rating' ? { rating } : {}),
      ...(requirement === 'assignee' && assigneeId ? { assigneeId } : {}),
      ...(requirement === 'invitee' && assigneeId ? { inviteeId: assigneeId } : {}),
      ...(requirement === 'slots' ? { slots } : {}),
      ...(requirement === 'revisit' && revisitOn ? { revisitOn } : {}),
      ...(requirement === 'target' && intoOrderId ? { intoOrderId } : {}),
      ...(photos.length ? { photos } : {}),
    })

  return (
    <Sheet visible={action !== null} title={action ? ACTION_LABELS[action] : ''} onClose={onClose}>
      <View className={`action-form action-form--${action ?? 'none'}`}>
        {requirement === 'slots' && (
          <>
            <CallComposer value={slots} onChange={setSlots} options={catalogue.callOptions} />
            {slotsProblem && slots.length > 0 && <Text className="action-form__hint">{slotsProblem}</Text>}
          </>
        )}
        {picksPerson && (
          <View className="action-form__responders">
            {catalogue.loading && <Text className="action-form__hint">正在加载可派单人员…</Text>}
            {catalogue.error && <Text className="action-form__hint">{catalogue.error}</Text>}
            {!catalogue.loading && !catalogue.error && candidates.length === 0 && (
              <Text className="action-form__hint">{ledTeamId ? '本队暂无其他可指派的志愿者' : '暂无可派单人员'}</Text>
            )}
            {candidates.map((person) => (
              <View
                key={person.id}
                className={`responder ${assigneeId === person.id ? 'responder--selected' : ''}`}
                onClick={() => setAssigneeId(person.id)}
              >
                <Text className="responder__name">
                  {person.name}
                  {isSkilledFor(person, service.code) && <Text className="responder__match">擅长{service.name}</Text>}
                </Text>
                <Text className="responder__meta">
                  {ROLE_LABELS[person.role]}
                  {person.teamName ? ` · ${person.teamName}` : ''} · 在办 {person.activeOrders}
                </Text>
                {person.skills.length > 0 && <Text className="responder__meta">擅长：{person.skills.map((skill) => skill.name).join('、')}</Text>}
              </View>
            ))}
          </View>
        )}
        {duplicates && (
          <View className="action-form__duplicates">
            <Text className="action-form__label">合并到哪一单（同一服务、同一小区、前后30天内）</Text>
            {duplicates.duplicatesError && <Text className="action-form__hint">{duplicates.duplicatesError}</Text>}
            {!duplicates.duplicatesError && duplicates.duplicates === null && <Text className="action-form__hint">正在查找可能重复的订单…</Text>}
            {duplicates.duplicates?.length === 0 && <Text className="action-form__hint">没有找到可以合并的订单</Text>}
            {duplicates.duplicates && <DuplicateList orders={duplicates.duplicates} selectedId={intoOrderId} onSelect={setIntoOrderId} />}
            <Text className="action-form__hint">合并后本单结束，居民改为跟进所选订单，并可在那里评价</Text>
          </View>
        )}
        {requirement === 'revisit' && <RevisitPicker value={revisitOn} onChange={setRevisitOn} />}
        {requirement === 'rating' && (
          <View className="action-form__rating">
            <Text className="action-form__label">服务满意度</Text>
            <Rate value={rating} count={5} onChange={setRating} />
          </View>
        )}
        {action && !picksPerson && (
          <TextArea
            className="action-form__note"
            value={note}
            onChange={setNote}
            placeholder={PLACEHOLDERS[action] ?? '补充说明（选填）'}
            maxLength={500}
            showCount
            autoSize
          />
        )}
        {action === 'complete' && <PhotoPicker value={photos} onChange={setPhotos} max={6} mediaBase={mediaBase} />}
        <Button className="action-form__submit" type="primary" block size="large" loading={busy} disabled={busy || incomplete} onClick={submit}>
          {action ? `确认${ACTION_LABELS[action]}` : '确认'}
        </Button>
      </View>
    </Sheet>
  )
})
