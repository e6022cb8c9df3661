import { Button } from '@nutui/nutui-react-taro'
import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { observer } from 'mobx-react-lite'
import { ROLE_LABELS } from '../../domain'
import { StateView } from '../../components/state-view'
import { useStores } from '../../stores/root-store'
import { ROUTES, goToTab } from '../../utils/navigation'
import './index.scss'

/** Residents order from here; other roles get a shortcut to their work. */
function HomePage() {
  const { session, catalogue } = useStores()
  const user = session.user
  const emergency = catalogue.categories.find((category) => category.emergency)
  const services = catalogue.categories.filter((category) => !category.emergency)

  const order = (code: string) => {
    if (!user) return goToTab(ROUTES.me)
    void Taro.navigateTo({ url: ROUTES.orderNew(code) })
  }

  return (
    <View className="home">
      <View className="home__banner">
        <Text className="home__title">三单 · 社区服务</Text>
        <Text className="home__slogan">群众点单 · 党组织下单 · 党员接单</Text>
        <Text className="home__org">{user ? `${user.name}（${ROLE_LABELS[user.role]}）· ${user.orgName}` : '登录后即可点单'}</Text>
      </View>

      {user && user.role !== 'resident' && (
        <View className="home__work">
          <Text className="home__work-text">{user.role === 'committee' ? '有新的群众点单等待派单' : '看看接单大厅里的服务需求'}</Text>
          <Button type="primary" onClick={() => goToTab(ROUTES.orders)}>
            {user.role === 'committee' ? '去派单' : '去接单'}
          </Button>
        </View>
      )}

      {emergency && (
        <View className="home__emergency" onClick={() => order(emergency.code)}>
          <Text className="home__emergency-title">一键{emergency.name}</Text>
          <Text className="home__emergency-text">{emergency.description}</Text>
        </View>
      )}

      <Text className="home__section">服务清单</Text>
      {catalogue.error && !catalogue.categories.length ? (
        <StateView kind="error" message={catalogue.error} actionText="重试" onAction={() => catalogue.loadCategories()} />
      ) : !catalogue.categories.length ? (
        <StateView kind="loading" />
      ) : (
        <View className="home__catalogue">
          {services.map((category) => (
            <View key={category.code} className={`service-tile service-tile--${category.code}`} onClick={() => order(category.code)}>
              <Text className="service-tile__name">{category.name}</Text>
              <Text className="service-tile__text">{category.description}</Text>
            </View>
          ))}
        </View>
      )}
    </View>
  )
}

export default observer(HomePage)
