export default definePageConfig({
  navigationBarTitleText: '召开会议',
})
