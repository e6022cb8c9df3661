import Taro, { useDidHide, useDidShow } from '@tarojs/taro'
import { reaction } from 'mobx'
import { useEffect } from 'react'
import type { MessageStore } from '../stores/message-store'
import { useStores } from '../stores/root-store'

/** The 消息 tab's place in app.config.ts's tabBar.list. */
export const MESSAGES_TAB_INDEX = 2

/** The badge's text: WeChat draws a long number over the neighbouring tabs. */
export const badgeText = (unread: number) => (unread > 99 ? '99+' : String(unread))

function drawBadge(unread: number): void {
  const index = MESSAGES_TAB_INDEX
  const drawn = unread > 0 ? Taro.setTabBarBadge({ index, text: badgeText(unread) }) : Taro.removeTabBarBadge({ index })
  // WeChat refuses while a page without the tab bar is on screen (an order opened from a
  // message): the next tab page to show draws it again (useUnreadOnTab).
  void Promise.resolve(drawn).catch(() => undefined)
}

/**
 * The app's side of the unread badge, used once in app.tsx: the badge follows the count, and the
 * count is asked for when the app comes to the foreground and every 30 s while it stays there.
 * The one place that keeps the count fresh: live updates (WebSocket) will replace the polling here.
 */
export function useUnreadBadge(messages: MessageStore): void {
  useEffect(() => reaction(() => messages.unread, drawBadge), [messages])
  useDidShow(() => messages.startPolling())
  useDidHide(() => messages.stopPolling())
}

/** Each tab page: on show, the badge is drawn again (it may have been refused meanwhile) and the count asked for. */
export function useUnreadOnTab(): void {
  const { messages } = useStores()
  useDidShow(() => {
    drawBadge(messages.unread)
    void messages.refreshUnread()
  })
}
