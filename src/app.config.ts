export default defineAppConfig({
  pages: ['pages/home/index', 'pages/orders/index', 'pages/me/index', 'pages/order-detail/index', 'pages/order-new/index', 'pages/signup/index'],
  // Committee administration lives in a subpackage: residents never download it.
  subPackages: [{ root: 'packages/committee', pages: ['approvals/index', 'members/index', 'invites/index', 'teams/index', 'grids/index', 'catalogue/index'] }],
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
    list: [
      { pagePath: 'pages/home/index', text: '首页' },
      { pagePath: 'pages/orders/index', text: '订单' },
      { pagePath: 'pages/me/index', text: '我的' },
    ],
  },
})
