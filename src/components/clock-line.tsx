import { Text } from '@tarojs/components'
import { clockAlertText, type ClockAlert } from '../domain'
import './clock-line.scss'

/**
 * 「受理已超时 12 分钟」: a running clock past 80 % of its target, in words and colour (red
 * overdue, orange due soon), so a dispatcher sees what is late without opening the order.
 */
export function ClockLine({ alert }: { alert: ClockAlert | null }) {
  if (!alert) return null
  return <Text className={`clock-line clock-line--${alert.state}`}>{clockAlertText(alert, new Date())}</Text>
}
