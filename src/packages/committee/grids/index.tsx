import { Button } from '@nutui/nutui-react-taro'
import { Text, View } from '@tarojs/components'
import Taro, { useDidShow, usePullDownRefresh } from '@tarojs/taro'
import { observer } from 'mobx-react-lite'
import { useEffect, useState } from 'react'
import type { CompoundNodeDto } from '../../../../types/community'
import { StateView } from '../../../components/state-view'
import { scaledPage } from '../../../components/scaled-page'
import { administersCommunity, NAME_MAX } from '../../../stores/community-store'
import { messageOf } from '../../../stores/errors'
import { useStores } from '../../../stores/root-store'
import { confirmAction, goToTab, ROUTES, toast } from '../../../utils/navigation'
import { NameSheet } from './name-sheet'
import './index.scss'

/** What the name sheet is doing: adding a compound, adding a grid under one, or renaming either. */
type Naming =
  | { kind: 'compound' }
  | { kind: 'work_unit' }
  | { kind: 'grid'; compound: CompoundNodeDto }
  | { kind: 'rename'; id: number; what: '小区/村民小组' | '网格'; name: string }

const SHEET: Record<Naming['kind'], { placeholder: string; submitText: string }> = {
  compound: { placeholder: '如 锦绣小区、东山村民小组', submitText: '添加' },
  work_unit: { placeholder: '如 县自然资源局', submitText: '添加' },
  grid: { placeholder: '如 第7网格', submitText: '添加' },
  rename: { placeholder: '新名称', submitText: '保存' },
}

function titleOf(naming: Naming): string {
  if (naming.kind === 'compound') return '添加小区/村民小组'
  if (naming.kind === 'work_unit') return '添加驻区单位'
  if (naming.kind === 'grid') return `添加网格 · ${naming.compound.name}`
  return `${naming.what}改名`
}

function hintOf(naming: Naming): string {
  const where =
    naming.kind === 'work_unit' ? '本街道内' : naming.kind === 'grid' || (naming.kind === 'rename' && naming.what === '网格') ? '同一小区下' : '本社区内'
  return `最多 ${NAME_MAX} 个字，${where}不能重名`
}

/**
 * The community's compounds (小区/村民小组) and their grids, and the street's work units (驻区单位)
 * its Party members name at 双报到. A community-level committee adds and renames; nothing is deleted.
 */
function GridsPage() {
  const { session, community } = useStores()
  const user = session.user
  const [naming, setNaming] = useState<Naming | null>(null)

  useEffect(() => {
    if (user && !community.trees) void community.loadTree()
  }, [user?.membershipId])
  // The street's work units, read as sign-up lists them for the first community shown.
  const firstCommunity = community.trees?.[0]?.id
  useEffect(() => {
    if (firstCommunity !== undefined) void community.loadWorkUnits(firstCommunity)
  }, [firstCommunity])
  useDidShow(() => {
    if (community.trees) void community.loadTree()
  })
  usePullDownRefresh(async () => {
    await community.loadTree()
    Taro.stopPullDownRefresh()
  })

  if (session.restoring) return <StateView kind="loading" />
  if (!user) return <StateView kind="empty" message="登录后查看网格" actionText="去登录" onAction={() => goToTab(ROUTES.me)} />
  const administers = administersCommunity(session.actor)
  const trees = community.trees

  const submit = async (name: string) => {
    if (!naming) return
    // Orders and households point at compounds and grids, so none is ever deleted: ask before adding.
    if (naming.kind !== 'rename') {
      const where = naming.kind === 'grid' ? `在「${naming.compound.name}」下添加网格` : naming.kind === 'work_unit' ? '为本街道添加驻区单位' : '添加小区/村民小组'
      const confirmed = await confirmAction(titleOf(naming), `${where}「${name}」？添加后不能删除。`)
      if (!confirmed) return
    }
    try {
      const done =
        naming.kind === 'compound'
          ? await community.addCompound(name)
          : naming.kind === 'work_unit'
            ? await community.addWorkUnit(name)
            : naming.kind === 'grid'
            ? await community.addGrid(naming.compound.id, name)
            : await community.renameUnit(naming.id, name)
      if (!done) return
      toast(naming.kind === 'rename' ? '已改名' : '已添加')
      setNaming(null)
    } catch (error) {
      toast(messageOf(error))
    }
  }

  const rename = (id: number, what: '小区/村民小组' | '网格', name: string) => setNaming({ kind: 'rename', id, what, name })

  return (
    <View className="grids">
      {administers ? (
        <View className="grids__create">
          <Button type="primary" block size="large" onClick={() => setNaming({ kind: 'compound' })}>
            添加小区/村民小组
          </Button>
        </View>
      ) : (
        <Text className="grids__note">{user.role === 'street_admin' ? '街道可查看各社区的网格，由社区党委管理' : '网格由社区党委管理，这里可以查看'}</Text>
      )}
      {community.treeError && !trees ? (
        <StateView kind="error" message={community.treeError} actionText="重试" onAction={() => community.loadTree()} />
      ) : !trees ? (
        <StateView kind="loading" />
      ) : trees.every((c) => c.compounds.length === 0) ? (
        <StateView kind="empty" message={administers ? '还没有小区或村民小组：先添加一个，再在其下添加网格' : '还没有小区或村民小组'} />
      ) : (
        trees.map((tree) => (
          <View key={tree.id} className="grids__community">
            {trees.length > 1 && <Text className="grids__community-name">{tree.name}</Text>}
            {tree.compounds.map((compound) => (
              <View key={compound.id} className="compound-card">
                <View className="compound-card__head">
                  <Text className="compound-card__name">{compound.name}</Text>
                  {administers && (
                    <Text className="compound-card__rename" onClick={() => rename(compound.id, '小区/村民小组', compound.name)}>
                      改名
                    </Text>
                  )}
                </View>
                {compound.grids.length === 0 ? (
                  <Text className="compound-card__empty">还没有网格</Text>
                ) : (
                  compound.grids.map((grid) => (
                    <View key={grid.id} className="compound-card__grid">
                      <Text className="compound-card__grid-name">{grid.name}</Text>
                      <Text className="compound-card__households">{grid.households} 户</Text>
                      {administers && (
                        <Text className="compound-card__rename" onClick={() => rename(grid.id, '网格', grid.name)}>
                          改名
                        </Text>
                      )}
                    </View>
                  ))
                )}
                {administers && (
                  <Button className="compound-card__add" block size="large" fill="outline" onClick={() => setNaming({ kind: 'grid', compound })}>
                    ＋ 添加网格
                  </Button>
                )}
              </View>
            ))}
          </View>
        ))
      )}
      {trees && community.treeError && <Text className="grids__error">{community.treeError}</Text>}
      {trees && (
        <View className="compound-card work-units">
          <View className="compound-card__head">
            <Text className="compound-card__name">驻区单位</Text>
          </View>
          <Text className="work-units__note">在职党员到社区双报到时，从这里选择所在单位</Text>
          {community.workUnitsError ? (
            <Text className="grids__error" onClick={() => firstCommunity !== undefined && community.loadWorkUnits(firstCommunity)}>
              {community.workUnitsError}，点此重试
            </Text>
          ) : !community.workUnits ? (
            <Text className="compound-card__empty">加载中…</Text>
          ) : community.workUnits.length === 0 ? (
            <Text className="compound-card__empty">还没有驻区单位</Text>
          ) : (
            community.workUnits.map((unit) => (
              <View key={unit.id} className="compound-card__grid">
                <Text className="compound-card__grid-name">{unit.name}</Text>
              </View>
            ))
          )}
          {administers && (
            <Button className="compound-card__add" block size="large" fill="outline" onClick={() => setNaming({ kind: 'work_unit' })}>
              ＋ 添加驻区单位
            </Button>
          )}
        </View>
      )}
      {administers && (
        <NameSheet
          title={naming ? titleOf(naming) : null}
          initial={naming?.kind === 'rename' ? naming.name : ''}
          placeholder={naming ? SHEET[naming.kind].placeholder : ''}
          hint={naming ? hintOf(naming) : ''}
          submitText={naming ? SHEET[naming.kind].submitText : ''}
          busy={community.saving}
          onSubmit={submit}
          onClose={() => setNaming(null)}
        />
      )}
    </View>
  )
}

export default scaledPage(observer(GridsPage))
