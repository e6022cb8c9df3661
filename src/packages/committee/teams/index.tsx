import { View } from '@tarojs/components'

// Placeholder: filled in by the community administration work.
export default function Page() {
  return <View />
}
