import { Text, View } from '@tarojs/components'
import './choice-chips.scss'

export interface ChoiceChipsProps<T extends string | number> {
  /** `badge`: a count shown after the label (e.g. orders waiting); hidden when 0 or absent. */
  options: ReadonlyArray<{ value: T; label: string; badge?: number }>
  /** The chosen value; null when nothing is chosen yet. */
  value: T | null
  onChange: (value: T) => void
  /** Extra class for the container (tests and page styles). */
  className?: string
}

/**
 * Big, tappable single-choice chips: easier for elderly users than a picker wheel. They wrap
 * onto more lines rather than scroll sideways (a row that scrolls hides choices, worse with
 * large text), and the chosen one carries a ✓, not only a colour.
 */
export function ChoiceChips<T extends string | number>({ options, value, onChange, className = '' }: ChoiceChipsProps<T>) {
  return (
    <View className={`choice-chips ${className}`}>
      {options.map((option) => {
        const chosen = option.value === value
        return (
          <View key={String(option.value)} className={`chip chip--${String(option.value)} ${chosen ? 'chip--selected' : ''}`} onClick={() => onChange(option.value)}>
            {chosen && <Text className="chip__check">✓</Text>}
            <Text className="chip__label">{option.label}</Text>
            {option.badge ? <Text className="chip__badge">{option.badge > 99 ? '99+' : option.badge}</Text> : null}
          </View>
        )
      })}
    </View>
  )
}
