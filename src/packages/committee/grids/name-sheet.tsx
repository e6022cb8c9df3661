import { Button, Input } from '@nutui/nutui-react-taro'
import { Text, View } from '@tarojs/components'
import { useEffect, useState } from 'react'
import { NAME_MAX } from '../../../stores/community-store'
import { Sheet } from '../../../components/sheet'
import './name-sheet.scss'

export interface NameSheetProps {
  /** Shown while set: what is named, e.g. 添加网格 · 锦绣小区党支部. */
  title: string | null
  /** The name to start from (renaming); '' for a new one. */
  initial: string
  placeholder: string
  hint: string
  submitText: string
  busy: boolean
  /** Receives the trimmed, non-empty name. */
  onSubmit: (name: string) => void
  onClose: () => void
}

/** A bottom sheet asking for one name: a new compound or grid, or a new name for one. */
export function NameSheet({ title, initial, placeholder, hint, submitText, busy, onSubmit, onClose }: NameSheetProps) {
  const [name, setName] = useState(initial)
  useEffect(() => {
    if (title) setName(initial)
  }, [title, initial])
  const trimmed = name.trim()

  return (
    <Sheet visible={title !== null} title={title ?? ''} onClose={onClose}>
      <View className="name-sheet">
        <Input className="name-sheet__input" value={name} onChange={setName} placeholder={placeholder} maxLength={NAME_MAX} />
        <Text className="name-sheet__hint">{hint}</Text>
        <Button
          className="name-sheet__submit"
          type="primary"
          block
          size="large"
          loading={busy}
          disabled={busy || !trimmed || trimmed === initial}
          onClick={() => onSubmit(trimmed)}
        >
          {submitText}
        </Button>
      </View>
    </Sheet>
  )
}
