export default defineAppConfig({
  pages: ['pages/home/index', 'pages/orders/index', 'pages/messages/index', 'pages/me/index', 'pages/order-detail/index', 'pages/order-new/index', 'pages/signup/index'],
  // Committee administration lives in a subpackage: residents never download it.
  // A meeting's public minutes are read by few households, and only from an order's timeline.
  subPackages: [{ root: 'packages/committee', pages: ['approvals/index', 'members/index', 'invites/index', 'teams/index', 'grids/index', 'catalogue/index', 'meetings/index', 'meetings/new', 'meetings/detail', 'problems/index', 'clock-targets/index'] }, { root: 'packages/minutes', pages: ['index'] }],
  window: {
    backgroundTextStyle: 'light',
    navigationBarBackgroundColor: '#ffffff',
    navigationBarTitleText: '三单',
    navigationBarTextStyle: 'black',
    backgroundColor: '#f5f6f8',
  },
  tabBar: {
    color: '#666666',
    selectedColor: '#c8161d',
    backgroundColor: '#ffffff',
    borderStyle: 'black',
    // Icons with their labels (scripts/make-icons.mjs draws them): the selected one is filled,
    // so the current tab is told by shape as well as by colour.
    list: [
      { pagePath: 'pages/home/index', text: '首页', iconPath: 'assets/tab/home.png', selectedIconPath: 'assets/tab/home-selected.png' },
      { pagePath: 'pages/orders/index', text: '订单', iconPath: 'assets/tab/orders.png', selectedIconPath: 'assets/tab/orders-selected.png' },
      { pagePath: 'pages/messages/index', text: '消息', iconPath: 'assets/tab/messages.png', selectedIconPath: 'assets/tab/messages-selected.png' },
      { pagePath: 'pages/me/index', text: '我的', iconPath: 'assets/tab/me.png', selectedIconPath: 'assets/tab/me-selected.png' },
    ],
  },
})
