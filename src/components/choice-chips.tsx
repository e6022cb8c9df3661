import { ScrollView, Text, View } from '@tarojs/components'
import './choice-chips.scss'

export interface ChoiceChipsProps<T extends string | number> {
  /** `badge`: a count shown after the label (e.g. orders waiting); hidden when 0 or absent. */
  options: ReadonlyArray<{ value: T; label: string; badge?: number }>
  /** The chosen value; null when nothing is chosen yet. */
  value: T | null
  onChange: (value: T) => void
  /** One scrolling row instead of wrapping lines. @default false */
  scroll?: boolean
  /** Extra class for the container (tests and page styles). */
  className?: string
}

/** Big, tappable single-choice chips: easier for elderly users than a picker wheel. */
export function ChoiceChips<T extends string | number>({ options, value, onChange, scroll = false, className = '' }: ChoiceChipsProps<T>) {
  const chips = options.map((option) => (
    <View
      key={String(option.value)}
      className={`chip chip--${String(option.value)} ${option.value === value ? 'chip--selected' : ''}`}
      onClick={() => onChange(option.value)}
    >
      <Text className="chip__label">{option.label}</Text>
      {option.badge ? <Text className="chip__badge">{option.badge > 99 ? '99+' : option.badge}</Text> : null}
    </View>
  ))
  return scroll ? (
    <ScrollView scrollX className={`choice-chips choice-chips--scroll ${className}`}>
      {chips}
    </ScrollView>
  ) : (
    <View className={`choice-chips ${className}`}>{chips}</View>
  )
}
