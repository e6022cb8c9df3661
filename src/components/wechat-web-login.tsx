import { Button } from '@nutui/nutui-react-taro'
import { Text, View } from '@tarojs/components'
import { observer } from 'mobx-react-lite'
import { useEffect, useState } from 'react'
import { useStores } from '../stores/root-store'
import './wechat-web-login.scss'

/**
 * H5: 微信登录 through WeChat's web authorisation, where the server offers it (nothing otherwise,
 * and nothing in the mini-program, which logs in with wx.login). The tap leaves for WeChat, which
 * sends the person back to this page; the session store finishes the login there.
 */
export const WechatWebLogin = observer(function WechatWebLogin({ className = '' }: { className?: string }) {
  const { session } = useStores()
  // Set from the tap until the browser has left: a second tap would only start over.
  const [leaving, setLeaving] = useState(false)
  useEffect(() => {
    void session.loadWebLogin()
  }, [])

  const offer = session.webLoginOffer
  const error = session.webLoginError
  if (!offer && !error) return null
  const busy = leaving || session.webLoginBusy
  const start = () => {
    setLeaving(true)
    session.startWebLogin()
  }
  return (
    <View className={`web-login ${className}`}>
      {offer === 'button' && (
        <Button className="web-login__button" type="primary" size="large" block disabled={busy} onClick={start}>
          {session.webLoginBusy ? '正在登录…' : leaving ? '正在打开微信授权…' : '微信登录'}
        </Button>
      )}
      {offer === 'outside' && <Text className="web-login__hint">请在微信里打开这个页面，再点“微信登录”</Text>}
      {error && (
        <View className="web-login__error" role="alert">
          {error}
        </View>
      )}
    </View>
  )
})
