import Taro, { useRouter } from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import { observer } from 'mobx-react-lite'
import { useEffect, useState } from 'react'
import { StateView } from '../../components/state-view'
import { WechatWebLogin } from '../../components/wechat-web-login'
import { scaledPage } from '../../components/scaled-page'
import { messageOf } from '../../stores/errors'
import { useStores } from '../../stores/root-store'
import { ROUTES, goToTab, toast } from '../../utils/navigation'
import { IdentityStep, Waiting } from './identity-step'
import { ProfileStep } from './profile-step'
import './index.scss'

const isWeapp = process.env.TARO_ENV === 'weapp'

/** Takes the code from an H5 link (`?invite=`) or a mini-program code (`scene`, URL-encoded by WeChat). */
function inviteCodeOf(params: Partial<Record<string, string>>): string | undefined {
  if (params.invite) return params.invite
  if (!params.scene) return undefined
  try {
    return decodeURIComponent(params.scene)
  } catch {
    return params.scene
  }
}

/** Sign-up: from 我的, from home, or by an invite link / mini-program code. */
function SignupPage() {
  const stores = useStores()
  const { session, signup } = stores
  const { params } = useRouter()
  const [started, setStarted] = useState(false)
  const [loginError, setLoginError] = useState<string | null>(null)

  // A fresh form per visit (the store outlives the page), before anything is shown.
  useEffect(() => {
    signup.start(inviteCodeOf(params))
    setStarted(true)
    // H5: whether to offer 微信登录 here, asked before it is needed.
    if (!isWeapp) void session.loadWebLogin()
  }, [])

  // Someone arriving by a mini-program code has no session yet: a WeChat login is silent.
  const login = async () => {
    setLoginError(null)
    try {
      const { code } = await Taro.login()
      await stores.loginWithWechat(code)
    } catch (error) {
      setLoginError(messageOf(error))
    }
  }
  useEffect(() => {
    if (isWeapp && started && !session.restoring && !session.signedIn) void login()
  }, [started, session.restoring, session.signedIn])

  const atIdentityStep = started && session.signedIn && !session.needsProfile
  useEffect(() => {
    if (atIdentityStep) void signup.prepare()
  }, [atIdentityStep])

  const done = (active: boolean) => {
    if (!active) return // the waiting screen takes over
    toast('登记成功')
    goToTab(ROUTES.home)
  }

  // Back from WeChat's web authorisation, the session store is exchanging its code.
  if (!started || session.restoring) return <StateView kind="loading" message={session.webLoginBusy ? '正在登录…' : undefined} />
  if (!session.signedIn) {
    if (isWeapp) {
      return loginError ? <StateView kind="error" message={loginError} actionText="重新登录" onAction={login} /> : <StateView kind="loading" message="正在登录…" />
    }
    if (session.webLoginOffer || session.webLoginError) {
      // H5 in WeChat: log in right here; WeChat brings the person back to this page, invite and all.
      return (
        <View className="signup">
          <View className="signup__header">
            <Text className="signup__title">请先登录</Text>
            <Text className="signup__subtitle">用微信登录后，填写住址和联系方式即可点单</Text>
          </View>
          <WechatWebLogin className="web-login--page" />
        </View>
      )
    }
    return <StateView kind="empty" message="请先登录，再进行登记" actionText="去登录" onAction={() => goToTab(ROUTES.me)} />
  }
  if (signup.outcome?.status === 'pending') return <Waiting />

  const firstTime = session.identities.length === 0
  return (
    <View className="signup">
      <View className="signup__header">
        <Text className="signup__title">{session.needsProfile ? '第 1 步：个人信息' : firstTime ? '第 2 步：登记身份' : '登记/申请新身份'}</Text>
        {firstTime && <Text className="signup__subtitle">共 2 步，登记后即可点单</Text>}
      </View>
      {session.needsProfile ? <ProfileStep /> : <IdentityStep onDone={done} />}
    </View>
  )
}

export default scaledPage(observer(SignupPage))
