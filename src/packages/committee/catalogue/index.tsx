import { Button, Input } from '@nutui/nutui-react-taro'
import { Text, View } from '@tarojs/components'
import Taro, { usePullDownRefresh } from '@tarojs/taro'
import { observer } from 'mobx-react-lite'
import { useEffect, useState } from 'react'
import type { ServiceDto } from '../../../../types/api'
import { ChoiceChips } from '../../../components/choice-chips'
import { StateView } from '../../../components/state-view'
import { scaledPage } from '../../../components/scaled-page'
import { messageOf } from '../../../stores/errors'
import { useStores } from '../../../stores/root-store'
import { confirmAction, goToTab, ROUTES, toast } from '../../../utils/navigation'
import { DispatchSheet, dispatchLine } from './dispatch-sheet'
import './index.scss'

const OFFERED = [
  { value: 'on', label: '提供' },
  { value: 'off', label: '停用' },
] as const
const PHOTO = [
  { value: 'optional', label: '照片可选' },
  { value: 'required', label: '必须附照片' },
] as const

/** Where a new order of the service goes, in words; why it is not what was set, when a team cannot take it now. */
function DispatchLine({ service, onEdit }: { service: ServiceDto; onEdit?: (service: ServiceDto) => void }) {
  const teamGone = service.dispatchMode === 'team' && !service.dispatchTeamReady
  return (
    <View className="service-row__setting service-row__dispatch">
      <Text className="service-row__label">派单</Text>
      <View className="service-row__dispatch-text">
        <Text className="service-row__dispatch-mode">{dispatchLine(service)}</Text>
        {service.emergency && <Text className="service-row__dispatch-note">紧急求助始终先交社区党委处理</Text>}
        {teamGone && <Text className="service-row__warning">这支服务队现在没有在队的志愿者，新订单先由社区党委派单</Text>}
      </View>
      {onEdit && !service.emergency && (
        <Button className="service-row__dispatch-edit" type="primary" fill="outline" onClick={() => onEdit(service)}>
          修改
        </Button>
      )}
    </View>
  )
}

/** One service: whether the community offers it, whether an order must carry a photo, and where new orders go. */
const ServiceRow = observer(function ServiceRow({
  service,
  editable,
  onDispatch,
}: {
  service: ServiceDto
  editable: boolean
  onDispatch: (service: ServiceDto) => void
}) {
  const { services } = useStores()
  const busy = services.saving === service.code
  const save = async (enabled: boolean, photoRequired: boolean) => {
    if (!enabled && !(await confirmAction(`停用「${service.name}」`, '停用后居民点单时看不到这项服务，已有的订单不受影响。'))) return
    try {
      await services.update(service.code, { enabled, photoRequired })
      toast('已保存')
    } catch (error) {
      toast(messageOf(error))
    }
  }
  return (
    <View className={`service-row ${service.enabled ? '' : 'service-row--off'} ${busy ? 'service-row--busy' : ''}`}>
      <View className="service-row__head">
        <Text className="service-row__name">{service.name}</Text>
        {service.emergency && <Text className="service-row__tag service-row__tag--emergency">紧急</Text>}
        {service.own && <Text className="service-row__tag">本社区新增</Text>}
        {!service.enabled && <Text className="service-row__tag service-row__tag--off">已停用</Text>}
      </View>
      <Text className="service-row__description">{service.description}</Text>
      {editable && (
        <View className="service-row__settings">
          {/* 助急 is always offered: an elder's one tap for help. */}
          {!service.emergency && (
            <View className="service-row__setting">
              <Text className="service-row__label">本社区</Text>
              <ChoiceChips options={[...OFFERED]} value={service.enabled ? 'on' : 'off'} onChange={(v) => !busy && save(v === 'on', service.photoRequired)} />
            </View>
          )}
          <View className="service-row__setting">
            <Text className="service-row__label">点单时</Text>
            <ChoiceChips
              options={[...PHOTO]}
              value={service.photoRequired ? 'required' : 'optional'}
              onChange={(v) => !busy && save(service.enabled, v === 'required')}
            />
          </View>
          <DispatchLine service={service} onEdit={onDispatch} />
        </View>
      )}
      {!editable && <DispatchLine service={service} />}
    </View>
  )
})

/** Adding a service only this community offers. */
const NewService = observer(function NewService({ onDone }: { onDone: () => void }) {
  const { services } = useStores()
  const [name, setName] = useState('')
  const [description, setDescription] = useState('')
  const [photoRequired, setPhotoRequired] = useState(false)
  const [sending, setSending] = useState(false)
  const submit = async () => {
    if (!name.trim() || !description.trim()) return toast('请填写服务名称和说明')
    setSending(true)
    try {
      await services.add({ name: name.trim(), description: description.trim(), photoRequired })
      toast('已新增服务')
      onDone()
    } catch (error) {
      toast(messageOf(error))
    } finally {
      setSending(false)
    }
  }
  return (
    <View className="new-service">
      <Text className="new-service__title">新增本社区的服务</Text>
      <Input className="new-service__name" value={name} onChange={setName} placeholder="服务名称，如 理发" maxLength={10} />
      <Input className="new-service__description" value={description} onChange={setDescription} placeholder="一句话说明这项服务" maxLength={60} />
      <ChoiceChips options={[...PHOTO]} value={photoRequired ? 'required' : 'optional'} onChange={(v) => setPhotoRequired(v === 'required')} />
      <View className="new-service__actions">
        <Button size="large" onClick={onDone}>
          取消
        </Button>
        <Button className="new-service__submit" type="primary" size="large" loading={sending} disabled={sending} onClick={submit}>
          新增
        </Button>
      </View>
    </View>
  )
})

/** The community's service catalogue: what residents can order here, and each service's photo rule. */
function CataloguePage() {
  const { session, services } = useStores()
  const user = session.user
  const [adding, setAdding] = useState(false)
  // Looked up by code, so the sheet follows the saved service.
  const [dispatchCode, setDispatchCode] = useState<string | null>(null)

  useEffect(() => {
    if (user && !services.loaded) void services.load()
  }, [user?.membershipId])
  usePullDownRefresh(async () => {
    await services.load()
    Taro.stopPullDownRefresh()
  })

  if (session.restoring) return <StateView kind="loading" />
  if (!user) return <StateView kind="empty" message="登录后管理服务目录" actionText="去登录" onAction={() => goToTab(ROUTES.me)} />
  if (services.error && !services.loaded) return <StateView kind="error" message={services.error} actionText="重试" onAction={() => services.load()} />
  if (!services.loaded) return <StateView kind="loading" />
  // A compound's committee reads the community's catalogue; the community committee sets it.
  const editable = user.role === 'committee' && user.orgPath === user.communityPath

  return (
    <View className="catalogue">
      <Text className="catalogue__hint">
        {editable ? '停用的服务居民点单时看不到；照片要求和派单方式只影响新订单。' : '服务目录由社区党委设置，这里只能查看。'}
      </Text>
      {services.services.length === 0 && !adding && (
        <StateView kind="empty" message={editable ? '还没有服务项目：新增一项，居民就可以点单了' : '社区党委还没有设置服务项目'} />
      )}
      {services.services.map((service) => (
        <ServiceRow key={service.code} service={service} editable={editable} onDispatch={(s) => setDispatchCode(s.code)} />
      ))}
      {editable &&
        (adding ? (
          <NewService onDone={() => setAdding(false)} />
        ) : (
          <View className="catalogue__add">
            <Button className="catalogue__add-button" type="primary" size="large" block onClick={() => setAdding(true)}>
              新增服务
            </Button>
          </View>
        ))}
      {editable && <DispatchSheet service={services.services.find((s) => s.code === dispatchCode) ?? null} onClose={() => setDispatchCode(null)} />}
    </View>
  )
}

export default scaledPage(observer(CataloguePage))
