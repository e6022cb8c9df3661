import { Button } from '@nutui/nutui-react-taro'
import { Image, Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { observer } from 'mobx-react-lite'
import { canSubmit, ROLE_LABELS, speaksForHousehold } from '../../domain'
import type { CategoryDto } from '../../../types/api'
import { StateView } from '../../components/state-view'
import { scaledPage } from '../../components/scaled-page'
import { useTabPage } from '../../components/tab-page'
import { useStores } from '../../stores/root-store'
import { shortOrgName, type SessionUser } from '../../stores/session-store'
import { ROUTES, goToTab, toast } from '../../utils/navigation'
import { HelpPanel } from './help-panel'
import { serviceIcon } from './service-icons'
import { TextSizePrompt } from './text-size-prompt'
import './index.scss'

const openSignup = () => void Taro.navigateTo({ url: ROUTES.signup() })

/** A card leading to what this identity mostly comes for. */
function WorkCard({ text, action, onAction }: { text: string; action?: string; onAction?: () => void }) {
  return (
    <View className="home__work">
      <Text className="home__work-text">{text}</Text>
      {action && onAction && (
        <Button className="home__work-action" type="primary" onClick={onAction}>
          {action}
        </Button>
      )}
    </View>
  )
}

function RoleCard({ user }: { user: SessionUser }) {
  switch (user.role) {
    case 'resident':
      return null
    case 'proxy':
      return <WorkCard text={`为家人点单：${user.householdAddress ?? shortOrgName(user.orgName)}`} />
    case 'committee':
      return <WorkCard text="有新的群众点单等待派单" action="去派单" onAction={() => goToTab(ROUTES.orders)} />
    case 'grid_worker':
      return <WorkCard text="帮不方便用手机的居民点单" action="替居民点单" onAction={() => void Taro.navigateTo({ url: ROUTES.orderNew() })} />
    case 'street_admin':
      return <WorkCard text="了解街道各社区的服务情况" action="查看各社区订单" onAction={() => goToTab(ROUTES.orders)} />
    default:
      return <WorkCard text="看看接单大厅里的服务需求" action="去接单" onAction={() => goToTab(ROUTES.orders)} />
  }
}

/** A service: its icon, name and what it covers; the whole tile is the tap target. */
function ServiceTile({ category, onOrder }: { category: CategoryDto; onOrder: (code: string) => void }) {
  return (
    <View className={`service-tile service-tile--${category.code}`} onClick={() => onOrder(category.code)}>
      {/* Decorative: the name beside it says the same. */}
      <Image className="service-tile__icon" src={serviceIcon(category.code)} nativeProps={{ alt: '', 'aria-hidden': 'true' }} />
      <View className="service-tile__body">
        <Text className="service-tile__name">{category.name}</Text>
        <Text className="service-tile__text">{category.description}</Text>
      </View>
    </View>
  )
}

/** Residents and family proxies order from here; other roles get a shortcut to their work. */
function HomePage() {
  const { session, catalogue } = useStores()
  useTabPage()
  const user = session.user
  const emergency = catalogue.categories.find((category) => category.emergency)
  const services = catalogue.categories.filter((category) => !category.emergency)
  const waiting = session.pendingIdentities.length > 0
  // A registered household is helped in one tap; anyone else goes the usual way.
  const household = user && speaksForHousehold(user.role) && user.householdId !== null ? user : null

  const order = (code: string) => {
    if (!session.signedIn) return goToTab(ROUTES.me)
    if (session.needsSignup) return openSignup()
    if (!user) return goToTab(ROUTES.me)
    if (!canSubmit(session.actor!)) {
      const orderer = session.identities.some((i) => i.status === 'active' && (speaksForHousehold(i.role) || i.role === 'grid_worker'))
      return toast(orderer ? '当前身份不能点单，请在「我的」切换为居民身份' : `${ROLE_LABELS[user.role]}身份不能点单，居民登记后即可点单`)
    }
    void Taro.navigateTo({ url: ROUTES.orderNew(code) })
  }

  return (
    <View className="home">
      <View className="home__banner">
        <Text className="home__title">三单 · 社区服务</Text>
        <Text className="home__slogan">群众点单 · 党组织下单 · 党员接单</Text>
        <Text className="home__org">
          {user
            ? `${user.name}（${ROLE_LABELS[user.role]}）· ${shortOrgName(user.orgName)}`
            : session.needsSignup
              ? '欢迎！登记后即可点单'
              : '登录后即可点单'}
        </Text>
      </View>

      <TextSizePrompt />

      {session.needsSignup && (
        <View className="home__signup">
          <Text className="home__signup-title">{waiting ? '您的申请正在等待审核' : '完成登记后即可点单'}</Text>
          <Text className="home__signup-text">
            {waiting ? '审核通过后就能使用。住在社区的，也可以先登记为居民点单。' : '登记住址只要一分钟，登记后就能为自己或家人点单。'}
          </Text>
          <Button className="home__signup-action" type="primary" size="large" block onClick={openSignup}>
            {waiting ? '登记居民身份' : '去登记'}
          </Button>
          {waiting && (
            <Text className="home__signup-link" onClick={() => goToTab(ROUTES.me)}>
              查看审核进度
            </Text>
          )}
        </View>
      )}

      {user && <RoleCard user={user} />}

      {emergency &&
        (household ? (
          <HelpPanel user={household} name={emergency.name} description={emergency.description} />
        ) : (
          <View className="home__emergency" onClick={() => order(emergency.code)}>
            <Text className="home__emergency-title">一键{emergency.name}</Text>
            <Text className="home__emergency-text">{emergency.description}</Text>
          </View>
        ))}

      <Text className="home__section">服务清单</Text>
      {catalogue.error && !catalogue.categories.length ? (
        <StateView kind="error" message={catalogue.error} actionText="重试" onAction={() => catalogue.loadCategories()} />
      ) : !catalogue.categoriesLoaded ? (
        <StateView kind="loading" />
      ) : services.length === 0 ? (
        <StateView kind="empty" message={emergency ? '本社区暂时没有其他服务项目，有需要请联系社区党委' : '本社区还没有开放服务项目，有需要请联系社区党委'} />
      ) : (
        <View className="home__catalogue">
          {services.map((category) => (
            <ServiceTile key={category.code} category={category} onOrder={order} />
          ))}
        </View>
      )}
    </View>
  )
}

export default scaledPage(observer(HomePage))
