import { Button } from '@nutui/nutui-react-taro'
import { Text, View } from '@tarojs/components'
import Taro, { useDidShow } from '@tarojs/taro'
import { observer } from 'mobx-react-lite'
import { useState } from 'react'
import { ROLE_LABELS, type Role } from '../../domain'
import type { DemoAccountDto } from '../../../types/api'
import { StateView } from '../../components/state-view'
import { messageOf } from '../../stores/errors'
import { useStores } from '../../stores/root-store'
import { confirmAction, toast } from '../../utils/navigation'
import './index.scss'

const isWeapp = process.env.TARO_ENV === 'weapp'

/** Dispatchers and responders first: there are few of them, and many residents. */
const DEMO_ROLE_ORDER = ['committee', 'volunteer', 'party_member', 'resident'] as const satisfies readonly Role[]
const FEW = 4

/** The org chain without the community, which every demo account shares. */
const placeOf = (account: DemoAccountDto) => account.teamName ?? (account.orgName.split(' · ').slice(1).join(' · ') || account.orgName)

function DemoSwitcher({ current }: { current: number | null }) {
  const stores = useStores()
  const [accounts, setAccounts] = useState<DemoAccountDto[] | null>(null)
  const [expanded, setExpanded] = useState<Role | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [offered, setOffered] = useState(true)
  const [switching, setSwitching] = useState<number | null>(null)

  useDidShow(() => {
    stores.session.demoAccounts().then(
      (found) => (found ? setAccounts(found) : setOffered(false)),
      (e: unknown) => setError(messageOf(e)),
    )
  })

  const switchTo = async (account: DemoAccountDto) => {
    setSwitching(account.id)
    try {
      await stores.switchToDemo(account.id)
      toast(`已切换为 ${account.name}`)
    } catch (e) {
      toast(messageOf(e))
    } finally {
      setSwitching(null)
    }
  }

  if (!offered) return null
  if (error) return <StateView kind="error" message={error} />
  if (!accounts) return <StateView kind="loading" />
  return (
    <View className="demo-switcher">
      <Text className="me__section">演示账号（仅演示环境）</Text>
      {DEMO_ROLE_ORDER.map((role) => {
        const ofRole = accounts.filter((account) => account.role === role)
        if (!ofRole.length) return null
        const shown = expanded === role ? ofRole : ofRole.slice(0, FEW)
        return (
          <View key={role} className="demo-switcher__group">
            <Text className="demo-switcher__role">{ROLE_LABELS[role]}</Text>
            <View className="demo-switcher__accounts">
              {shown.map((account) => (
                <View
                  key={account.id}
                  className={`demo-account demo-account--${account.role} ${current === account.id ? 'demo-account--current' : ''}`}
                  onClick={() => switching === null && switchTo(account)}
                >
                  <Text className="demo-account__name">{switching === account.id ? '切换中…' : account.name}</Text>
                  <Text className="demo-account__meta">{placeOf(account)}</Text>
                </View>
              ))}
            </View>
            {ofRole.length > FEW && expanded !== role && (
              <Text className="demo-switcher__more" onClick={() => setExpanded(role)}>
                查看全部 {ofRole.length} 位{ROLE_LABELS[role]}
              </Text>
            )}
          </View>
        )
      })}
    </View>
  )
}

/** Profile, sign-in, and (outside production) the demo account switcher. */
function MePage() {
  const stores = useStores()
  const { session } = stores
  const user = session.user

  const wechatLogin = async () => {
    try {
      const { code } = await Taro.login()
      await stores.loginWithWechat(code)
      toast('登录成功')
    } catch (error) {
      if (!session.notRegistered) toast(messageOf(error))
    }
  }

  const logout = async () => {
    if (await confirmAction('退出登录', '退出后需要重新登录才能点单和查看订单')) stores.logout()
  }

  return (
    <View className="me">
      <View className="me__profile">
        {user ? (
          <>
            <Text className="me__name">{user.name}</Text>
            <Text className="me__role">{ROLE_LABELS[user.role]}{user.teamName ? ` · ${user.teamName}` : ''}</Text>
            <Text className="me__line">{user.orgName}</Text>
            <Text className="me__line">手机号 {user.phone}</Text>
          </>
        ) : (
          <>
            <Text className="me__name">{session.notRegistered ? '尚未登记' : '未登录'}</Text>
            <Text className="me__line">{session.notRegistered ?? '登录后可以点单、查看进度和评价服务'}</Text>
          </>
        )}
      </View>
      {!user && isWeapp && (
        <View className="me__block">
          <Button type="primary" size="large" block onClick={wechatLogin}>
            微信一键登录
          </Button>
        </View>
      )}
      {session.demoLogin && <DemoSwitcher current={user?.id ?? null} />}
      {user && (
        <View className="me__block">
          <Button className="me__logout" size="large" block onClick={logout}>
            退出登录
          </Button>
        </View>
      )}
    </View>
  )
}

export default observer(MePage)
