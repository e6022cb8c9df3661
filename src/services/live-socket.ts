import Taro from '@tarojs/taro'
import type { LiveSocket, OpenSocket } from '../stores/live-updates'

/**
 * Where live updates are served: the API's origin with ws(s). On H5 the API is the page's own
 * origin (`apiBase` is ''); on weapp it is the configured https origin, which must also be a
 * listed socket domain (socket合法域名) in the mini-program's settings.
 */
export function liveUrl(apiBase: string): string {
  const origin = apiBase || (typeof location === 'undefined' ? '' : location.origin)
  return origin.replace(/^http/, 'ws') + '/api/live'
}

/** Taro's SocketTask (weapp and H5) as the app's LiveSocket. */
export const openTaroSocket: OpenSocket = async (url) => {
  const task = await Taro.connectSocket({ url })
  const socket: LiveSocket = {
    send: (text) => void task.send({ data: text }),
    close: () => void task.close({}),
    onOpen: (listener) => task.onOpen(() => listener()),
    onMessage: (listener) => task.onMessage(({ data }) => typeof data === 'string' && listener(data)),
    onClose: (listener) => task.onClose(() => listener()),
  }
  // An error is followed by a close on both platforms; the close is what reconnects.
  task.onError(() => undefined)
  return socket
}
