import { Button, TextArea } from '@nutui/nutui-react-taro'
import { Text, View } from '@tarojs/components'
import { useEffect, useState } from 'react'
import { Sheet } from '../../../components/sheet'
import './reason-sheet.scss'

export interface ReasonSheetProps {
  /** Shown while true; the text starts empty each time it opens. */
  visible: boolean
  /** The sheet's title, e.g. 不通过申请. */
  title: string
  /** Who or what the reason is about, under the title. */
  subject?: string
  placeholder: string
  /** Common reasons, one tap each: typing is hard for many users. @default [] */
  quickReasons?: readonly string[]
  /** The reason must be given before submitting. @default false */
  required?: boolean
  submitText: string
  /** True while the request is sent. @default false */
  busy?: boolean
  /** Receives the trimmed reason ('' when none was given and none is required). */
  onSubmit: (reason: string) => void
  onClose: () => void
}

/** A bottom sheet asking why (rejecting a request, removing a member); the server keeps the reason. */
export function ReasonSheet({
  visible,
  title,
  subject,
  placeholder,
  quickReasons = [],
  required = false,
  submitText,
  busy = false,
  onSubmit,
  onClose,
}: ReasonSheetProps) {
  const [reason, setReason] = useState('')
  useEffect(() => {
    if (visible) setReason('')
  }, [visible])
  const trimmed = reason.trim()

  return (
    <Sheet visible={visible} title={title} onClose={onClose}>
      <View className="reason-sheet">
        {subject && <Text className="reason-sheet__subject">{subject}</Text>}
        {quickReasons.length > 0 && (
          <View className="reason-sheet__quick">
            {quickReasons.map((quick) => (
              <Text key={quick} className={`reason-sheet__chip ${quick === trimmed ? 'reason-sheet__chip--selected' : ''}`} onClick={() => setReason(quick)}>
                {quick}
              </Text>
            ))}
          </View>
        )}
        <TextArea className="reason-sheet__input" value={reason} onChange={setReason} placeholder={placeholder} maxLength={200} showCount autoSize />
        <Button
          className="reason-sheet__submit"
          type="primary"
          block
          size="large"
          loading={busy}
          disabled={busy || (required && !trimmed)}
          onClick={() => onSubmit(trimmed)}
        >
          {submitText}
        </Button>
      </View>
    </Sheet>
  )
}
