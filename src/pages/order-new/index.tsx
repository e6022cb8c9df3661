import { Button, Input, TextArea } from '@nutui/nutui-react-taro'
import { Text, View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import { observer } from 'mobx-react-lite'
import { useEffect, useRef, useState, type ReactNode } from 'react'
import { ORDER_RULES, URGENCIES, URGENCY_LABELS, canSubmit, draftProblem, estateName, speaksForHousehold, type OrderDraft, type Urgency } from '../../domain'
import type { HouseholdDto } from '../../../types/people'
import { ChoiceChips } from '../../components/choice-chips'
import { PhotoPicker } from '../../components/photo-picker'
import { StateView } from '../../components/state-view'
import { messageOf } from '../../stores/errors'
import { useStores } from '../../stores/root-store'
import type { SessionUser } from '../../stores/session-store'
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

/** The estate of the acting identity's grid: the branch above it in 小区 · 网格. */
function estateOf(orgName: string): string {
  const links = orgName.split(' · ')
  return estateName(links.length >= 2 ? links[links.length - 2] : links[0])
}

const SEARCH_DELAY_MS = 400
/** A short list to look through; more means the search should be narrower. */
const SHOWN_HOUSEHOLDS = 8

/**
 * A grid worker's choice of household: search by address (residents' names come masked), or
 * register a household not known yet in the worker's own grid.
 */
const HouseholdPicker = observer(function HouseholdPicker({
  user,
  value,
  onChange,
}: {
  user: SessionUser
  value: HouseholdDto | null
  onChange: (household: HouseholdDto | null) => void
}) {
  const { catalogue } = useStores()
  const search = catalogue.households
  const [query, setQuery] = useState(search.query)
  const [registering, setRegistering] = useState(false)
  const [address, setAddress] = useState({ building: '', unit: '', room: '' })
  const [saving, setSaving] = useState(false)

  // Searches as the worker types, once they pause; the first visit lists the grid's households.
  useEffect(() => {
    if (search.loaded && query === search.query) return
    const timer = setTimeout(() => void search.search(query), search.loaded ? SEARCH_DELAY_MS : 0)
    return () => clearTimeout(timer)
  }, [query])

  const register = async () => {
    if (!address.room.trim()) return toast('请填写门牌号，例如 401')
    setSaving(true)
    try {
      const household = await search.register({
        gridId: user.orgId,
        building: address.building.trim().replace(/(号楼|号|栋|幢)$/, ''),
        unit: address.unit.trim().replace(/单元$/, ''),
        room: address.room.trim(),
      })
      setRegistering(false)
      setAddress({ building: '', unit: '', room: '' })
      onChange(household)
      toast('已登记这一户')
    } catch (error) {
      toast(messageOf(error))
    } finally {
      setSaving(false)
    }
  }

  if (value) {
    return (
      <View className="household household--selected">
        <View className="household__main">
          <Text className="household__address">{value.address}</Text>
          <Text className="household__meta">
            {value.gridName}
            {value.residents.length ? ` · ${value.residents.join('、')}` : ''}
          </Text>
        </View>
        <Text className="household__change" onClick={() => onChange(null)}>
          更换
        </Text>
      </View>
    )
  }

  const gridName = user.orgName.split(' · ').pop()
  return (
    <View className="household-picker">
      <Input
        className="household-picker__search"
        value={query}
        onChange={setQuery}
        placeholder="输入楼栋或门牌号查找，如 3号楼"
        maxLength={20}
        clearable
      />
      {search.error ? (
        <Text className="form-field__error" onClick={() => search.search(query)}>
          {search.error}，点此重试
        </Text>
      ) : search.loading && !search.items.length ? (
        <Text className="household-picker__hint">正在查找…</Text>
      ) : search.loaded && !search.items.length ? (
        <Text className="household-picker__hint">没有找到这一户，可以在下面登记新住户</Text>
      ) : null}
      <View className="household-picker__list">
        {search.items.slice(0, SHOWN_HOUSEHOLDS).map((household) => (
          <View key={household.id} className="household" onClick={() => onChange(household)}>
            <View className="household__main">
              <Text className="household__address">{household.address}</Text>
              <Text className="household__meta">
                {household.gridName}
                {household.residents.length ? ` · ${household.residents.join('、')}` : ' · 暂无登记居民'}
              </Text>
            </View>
            <Text className="household__choose">选择</Text>
          </View>
        ))}
      </View>
      {search.items.length > SHOWN_HOUSEHOLDS && (
        <Text className="household-picker__hint">还有 {search.items.length - SHOWN_HOUSEHOLDS} 户，输入楼栋或门牌号可以更快找到</Text>
      )}
      {registering ? (
        <View className="household-picker__register">
          <Text className="household-picker__register-title">登记新住户（{gridName}）</Text>
          <View className="address-parts">
            <View className="address-parts__part">
              <Input className="household-picker__building" value={address.building} onChange={(building) => setAddress({ ...address, building })} placeholder="如 3" maxLength={20} />
              <Text className="address-parts__unit">号楼</Text>
            </View>
            <View className="address-parts__part">
              <Input className="household-picker__unit" value={address.unit} onChange={(unit) => setAddress({ ...address, unit })} placeholder="如 2" maxLength={20} />
              <Text className="address-parts__unit">单元</Text>
            </View>
          </View>
          <View className="address-parts__part">
            <Input className="household-picker__room" value={address.room} onChange={(room) => setAddress({ ...address, room })} placeholder="门牌号，如 401" maxLength={20} />
          </View>
          <View className="household-picker__actions">
            <Button size="large" onClick={() => setRegistering(false)}>
              取消
            </Button>
            <Button className="household-picker__save" type="primary" size="large" loading={saving} disabled={saving} onClick={register}>
              登记并选择
            </Button>
          </View>
        </View>
      ) : (
        <Text className="household-picker__new" onClick={() => setRegistering(true)}>
          + 登记新住户
        </Text>
      )}
    </View>
  )
})

/** For the own household (resident, family proxy): nothing to choose, only to confirm. */
function OwnHousehold({ user }: { user: SessionUser }) {
  return (
    <View className="household household--own">
      <View className="household__main">
        <Text className="household__address">{user.householdAddress ?? '住址未登记'}</Text>
        <Text className="household__meta">{user.orgName.split(' · ').slice(-2).join(' · ')}</Text>
      </View>
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
    householdId: null,
    address: '',
    contactName: '',
    contactPhone: '',
  })
  const [household, setHousehold] = useState<HouseholdDto | null>(null)
  const [urgency, setUrgency] = useState<Urgency>('normal')
  const [preferredTime, setPreferredTime] = useState<string | null>('尽快')
  const [sending, setSending] = useState(false)
  const idempotencyKey = useRef(newIdempotencyKey())
  const update = (patch: Partial<OrderDraft>) => setDraft((current) => ({ ...current, ...patch }))

  useEffect(() => {
    if (!catalogue.categories.length) void catalogue.loadCategories()
  }, [catalogue])

  // A resident or family proxy orders for their own household: it, its address and the person
  // as contact are filled in (once the session is known, and again if the identity changes).
  useEffect(() => {
    if (!user) return
    if (!speaksForHousehold(user.role)) {
      setHousehold(null)
      return update({ householdId: null })
    }
    setDraft((current) => ({
      ...current,
      householdId: user.householdId,
      address: user.householdAddress ? `${estateOf(user.orgName)}${user.householdAddress}` : current.address,
      contactName: current.contactName || user.name,
    }))
  }, [user?.membershipId])

  useEffect(() => {
    if (draft.categoryCode && catalogue.category(draft.categoryCode)?.emergency) setUrgency('emergency')
  }, [draft.categoryCode, catalogue.categories.length])

  if (session.restoring) return <StateView kind="loading" />
  if (session.needsSignup) {
    return <StateView kind="empty" message="完成登记后即可点单" actionText="去登记" onAction={() => Taro.redirectTo({ url: ROUTES.signup() })} />
  }
  if (!user) return <StateView kind="empty" message="请先登录后再点单" actionText="去登录" onAction={() => goToTab(ROUTES.me)} />
  if (!canSubmit(session.actor!)) {
    return <StateView kind="empty" message="当前身份不能点单，可以在「我的」切换为居民身份" actionText="去切换" onAction={() => goToTab(ROUTES.me)} />
  }
  const forOwnHousehold = speaksForHousehold(user.role)

  const chooseHousehold = (chosen: HouseholdDto | null) => {
    setHousehold(chosen)
    update({ householdId: chosen?.id ?? null, address: chosen ? `${estateOf(user.orgName)}${chosen.address}` : '' })
  }

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
          householdId: draft.householdId!,
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
      <Field label={forOwnHousehold ? (user.role === 'proxy' ? '为家人点单' : '为哪一户') : '为哪一户下单'} required>
        {forOwnHousehold ? <OwnHousehold user={user} /> : <HouseholdPicker user={user} value={household} onChange={chooseHousehold} />}
      </Field>
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
      <Field label="服务地址" required>
        <Input
          className="order-new__address"
          value={draft.address}
          onChange={(address) => update({ address })}
          placeholder="例如：锦绣小区3号楼2单元401"
          maxLength={ORDER_RULES.addressMax}
        />
      </Field>
      <Field label={forOwnHousehold ? '联系人' : '联系人（上门时联系谁）'} required>
        <Input
          className="order-new__contact-name"
          value={draft.contactName}
          onChange={(contactName) => update({ contactName })}
          placeholder={forOwnHousehold ? '您的姓名' : '居民或家属的姓名'}
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
