import { Popup } from '@nutui/nutui-react-taro'
import { Text, View } from '@tarojs/components'
import type { ReactNode } from 'react'
import './sheet.scss'

export interface SheetProps {
  visible: boolean
  /** Said at the top, beside 关闭. */
  title?: string
  onClose: () => void
  children: ReactNode
}

/** Lets the scrolling body take keyboard focus on H5 (axe: scrollable-region-focusable); weapp ignores it. */
const FOCUSABLE = { tabIndex: 0 } as object

/**
 * A bottom sheet: a title with a 关闭 button in words beside it, and the content scrolling
 * inside when long. Used instead of NutUI's own ✕ and title: the ✕ is a small glyph whose
 * wrapper carries weapp's `aria-role`, an invalid attribute on H5, and NutUI's title is drawn
 * over by the ✕ once large text makes it long.
 */
export function Sheet({ visible, title, onClose, children }: SheetProps) {
  return (
    <Popup visible={visible} position="bottom" round onClose={onClose}>
      <View className="sheet__head">
        <Text className="sheet__title">{title}</Text>
        <Text className="sheet__close" onClick={onClose}>
          关闭
        </Text>
      </View>
      <View className="sheet__body" {...FOCUSABLE}>
        {children}
      </View>
    </Popup>
  )
}
