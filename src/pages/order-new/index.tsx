import { Button, Input, TextArea } from '@nutui/nutui-react-taro'
import { Text, View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import { observer } from 'mobx-react-lite'
import { useEffect, useRef, useState, type ReactNode } from 'react'
import { ORDER_RULES, URGENCIES, URGENCY_LABELS, canSubmit, draftProblem, speaksForHousehold, type OrderDraft, type Urgency } from '../../domain'
import type { HouseholdDto } from '../../../types/people'
import { ChoiceChips } from '../../components/choice-chips'
import { PhotoPicker } from '../../components/photo-picker'
import { StateView } from '../../components/state-view'
import { scaledPage } from '../../components/scaled-page'
import { messageOf } from '../../stores/errors'
import { householdAddressOf } from '../../stores/help-store'
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
        placeholder="输入楼栋或门牌号"
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

/**
 * Stands in for the phone number the server fills in from the person placing the order (the app
 * only knows it masked), so the form's own check (the domain's `draftProblem`) can pass.
 */
const PHONE_ON_FILE = '10000000000'

/**
 * The own household (resident, family proxy): nothing to choose. Address and contact are filled
 * in by the server from the household and the person, so the card only says so; a tap on it
 * opens the fields to change them (`ContactFields`).
 */
function OwnHousehold({ user, editing, onEdit }: { user: SessionUser; editing: boolean; onEdit: () => void }) {
  return (
    <View className="household household--own autofill" onClick={editing ? undefined : onEdit}>
      <View className="household__main">
        <Text className="autofill__title">
          {editing ? '按下面填写的上门；不填的用登记的' : `已自动填写：${householdAddressOf(user) ?? '住址未登记'}`}
        </Text>
        <Text className="household__meta">
          联系人：{user.name} {user.phone}
        </Text>
      </View>
      {!editing && <Text className="household__change">修改</Text>}
    </View>
  )
}

/**
 * Where to go and whom to call. A grid worker fills them in; for the own household (`own`) they
 * are opened to change what was filled in, and whatever is left empty stays as registered.
 */
function ContactFields({ own, draft, update }: { own: SessionUser | null; draft: OrderDraft; update: (patch: Partial<OrderDraft>) => void }) {
  return (
    <>
      <Field label="服务地址" required={!own}>
        <Input
          className="order-new__address"
          value={draft.address}
          onChange={(address) => update({ address })}
          placeholder={own ? (householdAddressOf(own) ?? '') : '小区、楼号、单元、门牌'}
          maxLength={ORDER_RULES.addressMax}
        />
      </Field>
      <Field label={own ? '联系人' : '联系人（上门时联系谁）'} required={!own}>
        <Input
          className="order-new__contact-name"
          value={draft.contactName}
          onChange={(contactName) => update({ contactName })}
          placeholder={own ? own.name : '居民或家属的姓名'}
          maxLength={ORDER_RULES.contactNameMax}
        />
      </Field>
      <Field label="联系电话" required={!own}>
        <Input
          className="order-new__contact-phone"
          type="tel"
          value={draft.contactPhone}
          onChange={(contactPhone) => update({ contactPhone })}
          placeholder={own ? `不填就用 ${own.phone}` : '11 位手机号'}
          maxLength={11}
        />
      </Field>
    </>
  )
}

/** What the order asks for, when only photos say it (a repair): the text the server needs. */
const photoDescription = (draft: OrderDraft, serviceName: string | undefined) =>
  draft.description.trim() || (draft.photos.length ? `${serviceName ?? '服务'}：请看照片` : '')

function OrderNewPage() {
  const { session, catalogue, orders, media, subscriptions } = useStores()
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
  const [editingContact, setEditingContact] = useState(false)
  const [sending, setSending] = useState(false)
  const idempotencyKey = useRef(newIdempotencyKey())
  const update = (patch: Partial<OrderDraft>) => setDraft((current) => ({ ...current, ...patch }))

  useEffect(() => {
    if (!catalogue.categories.length) void catalogue.loadCategories()
  }, [catalogue])

  // A resident or family proxy orders for their own household: it, its address and the person
  // as contact come from the server; the form shows them (once the session is known, and again
  // if the identity changes) for changing.
  useEffect(() => {
    if (!user) return
    if (!speaksForHousehold(user.role)) {
      setHousehold(null)
      return update({ householdId: null })
    }
    setEditingContact(false)
    setDraft((current) => ({ ...current, householdId: user.householdId, address: householdAddressOf(user) ?? '', contactName: user.name, contactPhone: '' }))
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
    update({ householdId: chosen?.id ?? null, address: chosen ? (householdAddressOf({ orgName: user.orgName, householdAddress: chosen.address }) ?? '') : '' })
  }

  const category = draft.categoryCode ? catalogue.category(draft.categoryCode) : undefined
  const photoRequired = category?.photoRequired ?? false
  const description = photoDescription(draft, category?.name)
  // For the own household, what is left empty the server fills in from the household and person.
  const sent = {
    address: draft.address.trim(),
    contactName: draft.contactName.trim(),
    contactPhone: draft.contactPhone.trim(),
  }
  const checked: OrderDraft = forOwnHousehold
    ? {
        ...draft,
        description,
        address: sent.address || (householdAddressOf(user) ?? ''),
        contactName: sent.contactName || user.name,
        contactPhone: sent.contactPhone || PHONE_ON_FILE,
      }
    : { ...draft, description }

  const submit = async () => {
    const problem = draftProblem(checked, category)
    if (problem) return toast(problem)
    // Asked in answer to the tap, as WeChat requires; the order is sent whatever the answer.
    void subscriptions.ask(['taken', 'completed'])
    setSending(true)
    try {
      const order = await orders.create(
        {
          categoryCode: draft.categoryCode!,
          description: description.trim(),
          photos: draft.photos,
          householdId: draft.householdId!,
          ...(forOwnHousehold && !editingContact
            ? {}
            : {
                ...(sent.address ? { address: sent.address } : {}),
                ...(sent.contactName ? { contactName: sent.contactName } : {}),
                ...(sent.contactPhone ? { contactPhone: sent.contactPhone } : {}),
              }),
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

  // A repair is shown in photos first; other needs are said first, photos optional.
  const photosField = (
    <Field key="photos" label={photoRequired ? `拍照片（必填，最多 ${ORDER_RULES.maxPhotos} 张）` : `照片（选填，最多 ${ORDER_RULES.maxPhotos} 张）`} required={photoRequired}>
      <PhotoPicker value={draft.photos} onChange={(photos) => update({ photos })} max={ORDER_RULES.maxPhotos} mediaBase={media.apiBase} />
    </Field>
  )
  const needField = (
    <Field key="need" label={photoRequired ? '需要什么帮助（有照片可不写）' : '需要什么帮助'} required={!photoRequired}>
      <TextArea
        className="order-new__description"
        value={draft.description}
        onChange={(text) => update({ description: text })}
        placeholder={photoRequired ? '说说哪里坏了，例如：厨房水管漏水；只拍照片也可以' : '请说说需要什么帮助，例如：想请人陪同去医院复查'}
        maxLength={ORDER_RULES.descriptionMax}
        showCount
        autoSize
      />
    </Field>
  )

  return (
    <View className="order-new">
      {forOwnHousehold ? (
        <Field label={user.role === 'proxy' ? '为家人点单' : '为自己家点单'}>
          <OwnHousehold user={user} editing={editingContact} onEdit={() => setEditingContact(true)} />
        </Field>
      ) : (
        <Field label="为哪一户下单" required>
          <HouseholdPicker user={user} value={household} onChange={chooseHousehold} />
        </Field>
      )}
      {(!forOwnHousehold || editingContact) && <ContactFields own={forOwnHousehold ? user : null} draft={draft} update={update} />}
      <Field label="服务类型" required>
        <ChoiceChips
          className="order-new__categories"
          options={catalogue.categories.map((c) => ({ value: c.code, label: c.name }))}
          value={draft.categoryCode}
          onChange={(categoryCode) => update({ categoryCode })}
        />
        {catalogue.error && <Text className="form-field__error">{catalogue.error}</Text>}
      </Field>
      {photoRequired ? [photosField, needField] : [needField, photosField]}
      <Field label="紧急程度" required>
        <ChoiceChips className="order-new__urgency" options={URGENCY_OPTIONS} value={urgency} onChange={setUrgency} />
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

export default scaledPage(observer(OrderNewPage))
