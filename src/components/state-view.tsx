import { Button } from '@nutui/nutui-react-taro'
import { Image, Text, View } from '@tarojs/components'
import empty from '../assets/states/empty.png'
import error from '../assets/states/error.png'
import loading from '../assets/states/loading.png'
import './state-view.scss'

export interface StateViewProps {
  /** What to show: a spinner line, an empty list, or a failure with a retry button. */
  kind: 'loading' | 'empty' | 'error'
  /** Text under the icon. @default depends on kind */
  message?: string
  /** Shown as a button for `error` (retry) or `empty` (e.g. 去下单). */
  actionText?: string
  onAction?: () => void
}

const DEFAULT_MESSAGES = { loading: '加载中…', empty: '暂无内容', error: '加载失败' }
/** Drawn by scripts/make-icons.mjs rather than emoji, which older phones show as empty boxes. */
const ICONS = { loading, empty, error }

/** The one way every page shows loading, empty and error states. */
export function StateView({ kind, message, actionText, onAction }: StateViewProps) {
  return (
    <View className={`state-view state-view--${kind}`}>
      {/* Decorative: the message says it in words. */}
      <Image className="state-view__icon" src={ICONS[kind]} nativeProps={{ alt: '', 'aria-hidden': 'true' }} />
      <Text className="state-view__message">{message ?? DEFAULT_MESSAGES[kind]}</Text>
      {actionText && onAction && (
        <Button className="state-view__action" type="primary" fill="outline" onClick={onAction}>
          {actionText}
        </Button>
      )}
    </View>
  )
}
