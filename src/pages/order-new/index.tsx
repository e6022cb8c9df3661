import { Button, Input, TextArea } from '@nutui/nutui-react-taro'
import { Text, View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import { observer } from 'mobx-react-lite'
import { useEffect, useRef, useState, type ReactNode } from 'react'
import { ORDER_RULES, URGENCIES, URGENCY_LABELS, draftProblem, type OrderDraft, type Urgency } from '../../domain'
import { ChoiceChips } from '../../components/choice-chips'
import { PhotoPicker } from '../../components/photo-picker'
import { StateView } from '../../components/state-view'
import { messageOf } from '../../stores/errors'
import { useStores } from '../../stores/root-store'
import { ROUTES, goToTab, toast } from '../../utils/navigation'
import './index.scss'

const PREFERRED_TIMES = ['尽快', '今天', '明天上午', '明天下午', '本周内'].map((t) => ({ value: t, label: t }))
const URGENCY_OPTIONS = URGENCIES.map((u) => ({ value: u, label: URGENCY_LABELS[u] }))

/** A retried submit must reuse the key, so the server returns the same order. */
const newIdempotencyKey = () => `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`

function Field({ label, required = false, children }: { label: string; required?: boolean; children: ReactNode }) {
  return (
    <View className="form-field">
      <Text className="form-field__label">
        {label}
        {required && <Text className="form-field__required">*</Text>}
      </Text>
      {children}
    </View>
  )
}

function OrderNewPage() {
  const { session, catalogue, orders, media } = useStores()
  const { params } = useRouter()
  const user = session.user
  const [draft, setDraft] = useState<OrderDraft>({
    categoryCode: params.category ?? null,
    description: '',
    photos: [],
    gridId: null,
    address: '',
    contactName: user?.name ?? '',
    contactPhone: '',
  })
  const [urgency, setUrgency] = useState<Urgency>('normal')
  const [preferredTime, setPreferredTime] = useState<string | null>('尽快')
  const [sending, setSending] = useState(false)
  const idempotencyKey = useRef(newIdempotencyKey())
  const update = (patch: Partial<OrderDraft>) => setDraft((current) => ({ ...current, ...patch }))

  useEffect(() => {
    if (!catalogue.categories.length) void catalogue.loadCategories()
    if (session.signedIn) void catalogue.loadGrids()
  }, [catalogue, session.signedIn])

  // The resident's own grid is the likely answer; preselect it once the grids arrive.
  useEffect(() => {
    if (draft.gridId || !user) return
    const own = catalogue.grids.find((grid) => user.orgPath.endsWith(`/${grid.id}/`))
    if (own) update({ gridId: own.id })
  }, [catalogue.grids, user, draft.gridId])

  useEffect(() => {
    if (draft.categoryCode && catalogue.category(draft.categoryCode)?.emergency) setUrgency('emergency')
  }, [draft.categoryCode, catalogue.categories.length])

  if (!user) return <StateView kind="empty" message="请先登录后再点单" actionText="去登录" onAction={() => goToTab(ROUTES.me)} />
  if (user.role !== 'resident') return <StateView kind="empty" message="只有居民账号可以点单" />

  const category = draft.categoryCode ? catalogue.category(draft.categoryCode) : undefined
  const photoRequired = category?.photoRequired ?? false

  const submit = async () => {
    const problem = draftProblem(draft, category)
    if (problem) return toast(problem)
    setSending(true)
    try {
      const order = await orders.create(
        {
          categoryCode: draft.categoryCode!,
          description: draft.description.trim(),
          photos: draft.photos,
          gridId: draft.gridId!,
          address: draft.address.trim(),
          contactName: draft.contactName.trim(),
          contactPhone: draft.contactPhone.trim(),
          preferredTime: preferredTime ?? undefined,
          urgency,
        },
        idempotencyKey.current,
      )
      idempotencyKey.current = newIdempotencyKey()
      toast('点单成功，社区党委会尽快处理')
      await Taro.redirectTo({ url: ROUTES.orderDetail(order.id) })
    } catch (error) {
      toast(messageOf(error))
    } finally {
      setSending(false)
    }
  }

  return (
    <View className="order-new">
      <Field label="服务类型" required>
        <ChoiceChips
          className="order-new__categories"
          options={catalogue.categories.map((c) => ({ value: c.code, label: c.name }))}
          value={draft.categoryCode}
          onChange={(categoryCode) => update({ categoryCode })}
        />
        {catalogue.error && <Text className="form-field__error">{catalogue.error}</Text>}
      </Field>
      <Field label="需求描述" required>
        <TextArea
          className="order-new__description"
          value={draft.description}
          onChange={(description) => update({ description })}
          placeholder="请说说需要什么帮助，例如：家里水管漏水，需要上门维修"
          maxLength={ORDER_RULES.descriptionMax}
          showCount
          autoSize
        />
      </Field>
      <Field label={`照片（${photoRequired ? '必填' : '选填'}，最多 ${ORDER_RULES.maxPhotos} 张）`} required={photoRequired}>
        <PhotoPicker value={draft.photos} onChange={(photos) => update({ photos })} max={ORDER_RULES.maxPhotos} mediaBase={media.apiBase} />
      </Field>
      <Field label="紧急程度" required>
        <ChoiceChips className="order-new__urgency" options={URGENCY_OPTIONS} value={urgency} onChange={setUrgency} />
      </Field>
      <Field label="所在网格" required>
        <ChoiceChips
          className="order-new__grids"
          options={catalogue.grids.map((g) => ({ value: g.id, label: g.fullName }))}
          value={draft.gridId}
          onChange={(gridId) => update({ gridId })}
        />
      </Field>
      <Field label="服务地址" required>
        <Input
          className="order-new__address"
          value={draft.address}
          onChange={(address) => update({ address })}
          placeholder="例如：锦绣小区3号楼2单元401"
          maxLength={ORDER_RULES.addressMax}
        />
      </Field>
      <Field label="联系人" required>
        <Input
          className="order-new__contact-name"
          value={draft.contactName}
          onChange={(contactName) => update({ contactName })}
          maxLength={ORDER_RULES.contactNameMax}
        />
      </Field>
      <Field label="联系电话" required>
        <Input
          className="order-new__contact-phone"
          type="tel"
          value={draft.contactPhone}
          onChange={(contactPhone) => update({ contactPhone })}
          placeholder="11 位手机号"
          maxLength={11}
        />
      </Field>
      <Field label="希望服务时间">
        <ChoiceChips options={PREFERRED_TIMES} value={preferredTime} onChange={setPreferredTime} />
      </Field>
      <View className="order-new__footer">
        <Button className="order-new__submit" type="primary" size="large" block loading={sending} disabled={sending} onClick={submit}>
          提交点单
        </Button>
      </View>
    </View>
  )
}

export default observer(OrderNewPage)
