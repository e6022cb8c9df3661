// Placeholder: proves NutUI renders on weapp and H5. Will be replaced.
import { View } from '@tarojs/components'
import { Button, Cell } from '@nutui/nutui-react-taro'

export default function OrderDetailPage() {
  return (
    <View className='placeholder-page'>
      <Cell title='订单详情' description='页面建设中，敬请期待' />
      <Button type='primary' block>
        订单详情 · 确定
      </Button>
    </View>
  )
}
