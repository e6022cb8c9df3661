/** The parts every step of sign-up shares: a labelled field, and the last error. */
import { Text, View } from '@tarojs/components'
import { observer } from 'mobx-react-lite'
import type { ReactNode } from 'react'
import { useStores } from '../../stores/root-store'

export function Field({ label, required = false, hint, children }: { label: string; required?: boolean; hint?: string; children: ReactNode }) {
  return (
    <View className="signup-field">
      <Text className="signup-field__label">
        {label}
        {required && <Text className="signup-field__required">*</Text>}
      </Text>
      {hint && <Text className="signup-field__hint">{hint}</Text>}
      {children}
    </View>
  )
}

export const ErrorLine = observer(function ErrorLine() {
  const { signup } = useStores()
  return signup.error ? <Text className="signup__error">{signup.error}</Text> : null
})
