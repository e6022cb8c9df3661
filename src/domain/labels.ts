import type { OrderAction, OrderEvent } from './order-machine'

/** Button text for each action. */
export const ACTION_LABELS: Record<OrderAction, string> = {
  dispatch: '派单',
  publish: '发布到接单大厅',
  call: '党委呼叫',
  reject: '不予受理',
  park: '挂账',
  merge: '合并到同类订单',
  revisit: '恢复办理',
  recall: '收回重派',
  invite: '邀请响应',
  accept: '接受派单',
  decline: '退回派单',
  claim: '我来接单',
  leave: '退出任务',
  release: '放弃任务',
  start: '开始服务',
  progress: '记录进展',
  complete: '办结反馈',
  close_call: '结束呼叫',
  confirm: '确认并评价',
  reopen: '问题未解决',
  cancel: '取消订单',
  auto_close: '自动结单',
}

/** Timeline wording for each event (what happened, past tense). */
export const EVENT_LABELS: Record<OrderEvent, string> = {
  submit: '居民点单',
  dispatch: '党组织派单',
  publish: '发布到接单大厅',
  call: '党委呼叫',
  reject: '不予受理',
  park: '挂账（暂缓办理）',
  merge: '与同类诉求合并办理',
  revisit: '挂账到期，恢复办理',
  recall: '收回重派',
  invite: '邀请响应',
  accept: '接受派单',
  decline: '退回派单',
  claim: '认领任务',
  leave: '退出任务',
  release: '放弃任务',
  start: '到场开始服务',
  progress: '进展记录',
  complete: '办结反馈',
  close_call: '党组织结束呼叫',
  confirm: '居民确认销号',
  reopen: '居民反馈未解决',
  cancel: '居民取消',
  auto_close: '居民未评价，到期自动结单',
  absorb: '合并同类诉求，一并办理',
  escalate: '超时未办，逐级上报',
  rehouse: '住户信息更正',
}

/** Actions that end or undo something and therefore ask for confirmation first. */
export const DESTRUCTIVE_ACTIONS: readonly OrderAction[] = ['reject', 'merge', 'recall', 'decline', 'leave', 'release', 'cancel', 'reopen', 'close_call']
