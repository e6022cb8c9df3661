import { View } from '@tarojs/components'
import { observer } from 'mobx-react-lite'
import type { ComponentType, CSSProperties } from 'react'
import { useStores } from '../stores/root-store'

/**
 * A page whose text follows the reader's size (长辈版, the phone's font setting): its root
 * carries `--sandan-text-scale`, which every font size multiplies in (see _text.scss). A page
 * root, because a weapp page's own `page` element takes no dynamic style. Every page's default
 * export is wrapped in this, the same way: `export default scaledPage(observer(SomePage))`.
 */
export function scaledPage<P extends object>(Page: ComponentType<P>): ComponentType<P> {
  return observer(function ScaledPage(props: P) {
    const { textScale } = useStores()
    return (
      // React's CSS type has no custom properties; React and Taro both set them.
      <View className="text-root" style={textScale.rootStyle as CSSProperties}>
        <Page {...props} />
      </View>
    )
  })
}
