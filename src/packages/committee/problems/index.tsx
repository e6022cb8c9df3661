import { Text, View } from '@tarojs/components'
import Taro, { useDidShow, usePullDownRefresh, useReachBottom } from '@tarojs/taro'
import { observer } from 'mobx-react-lite'
import { useEffect } from 'react'
import { chinaDate, URGENCY_LABELS } from '../../../domain'
import {
  decisionLine,
  endingLine,
  holdersLine,
  PROBLEM_PERIODS,
  PROBLEM_STATE_LABELS,
  PROBLEM_STATES,
  periodLabel,
  rangeText,
  shortDay,
  type ProblemState,
} from '../../../domain/problem-list'
import type { ProblemItemDto, ProblemSummaryDto } from '../../../../types/problem-list'
import { ChoiceChips } from '../../../components/choice-chips'
import { scaledPage } from '../../../components/scaled-page'
import { StateView } from '../../../components/state-view'
import { StatusTag } from '../../../components/status-tag'
import { useStores } from '../../../stores/root-store'
import { goToTab, openOrder, ROUTES } from '../../../utils/navigation'
import './index.scss'
import { ListFooter } from '../../../components/list-footer'

const dayOf = (iso: string) => shortDay(chinaDate(new Date(iso)))

/** A closed order says how: struck off by the resident, or closed by the clock (not a 销号). */
function ItemTag({ item }: { item: ProblemItemDto }) {
  if (item.status !== 'closed') return <StatusTag status={item.status} />
  const byResident = item.state === 'struck_off'
  return <Text className={`status-tag status-tag--${byResident ? 'done' : 'ended'}`}>{PROBLEM_STATE_LABELS[item.state]}</Text>
}

const ProblemCard = observer(function ProblemCard({ item }: { item: ProblemItemDto }) {
  return (
    <View className={`problem-card problem-card--${item.urgency}`} onClick={() => openOrder(item.orderId)}>
      <View className="problem-card__head">
        <Text className="problem-card__category">{item.categoryName}</Text>
        {item.urgency !== 'normal' && <Text className="problem-card__urgency">{URGENCY_LABELS[item.urgency]}</Text>}
        {item.carriedOver && <Text className="problem-card__carried">上期转入</Text>}
        <ItemTag item={item} />
      </View>
      <Text className="problem-card__summary">{item.summary}</Text>
      <Text className="problem-card__line">
        {item.gridName} · {item.residentName} · {item.address}
      </Text>
      <Text className="problem-card__line">
        点单 {dayOf(item.createdAt)} · 第 {item.orderId} 单
      </Text>
      <Text className="problem-card__line">承办：{item.holders.length ? holdersLine(item.holders) : '暂无'}</Text>
      {item.parked && (
        <Text className="problem-card__parked">
          挂账原因：{item.parked.reason || '未填写'}；{shortDay(item.parked.revisitOn, true)}自动回到待处理
        </Text>
      )}
      {item.decisions.length > 0 && (
        <View className="problem-card__decisions">
          <Text className="problem-card__label">一事一议</Text>
          {item.decisions.map((d, index) => (
            <View key={index} className="problem-card__decision">
              <Text className="problem-card__when">{dayOf(d.at)}</Text>
              <View className="problem-card__what">
                <Text className="problem-card__decision-text">{decisionLine(d)}</Text>
                {d.meetingTitle && <Text className="problem-card__meeting">会议：{d.meetingTitle}</Text>}
              </View>
            </View>
          ))}
        </View>
      )}
      {item.ending && (
        <Text className={`problem-card__ending ${item.struckOff ? 'problem-card__ending--struck' : ''}`}>
          {item.struckOff ? '✓ ' : ''}
          {endingLine(item.ending)} · {dayOf(item.ending.at)}
        </Text>
      )}
    </View>
  )
})

/** The period's counts; each state is also the filter that shows only its items. */
const Summary = observer(function Summary({ summary, state, onFilter }: { summary: ProblemSummaryDto; state: ProblemState | null; onFilter: (s: ProblemState | null) => void }) {
  const shown = PROBLEM_STATES.filter((s) => summary[s] > 0 || s === state)
  return (
    <View className="problems__summary">
      <Text className="problems__total">
        共 {summary.total} 项，其中上期转入 {summary.carriedOver} 项
      </Text>
      <ChoiceChips<ProblemState | 'all'>
        className="problems__states"
        options={[{ value: 'all', label: `全部 ${summary.total}` }, ...shown.map((s) => ({ value: s, label: `${PROBLEM_STATE_LABELS[s]} ${summary[s]}` }))]}
        value={state ?? 'all'}
        onChange={(value) => onFilter(value === 'all' ? null : value)}
      />
    </View>
  )
})

/** 问题清单: the committee's problems of a week, month or quarter, decision by decision, until struck off. */
function ProblemsPage() {
  const { session, problems } = useStores()
  const user = session.user
  const committee = user?.role === 'committee'
  const list = problems.current

  useEffect(() => {
    if (committee && !list.loaded) void list.refresh()
  }, [list, committee, user?.membershipId])
  useDidShow(() => {
    if (list.loaded) void list.refresh()
  })
  usePullDownRefresh(async () => {
    await list.refresh()
    Taro.stopPullDownRefresh()
  })
  useReachBottom(() => void list.loadMore())

  if (session.restoring) return <StateView kind="loading" />
  if (!user) return <StateView kind="empty" message="登录后查看问题清单" actionText="去登录" onAction={() => goToTab(ROUTES.me)} />
  if (!committee) return <StateView kind="empty" message="问题清单由社区党委查看和管理" />

  const period = list.period
  return (
    <View className="problems">
      <View className="problems__head">
        <ChoiceChips
          className="problems__periods"
          options={PROBLEM_PERIODS.map((p) => ({ value: p, label: periodLabel(p) }))}
          value={problems.offset === 0 ? problems.period : null}
          onChange={(p) => problems.setPeriod(p)}
        />
        <View className="problems__range">
          {problems.canGoBack ? (
            <Text className="problems__step" onClick={() => problems.step(1)}>
              ‹ 往前
            </Text>
          ) : (
            <View className="problems__step problems__step--none" />
          )}
          <View className="problems__when">
            <Text className="problems__label">{periodLabel(problems.period, problems.offset)}</Text>
            {period && <Text className="problems__days">{rangeText(period)}</Text>}
          </View>
          {problems.canGoForward ? (
            <Text className="problems__step" onClick={() => problems.step(-1)}>
              往后 ›
            </Text>
          ) : (
            <View className="problems__step problems__step--none" />
          )}
        </View>
        {problems.summary && <Summary summary={problems.summary} state={problems.state} onFilter={(s) => problems.filter(s)} />}
      </View>
      {list.error && list.items.length === 0 ? (
        <StateView kind="error" message={list.error} actionText="重试" onAction={() => list.refresh()} />
      ) : !list.loaded ? (
        <StateView kind="loading" />
      ) : list.isEmpty ? (
        <StateView kind="empty" message={problems.state ? `这一期没有「${PROBLEM_STATE_LABELS[problems.state]}」的问题` : '这一期辖区内没有问题'} />
      ) : (
        <View className="problems__list">
          {list.items.map((item) => (
            <ProblemCard key={item.orderId} item={item} />
          ))}
          <ListFooter list={list} />
        </View>
      )}
    </View>
  )
}

export default scaledPage(observer(ProblemsPage))
