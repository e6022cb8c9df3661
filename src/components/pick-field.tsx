import { Text, View } from '@tarojs/components'
import './pick-field.scss'

/**
 * What a Taro Picker shows until tapped: the value picked (or what to pick, in grey) and an arrow,
 * one tap target high. Put it inside the Picker, which opens on a tap anywhere on it.
 */
export function PickField({ value, placeholder }: { value: string | null; placeholder?: string }) {
  return (
    <View className="pick-field">
      <Text className={`pick-field__value ${value ? '' : 'pick-field__value--empty'}`}>{value ?? placeholder}</Text>
      <Text className="pick-field__arrow">›</Text>
    </View>
  )
}
