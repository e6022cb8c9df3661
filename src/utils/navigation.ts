import Taro from '@tarojs/taro'

/** Every route of the app in one place, so pages never spell paths. */
export const ROUTES = {
  home: '/pages/home/index',
  orders: '/pages/orders/index',
  messages: '/pages/messages/index',
  me: '/pages/me/index',
  orderDetail: (id: number) => `/pages/order-detail/index?id=${id}`,
  orderNew: (categoryCode?: string) => `/pages/order-new/index${categoryCode ? `?category=${categoryCode}` : ''}`,
  /** Sign-up; an invite link or QR code brings its code along. */
  signup: (invite?: string) => `/pages/signup/index${invite ? `?invite=${encodeURIComponent(invite)}` : ''}`,
  approvals: '/packages/committee/approvals/index',
  members: '/packages/committee/members/index',
  invites: '/packages/committee/invites/index',
  teams: '/packages/committee/teams/index',
  grids: '/packages/committee/grids/index',
  catalogue: '/packages/committee/catalogue/index',
  meetings: '/packages/committee/meetings/index',
  meetingNew: '/packages/committee/meetings/new',
  meetingDetail: (id: number) => `/packages/committee/meetings/detail?id=${id}`,
  problems: '/packages/committee/problems/index',
  clockTargets: '/packages/committee/clock-targets/index',
  /** A meeting's public minutes, as a household on its agenda reads them. */
  minutes: (id: number) => `/packages/minutes/index?id=${id}`,
}

export const openOrder = (id: number) => Taro.navigateTo({ url: ROUTES.orderDetail(id) })
export const goToTab = (url: string) => Taro.switchTab({ url })

export function toast(message: string): void {
  void Taro.showToast({ title: message, icon: 'none', duration: 2500 })
}

/** Asks before anything that cannot be undone; resolves true when the user agrees. */
export async function confirmAction(title: string, content: string): Promise<boolean> {
  const { confirm } = await Taro.showModal({ title, content, confirmText: '确定', cancelText: '再想想' })
  return confirm
}
