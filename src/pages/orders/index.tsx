import { Text, View } from '@tarojs/components'
import Taro, { useDidShow, usePullDownRefresh, useReachBottom } from '@tarojs/taro'
import { observer } from 'mobx-react-lite'
import { useEffect, useState } from 'react'
import { canSubmit, listOrderOf } from '../../domain'
import { ChoiceChips } from '../../components/choice-chips'
import { OrderCard } from '../../components/order-card'
import { StateView } from '../../components/state-view'
import { scaledPage } from '../../components/scaled-page'
import { useTabPage } from '../../components/tab-page'
import { useStores } from '../../stores/root-store'
import { ROUTES, goToTab } from '../../utils/navigation'
import type { ClockFilter } from '../../../types/api'
import { CLOCK_CHOICES, clockEmpty, lateCount, tabsFor } from './tabs'
import './index.scss'
import { ListFooter } from '../../components/list-footer'

/**
 * My household's orders (resident, family proxy), the dispatch inbox (committee), tasks and the
 * hall (responders), or every order of the subtree (grid worker, street administrator).
 */
function OrdersPage() {
  const { session, orders, community } = useStores()
  useTabPage()
  const [tabKey, setTabKey] = useState<string | null>(null)
  // 超时 / 即将超时 within the tab; a new tab starts unfiltered, so no filter hides behind it.
  const [clock, setClock] = useState<ClockFilter | null>(null)
  // A street administrator reads one community at a time, or all of them.
  const [within, setWithin] = useState<number | null>(null)
  const user = session.user
  const streetWide = user?.role === 'street_admin'
  const communities = streetWide ? (community.trees ?? []) : []
  const area = streetWide && within !== null ? { within } : {}
  const tabs = user ? tabsFor(user.role) : []
  const tab = tabs.find((t) => t.key === tabKey) ?? tabs[0]
  const filter = tab?.clockFilter ? clock : null
  const list = tab ? orders.list({ ...tab.query, ...area, ...(filter ? { clock: filter } : {}) }) : null
  const chooseTab = (key: string) => {
    setTabKey(key)
    setClock(null)
  }

  const countedViews = [...new Set(tabs.filter((t) => t.badge || t.clockFilter).map((t) => t.query.view ?? 'mine'))]
  const loadCounts = () => Promise.all(countedViews.map((view) => orders.loadCounts(view, area.within)))
  const countsOf = (view: NonNullable<typeof tab>['query']['view']) => orders.countsOf(view ?? 'mine', area.within)
  /** The community an order of the street lies in: its path holds the community's id. */
  const communityOf = (orgPath: string) => communities.find((c) => orgPath.split('/').includes(String(c.id)))?.name

  // First load of a tab (also after sign-in); coming back to the page reloads what is shown.
  useEffect(() => {
    if (list && !list.loaded) void list.refresh()
  }, [list])
  useEffect(() => void loadCounts(), [user?.id, within])
  useEffect(() => {
    if (streetWide && !community.trees) void community.loadTree()
  }, [user?.id])
  useDidShow(() => {
    if (list?.loaded) void Promise.all([list.refresh(), loadCounts()])
  })
  usePullDownRefresh(async () => {
    await Promise.all([list?.refresh(), loadCounts()])
    Taro.stopPullDownRefresh()
  })
  useReachBottom(() => void list?.loadMore())

  if (session.restoring) return <StateView kind="loading" />
  if (session.needsSignup) {
    return <StateView kind="empty" message="完成登记后即可点单和查看订单" actionText="去登记" onAction={() => Taro.navigateTo({ url: ROUTES.signup() })} />
  }
  if (!user || !list || !tab) {
    return <StateView kind="empty" message="登录后查看订单" actionText="去登录" onAction={() => goToTab(ROUTES.me)} />
  }

  return (
    <View className="orders">
      <View className="orders__tabs">
        <ChoiceChips
          options={tabs.map((t) => ({ value: t.key, label: t.label, badge: t.badge && countsOf(t.query.view)?.[t.badge] }))}
          value={tab.key}
          onChange={chooseTab}
        />
      </View>
      {communities.length > 1 && (
        <View className="orders__area">
          <ChoiceChips
            options={[{ value: 0, label: '全部社区' }, ...communities.map((c) => ({ value: c.id, label: c.name }))]}
            value={within ?? 0}
            onChange={(id) => setWithin(id === 0 ? null : id)}
          />
        </View>
      )}
      {tab.clockFilter && (
        <View className="orders__clock">
          <Text className="orders__clock-label">时限</Text>
          <ChoiceChips
            className="orders__clock-chips"
            options={CLOCK_CHOICES.map((c) => ({
              ...c,
              badge: c.value === 'any' ? undefined : lateCount(countsOf(tab.query.view), tab, c.value),
            }))}
            value={filter ?? 'any'}
            onChange={(value) => setClock(value === 'any' ? null : value)}
          />
          {filter && <Text className="orders__clock-note">筛选结果每分钟更新一次，卡片上的时限是实时的</Text>}
        </View>
      )}
      {list.error && list.items.length === 0 ? (
        <StateView kind="error" message={list.error} actionText="重试" onAction={() => list.refresh()} />
      ) : !list.loaded ? (
        <StateView kind="loading" />
      ) : list.isEmpty ? (
        <StateView
          kind="empty"
          message={filter ? clockEmpty(filter) : tab.empty}
          {...(!filter && canSubmit(session.actor!) ? { actionText: '去点单', onAction: () => goToTab(ROUTES.home) } : {})}
        />
      ) : (
        <View className="orders__list">
          {list.items.map((order) => (
            <OrderCard
              key={order.id}
              order={order}
              listOrder={listOrderOf(user.role, tab.query)}
              forFamily={user.role === 'proxy'}
              community={streetWide && within === null ? communityOf(order.orgPath) : undefined}
            />
          ))}
          <ListFooter list={list} />
        </View>
      )}
    </View>
  )
}

export default scaledPage(observer(OrdersPage))
