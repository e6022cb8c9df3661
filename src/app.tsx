import Taro, { useDidShow, useLaunch } from '@tarojs/taro'
import type { PropsWithChildren } from 'react'
import { useLiveUpdates } from './components/live-updates'
import { useUnreadBadge } from './components/unread-badge'
import { createApi } from './services/api'
import { apiBase, demoLogin } from './services/config'
import { createHttpClient } from './services/http'
import { liveUrl, openTaroSocket } from './services/live-socket'
import { pickPhotos } from './services/media'
import { browserWebLogin } from './services/web-login'
import { RootStore, StoreContext } from './stores/root-store'
import { TOKEN_KEY, type KeyValueStorage } from './stores/session-store'
import type { FontSettings } from './stores/text-scale-store'
import './app.scss'

const taroStorage: KeyValueStorage = {
  get: (key) => (Taro.getStorageSync(key) as string) || null,
  set: (key, value) => Taro.setStorageSync(key, value),
  remove: (key) => Taro.removeStorageSync(key),
}

const http = createHttpClient(
  apiBase,
  () => taroStorage.get(TOKEN_KEY),
  () => stores.logout(), // an expired session: back to signed out, so pages offer 去登录
)
// WeChat's font size setting, for large text that follows the phone (Taro's type leaves it out).
const fontSettings = () => Taro.getAppBaseInfo() as FontSettings
// WeChat's subscribe dialog, on weapp only: its answer is one entry per template id. (Taro's
// type also demands Alipay's `entityIds`, which WeChat does not take.)
type SubscribeOption = Parameters<typeof Taro.requestSubscribeMessage>[0]
const requestSubscribe =
  process.env.TARO_ENV === 'weapp'
    ? async (tmplIds: string[]) => (await Taro.requestSubscribeMessage({ tmplIds } as SubscribeOption)) as unknown as Record<string, string>
    : undefined
const stores = new RootStore(createApi(http), taroStorage, {
  apiBase,
  demoLogin,
  pickPhotos,
  fontSettings,
  requestSubscribe,
  openSocket: openTaroSocket,
  liveUrl: liveUrl(apiBase),
  webLogin: browserWebLogin,
})

function App({ children }: PropsWithChildren) {
  useLaunch(() => {
    void stores.session.restore()
    void stores.catalogue.loadCategories()
    void stores.subscriptions.load()
  })
  // Back in the foreground: identities may have changed meanwhile (approved, removed).
  // The phone's font size may have changed meanwhile too.
  useDidShow(() => {
    if (!stores.session.restoring) void stores.session.restore()
    stores.textScale.refreshSystemScale()
  })
  useUnreadBadge(stores.messages)
  useLiveUpdates(stores.live)
  return <StoreContext.Provider value={stores}>{children}</StoreContext.Provider>
}

export default App
