import { Button } from '@nutui/nutui-react-taro'
import { Text, View } from '@tarojs/components'
import { observer } from 'mobx-react-lite'
import { useStores } from '../../stores/root-store'

/**
 * Asked once, on first launch: 长辈版 or standard text. A card on the page rather than a pop-up
 * (the 适老化 norms rule pop-ups out); either answer is kept, and 我的 changes it later.
 */
export const TextSizePrompt = observer(function TextSizePrompt() {
  const { textScale } = useStores()
  if (textScale.chosen) return null
  return (
    <View className="text-size-prompt">
      <Text className="text-size-prompt__title">字太小，看不清？</Text>
      <Text className="text-size-prompt__text">
        {textScale.scale > 1 ? '已按手机的字体调大。' : ''}长辈版的字和按钮更大，以后也可以在「我的」里切换。
      </Text>
      <View className="text-size-prompt__actions">
        <Button className="text-size-prompt__elder" type="primary" size="large" onClick={() => textScale.choose('elder')}>
          用长辈版
        </Button>
        <Button className="text-size-prompt__standard" size="large" onClick={() => textScale.choose('standard')}>
          保持现在的字
        </Button>
      </View>
    </View>
  )
})
