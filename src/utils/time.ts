import dayjs from 'dayjs'
import 'dayjs/locale/zh-cn'
import relativeTime from 'dayjs/plugin/relativeTime'

dayjs.extend(relativeTime)
dayjs.locale('zh-cn')

/** "3 分钟前" within a day, then "11月20日 14:05". */
export function formatWhen(iso: string, now: Date = new Date()): string {
  const at = dayjs(iso)
  return dayjs(now).diff(at, 'hour') < 24 ? at.from(now) : at.format('M月D日 HH:mm')
}

export function formatFull(iso: string): string {
  return dayjs(iso).format('YYYY年M月D日 HH:mm')
}

/** A calendar day (YYYY-MM-DD) as people say it: "2026年12月1日 星期二". */
export function formatDay(day: string): string {
  return dayjs(day).format('YYYY年M月D日 dddd')
}
