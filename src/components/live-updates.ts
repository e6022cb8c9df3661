import { useDidHide, useDidShow } from '@tarojs/taro'
import type { LiveUpdates } from '../stores/live-updates'

/** Used once in app.tsx: live updates run while the app is in the foreground, and stop behind it. */
export function useLiveUpdates(live: LiveUpdates): void {
  useDidShow(() => live.resume())
  useDidHide(() => live.pause())
}
