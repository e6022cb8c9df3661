import type { CreateOrderRequest } from '../../types/api'
import type { TestApp } from './app'

/** The grid id at the end of an org path such as `/1/2/5/`. */
export const gridOf = (path: string) => Number(path.split('/').filter(Boolean).pop())

/** A valid order for the seeded resident's own grid; tests override what they are about. */
export function orderDraft(t: TestApp, overrides: Partial<CreateOrderRequest> = {}): CreateOrderRequest {
  return {
    categoryCode: 'meals',
    description: '楼道灯坏了，晚上看不清台阶',
    gridId: gridOf(t.byRole.resident.orgPath),
    address: '锦绣小区3号楼2单元401',
    contactName: '测试居民',
    contactPhone: '13800001111',
    urgency: 'normal',
    ...overrides,
  }
}
