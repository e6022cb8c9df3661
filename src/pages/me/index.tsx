import { Button } from '@nutui/nutui-react-taro'
import { Text, View } from '@tarojs/components'
import Taro, { useDidShow, usePullDownRefresh } from '@tarojs/taro'
import { observer } from 'mobx-react-lite'
import { useState } from 'react'
import { MEMBERSHIP_STATUS_LABELS, ROLE_LABELS, ROLES, type Role } from '../../domain'
import type { DemoAccountDto, IdentityDto } from '../../../types/people'
import { StateView } from '../../components/state-view'
import { WechatWebLogin } from '../../components/wechat-web-login'
import { scaledPage } from '../../components/scaled-page'
import { useTabPage } from '../../components/tab-page'
import { messageOf } from '../../stores/errors'
import { useStores } from '../../stores/root-store'
import { placeOf, shortOrgName } from '../../stores/session-store'
import { ROUTES, confirmAction, toast } from '../../utils/navigation'
import './index.scss'

const isWeapp = process.env.TARO_ENV === 'weapp'

/** Dispatchers, overseers and responders first: there are few of them, and many residents. */
const DEMO_ROLE_ORDER = ['committee', 'street_admin', 'grid_worker', 'volunteer', 'party_member', 'department', 'proxy', 'resident'] as const satisfies readonly Role[]
const FEW = 4

/** The last two links of the org chain (or the team): enough to tell demo identities apart. */
const demoPlaceOf = (account: DemoAccountDto) => account.teamName ?? shortOrgName(account.orgName).split(' · ').slice(-2).join(' · ')

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
    setSwitching(account.membershipId)
    try {
      await stores.switchToDemo(account.id, account.membershipId)
      toast(`已切换为 ${account.name}（${ROLE_LABELS[account.role]}）`)
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
      <Text className="me__section">演示身份（仅演示环境）</Text>
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
                  key={account.membershipId}
                  className={`demo-account demo-account--${account.role} ${current === account.membershipId ? 'demo-account--current' : ''}`}
                  onClick={() => switching === null && switchTo(account)}
                >
                  <Text className="demo-account__name">{switching === account.membershipId ? '切换中…' : account.name}</Text>
                  <Text className="demo-account__meta">
                    {ROLE_LABELS[account.role]} · {demoPlaceOf(account)}
                  </Text>
                  {/* In words too, not only by the red border. */}
                  {current === account.membershipId && <Text className="demo-account__current">✓ 当前身份</Text>}
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

/** The administration each acting role reaches from here (pages of the committee subpackage). */
const ENTRIES: Partial<Record<Role, { label: string; url: string }[]>> = {
  committee: [
    { label: '待审核申请', url: ROUTES.approvals },
    { label: '成员名录', url: ROUTES.members },
    { label: '邀请码', url: ROUTES.invites },
    { label: '志愿服务队', url: ROUTES.teams },
    { label: '网格', url: ROUTES.grids },
    { label: '服务目录', url: ROUTES.catalogue },
    { label: '服务时限', url: ROUTES.clockTargets },
    { label: '联席会议', url: ROUTES.meetings },
    { label: '问题清单', url: ROUTES.problems },
  ],
  // Reads across the street's communities; invites only committees.
  street_admin: [
    { label: '成员名录', url: ROUTES.members },
    { label: '邀请码', url: ROUTES.invites },
    { label: '志愿服务队', url: ROUTES.teams },
    { label: '网格', url: ROUTES.grids },
  ],
  resident: [{ label: '家人申请', url: ROUTES.approvals }],
  volunteer: [{ label: '入队申请', url: ROUTES.approvals }],
}

const byRole = (a: IdentityDto, b: IdentityDto) => ROLES.indexOf(a.role) - ROLES.indexOf(b.role)

/** Every identity the person holds: the one acted as is marked, an active one switches on tap. */
const IdentityList = observer(function IdentityList() {
  const stores = useStores()
  const { session } = stores
  const [switching, setSwitching] = useState<number | null>(null)
  const current = session.user?.membershipId ?? null
  const identities = [...session.identities].sort(byRole)

  const switchTo = async (identity: IdentityDto) => {
    if (identity.status !== 'active' || identity.membershipId === current || switching !== null) return
    setSwitching(identity.membershipId)
    try {
      await stores.switchIdentity(identity.membershipId)
      toast(`已切换为${ROLE_LABELS[identity.role]}身份`)
    } catch (e) {
      toast(messageOf(e))
    } finally {
      setSwitching(null)
    }
  }

  const leave = async (identity: IdentityDto) => {
    const pending = identity.status === 'pending'
    const what = `${ROLE_LABELS[identity.role]}（${placeOf(identity)}）`
    const confirmed = await confirmAction(
      pending ? '撤回申请' : '退出身份',
      pending ? `确定撤回${what}的申请吗？` : `确定退出${what}吗？退出后不能再以这个身份点单或接单，需要时可以重新登记。`,
    )
    if (!confirmed) return
    try {
      await session.leave(identity.membershipId)
      toast(pending ? '已撤回申请' : '已退出该身份')
    } catch (e) {
      toast(messageOf(e))
    }
  }

  if (!identities.length) return <Text className="me__hint">还没有身份。登记住址后即可点单；党员、志愿者也从这里申请。</Text>
  return (
    <View className="identity-list">
      {identities.map((identity) => {
        const isCurrent = identity.membershipId === current
        return (
          <View
            key={identity.membershipId}
            className={`identity identity--${identity.status} ${isCurrent ? 'identity--current' : ''}`}
            onClick={() => switchTo(identity)}
          >
            <View className="identity__main">
              <Text className="identity__role">{ROLE_LABELS[identity.role]}</Text>
              <Text className="identity__place">{placeOf(identity)}</Text>
              <Text
                className="identity__leave"
                onClick={(event) => {
                  // The row itself switches identity: this tap is for leaving only.
                  event.stopPropagation()
                  void leave(identity)
                }}
              >
                {identity.status === 'pending' ? '撤回申请' : '退出此身份'}
              </Text>
            </View>
            {identity.status === 'pending' ? (
              <Text className="identity__badge identity__badge--pending">{MEMBERSHIP_STATUS_LABELS.pending}</Text>
            ) : isCurrent ? (
              <Text className="identity__badge identity__badge--current">当前</Text>
            ) : (
              <Text className="identity__switch">{switching === identity.membershipId ? '切换中…' : '切换'}</Text>
            )}
          </View>
        )
      })}
    </View>
  )
})

/**
 * 长辈版: larger text and buttons on every page, kept on this phone. Off, text follows the
 * phone's font setting. The state is said in words, not only by the switch's colour.
 */
const ElderSwitch = observer(function ElderSwitch() {
  const { textScale } = useStores()
  const on = textScale.elder
  return (
    <View className={`elder-switch ${on ? 'elder-switch--on' : ''}`} onClick={() => textScale.choose(on ? 'standard' : 'elder')}>
      <View className="elder-switch__main">
        <Text className="elder-switch__title">长辈版（大字）</Text>
        <Text className="elder-switch__hint">
          {on ? '字和按钮都已调大，再点一下恢复' : textScale.scale > 1 ? '现在跟随手机的字体大小，点一下开启长辈版' : '字和按钮更大，更容易看清'}
        </Text>
      </View>
      <View className="elder-switch__state">
        <Text className="elder-switch__knob">{on ? '✓' : ''}</Text>
        <Text className="elder-switch__label">{on ? '已开启' : '未开启'}</Text>
      </View>
    </View>
  )
})

/** The person, their identities, sign-up and sign-in, and (outside production) the demo switcher. */
function MePage() {
  const stores = useStores()
  useTabPage()
  const { session } = stores
  const { me, user } = session
  // Only a team's leader decides who joins it: for other volunteers 入队申请 would open an empty page.
  const entries = (user && (user.role !== 'volunteer' || user.leadsTeamId !== null) && ENTRIES[user.role]) || []

  // Approvals and removals happen elsewhere: a pull shows the identities as they are now.
  usePullDownRefresh(async () => {
    try {
      if (session.signedIn) await session.restore()
    } finally {
      Taro.stopPullDownRefresh()
    }
  })

  const wechatLogin = async () => {
    try {
      const { code } = await Taro.login()
      await stores.loginWithWechat(code)
      if (session.needsSignup) void Taro.navigateTo({ url: ROUTES.signup() })
      else toast('登录成功')
    } catch (error) {
      toast(messageOf(error))
    }
  }

  const logout = async () => {
    if (await confirmAction('退出登录', '退出后需要重新登录才能点单和查看订单')) stores.logout()
  }

  const openSignup = () => void Taro.navigateTo({ url: ROUTES.signup() })

  return (
    <View className="me">
      <View className="me__profile">
        {me ? (
          <>
            <Text className="me__name">{me.name || '尚未登记'}</Text>
            {me.phone && <Text className="me__line">手机号 {me.phone}</Text>}
            {user ? (
              <View className="me__acting">
                <Text className="me__role">当前身份：{ROLE_LABELS[user.role]}</Text>
                <Text className="me__line">{placeOf(user)}</Text>
              </View>
            ) : (
              <Text className="me__line">{session.pendingIdentities.length ? '申请已提交，审核通过后即可使用' : '完成登记后即可点单、查看进度和评价服务'}</Text>
            )}
          </>
        ) : (
          <>
            <Text className="me__name">未登录</Text>
            <Text className="me__line">登录后可以点单、查看进度和评价服务</Text>
          </>
        )}
      </View>

      <ElderSwitch />

      {!me && isWeapp && (
        <View className="me__block">
          <Button type="primary" size="large" block onClick={wechatLogin}>
            微信一键登录
          </Button>
        </View>
      )}
      {!me && !isWeapp && <WechatWebLogin className="me__block" />}

      {me && (
        <>
          <Text className="me__section">我的身份</Text>
          <IdentityList />
          <View className="me__block">
            <Button className="me__signup" type="primary" fill={session.needsSignup ? 'solid' : 'outline'} size="large" block onClick={openSignup}>
              {session.needsSignup ? '去登记' : '登记/申请新身份'}
            </Button>
          </View>
        </>
      )}

      {entries.length > 0 && (
        <>
          <Text className="me__section">常用功能</Text>
          <View className="me__entries">
            {entries.map((entry) => (
              <View key={entry.label} className="me__entry" onClick={() => void Taro.navigateTo({ url: entry.url })}>
                <Text className="me__entry-label">{entry.label}</Text>
                <Text className="me__entry-arrow">›</Text>
              </View>
            ))}
          </View>
        </>
      )}

      {session.demoLogin && <DemoSwitcher current={user?.membershipId ?? null} />}
      {me && (
        <View className="me__block">
          <Button className="me__logout" size="large" block onClick={logout}>
            退出登录
          </Button>
        </View>
      )}
    </View>
  )
}

export default scaledPage(observer(MePage))
