import { Text, View } from '@tarojs/components'
import './info-row.scss'

export interface InfoRowProps {
  label: string
  value: string
  /** Makes the value a link (underlined, not only blue): a phone number to call, an order to open. */
  onTap?: () => void
  /** A rating's stars, in a dark amber that reads on white. */
  highlight?: boolean
}

/** One labelled fact of an order or a meeting, the label in a column of its own. */
export function InfoRow({ label, value, onTap, highlight = false }: InfoRowProps) {
  const modifier = onTap ? 'info-row__value--link' : highlight ? 'info-row__value--stars' : ''
  return (
    <View className="info-row" onClick={onTap}>
      <Text className="info-row__label">{label}</Text>
      <Text className={`info-row__value ${modifier}`}>{value}</Text>
    </View>
  )
}
