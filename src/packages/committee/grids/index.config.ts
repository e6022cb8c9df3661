export default definePageConfig({
  navigationBarTitleText: '网格',
  enablePullDownRefresh: true,
})
