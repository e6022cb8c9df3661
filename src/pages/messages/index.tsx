import { Button } from '@nutui/nutui-react-taro'
import { Text, View } from '@tarojs/components'
import Taro, { useDidShow, usePullDownRefresh, useReachBottom } from '@tarojs/taro'
import { observer } from 'mobx-react-lite'
import { useEffect } from 'react'
import type { MessageDto } from '../../../types/messages'
import { StateView } from '../../components/state-view'
import { scaledPage } from '../../components/scaled-page'
import { useTabPage } from '../../components/tab-page'
import { messageOf } from '../../stores/errors'
import { useStores } from '../../stores/root-store'
import { ROUTES, goToTab, openOrder, toast } from '../../utils/navigation'
import { formatWhen } from '../../utils/time'
import './index.scss'
import { ListFooter } from '../../components/list-footer'

/** One message; each observes its own, so marking it read re-renders only this row. */
const MessageRow = observer(function MessageRow({ message, onOpen }: { message: MessageDto; onOpen: (message: MessageDto) => void }) {
  return (
    <View className={`message${message.read ? '' : ' message--unread'}`} onClick={() => onOpen(message)}>
      <View className="message__head">
        {/* The dot is drawn; its word is for screen readers (bold alone says nothing to them). */}
        {!message.read && <Text className="message__dot">未读</Text>}
        <Text className="message__title">{message.title}</Text>
      </View>
      <Text className="message__body">{message.body}</Text>
      <Text className="message__time">{formatWhen(message.at)}</Text>
    </View>
  )
})

/** 消息: what happened to the person's orders and tasks, newest first; a tap opens the order. */
function MessagesPage() {
  const { session, messages } = useStores()
  const { list } = messages
  const user = session.user
  useTabPage()

  // First load (also after sign-in or a switch of identity, which gives a new list).
  useEffect(() => {
    if (user && !list.loaded) void list.refresh()
  }, [list, user?.id])
  useDidShow(() => {
    if (list.loaded) void list.refresh()
  })
  usePullDownRefresh(async () => {
    await list.refresh()
    Taro.stopPullDownRefresh()
  })
  useReachBottom(() => void list.loadMore())

  const open = (message: MessageDto) => {
    // The order opens at once; should marking fail, the message turns unread again and says so.
    if (!message.read) messages.markRead([message.id]).catch((error: unknown) => toast(messageOf(error)))
    if (message.orderId !== null) void openOrder(message.orderId)
    else if (message.kind === 'approval_requested') void Taro.navigateTo({ url: ROUTES.approvals })
    // The answer to one's own request: 我的 shows the identity, now usable or not.
    else void goToTab(ROUTES.me)
  }
  const markAll = () => messages.markAllRead().catch((error: unknown) => toast(messageOf(error)))

  if (session.restoring) return <StateView kind="loading" />
  if (session.needsSignup) {
    return <StateView kind="empty" message="完成登记后即可收到订单消息" actionText="去登记" onAction={() => Taro.navigateTo({ url: ROUTES.signup() })} />
  }
  if (!user) {
    return <StateView kind="empty" message="登录后查看消息" actionText="去登录" onAction={() => goToTab(ROUTES.me)} />
  }
  if (list.error && list.items.length === 0) {
    return <StateView kind="error" message={list.error} actionText="重试" onAction={() => list.refresh()} />
  }
  if (!list.loaded) return <StateView kind="loading" />
  if (list.isEmpty) return <StateView kind="empty" message="暂无消息" />

  return (
    <View className="messages">
      {messages.unread > 0 && (
        <View className="messages__bar">
          <Text className="messages__count">{`${messages.unread} 条未读`}</Text>
          <Button className="messages__read-all" size="small" fill="outline" type="primary" onClick={markAll}>
            全部已读
          </Button>
        </View>
      )}
      <View className="messages__list">
        {list.items.map((message) => (
          <MessageRow key={message.id} message={message} onOpen={open} />
        ))}
      </View>
      <ListFooter list={list} />
    </View>
  )
}

export default scaledPage(observer(MessagesPage))
