import { useDidShow } from '@tarojs/taro'
import { useStores } from '../stores/root-store'
import { useUnreadOnTab } from './unread-badge'

/**
 * What every tab page does when shown: the unread badge is drawn again, and someone waiting for
 * an approval asks again, so an approval takes effect on whichever tab they look at next.
 */
export function useTabPage(): void {
  const { session } = useStores()
  useUnreadOnTab()
  useDidShow(() => void session.refreshIfWaiting())
}
