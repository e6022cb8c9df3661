export default definePageConfig({
  navigationBarTitleText: '问题清单',
  enablePullDownRefresh: true,
})
