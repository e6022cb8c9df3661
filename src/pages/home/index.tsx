// Placeholder: proves NutUI renders on weapp and H5. Will be replaced.
import { View } from '@tarojs/components'
import { Button, Cell } from '@nutui/nutui-react-taro'

export default function HomePage() {
  return (
    <View className='placeholder-page'>
      <Cell title='首页' description='页面建设中，敬请期待' />
      <Button type='primary' block>
        首页 · 确定
      </Button>
    </View>
  )
}
