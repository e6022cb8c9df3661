import Taro, { useDidShow } from '@tarojs/taro'
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
  // message): the next tab page to show draws it again (useTabPage).
  void Promise.resolve(drawn).catch(() => undefined)
}

/**
 * The app's side of the unread badge, used once in app.tsx: the badge follows the count. The
 * count is kept fresh by live updates (src/components/live-updates.ts), by polling while those are down.
 */
export function useUnreadBadge(messages: MessageStore): void {
  useEffect(() => reaction(() => messages.unread, drawBadge), [messages])
}

/** On a tab page's show (through useTabPage): the badge is drawn again (it may have been refused meanwhile) and the count asked for. */
export function useUnreadOnTab(): void {
  const { messages } = useStores()
  useDidShow(() => {
    drawBadge(messages.unread)
    void messages.refreshUnread()
  })
}
