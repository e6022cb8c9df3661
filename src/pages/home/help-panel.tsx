import { Button } from '@nutui/nutui-react-taro'
import { Image, Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { observer } from 'mobx-react-lite'
import { useEffect, useState } from 'react'
import { messageOf } from '../../stores/errors'
import { householdAddressOf } from '../../stores/help-store'
import { useStores } from '../../stores/root-store'
import type { SessionUser } from '../../stores/session-store'
import { ROUTES, toast } from '../../utils/navigation'
import { serviceIcon } from './service-icons'

/** The phone app opens with the number; closing it again is no error. */
const ring = (phoneNumber: string) => void Taro.makePhoneCall({ phoneNumber }).catch(() => undefined)

/** Numbers to ring when the phone is quicker than an order: the grid's workers, the community. */
const CallButtons = observer(function CallButtons() {
  const { help } = useStores()
  const contacts = help.contacts
  if (!contacts) return null
  const { gridWorkers, community } = contacts
  if (!gridWorkers.length && !community.phone) return null
  return (
    <View className="help__calls">
      <Text className="help__calls-title">打电话更快</Text>
      {gridWorkers.map((worker) => (
        <Button key={worker.phone} className="help__call help__call--grid" type="primary" fill="outline" size="large" block onClick={() => ring(worker.phone)}>
          打电话给网格员 {worker.name}
        </Button>
      ))}
      {community.phone && (
        <Button className="help__call help__call--community" type="primary" fill="outline" size="large" block onClick={() => ring(community.phone!)}>
          打电话给社区（{community.name}）
        </Button>
      )}
    </View>
  )
})

/**
 * 一键助急 for a registered household: one tap, then one clear confirmation in place (the button
 * becomes 确认呼叫 / 取消; no pop-up), and the order is placed with the household's address and
 * phone. Its detail page then shows who is coming.
 */
export const HelpPanel = observer(function HelpPanel({ user, name, description }: { user: SessionUser; name: string; description: string }) {
  const { help, subscriptions } = useStores()
  const [confirming, setConfirming] = useState(false)
  const address = householdAddressOf(user) ?? '您登记的住址'

  useEffect(() => {
    void help.loadContacts()
  }, [user.membershipId])

  const call = async () => {
    void subscriptions.ask(['taken', 'completed'])
    try {
      const order = await help.callForHelp()
      setConfirming(false)
      toast(`已呼叫${name}，社区马上处理`)
      await Taro.navigateTo({ url: ROUTES.orderDetail(order.id) })
    } catch (error) {
      toast(messageOf(error))
    }
  }

  return (
    <View className="help">
      {/* Keyed: without keys React would turn one View into the other in place, and on H5 the
          tap on 取消 bubbles on into the new 一键助急 handler and opens the confirmation again. */}
      {confirming ? (
        <View key="confirm" className="help__confirm">
          <Text className="help__confirm-title">确认呼叫{name}？</Text>
          <Text className="help__confirm-text">
            社区会马上收到，按{user.role === 'proxy' ? '家人' : '您'}登记的住址「{address}」上门，并打电话联系。
          </Text>
          <Button className="help__confirm-call" type="primary" size="large" block loading={help.calling} disabled={help.calling} onClick={call}>
            确认呼叫
          </Button>
          <Button className="help__confirm-cancel" size="large" block disabled={help.calling} onClick={() => setConfirming(false)}>
            取消
          </Button>
        </View>
      ) : (
        <View key="button" className="help__button" onClick={() => setConfirming(true)}>
          <Image className="help__icon" src={serviceIcon('emergency')} nativeProps={{ alt: '', 'aria-hidden': 'true' }} />
          <View className="help__body">
            <Text className="help__title">一键{name}</Text>
            <Text className="help__text">{description}</Text>
          </View>
        </View>
      )}
      <CallButtons />
    </View>
  )
})
