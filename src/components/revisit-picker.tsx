import { Picker, Text } from '@tarojs/components'
import { revisitDayRange } from '../domain'
import { formatDay } from '../utils/time'
import { PickField } from './pick-field'
import './revisit-picker.scss'

/**
 * 挂账's day to look again: tomorrow (China) at the earliest, within the longest park the domain
 * allows. Used wherever the committee parks an order: its action sheet and a meeting's decision.
 */
export function RevisitPicker({ value, onChange }: { value: string | null; onChange: (day: string) => void }) {
  const { start, end } = revisitDayRange(new Date())
  return (
    <>
      <Text className="revisit-picker__label">重新办理日期</Text>
      <Picker className="revisit-picker" mode="date" value={value ?? start} start={start} end={end} onChange={(e) => onChange(String(e.detail.value))}>
        <PickField value={value && formatDay(value)} placeholder="请选择日期" />
      </Picker>
      <Text className="revisit-picker__hint">到期后订单自动回到待处理，由社区党委重新办理</Text>
    </>
  )
}
