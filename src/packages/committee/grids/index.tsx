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
  | { kind: 'grid'; compound: CompoundNodeDto }
  | { kind: 'rename'; id: number; what: '小区/村民小组' | '网格'; name: string }

const SHEET: Record<Naming['kind'], { placeholder: string; submitText: string }> = {
  compound: { placeholder: '如 锦绣小区、东山村民小组', submitText: '添加' },
  grid: { placeholder: '如 第7网格', submitText: '添加' },
  rename: { placeholder: '新名称', submitText: '保存' },
}

function titleOf(naming: Naming): string {
  if (naming.kind === 'compound') return '添加小区/村民小组'
  if (naming.kind === 'grid') return `添加网格 · ${naming.compound.name}`
  return `${naming.what}改名`
}

function hintOf(naming: Naming): string {
  const where = naming.kind === 'grid' || (naming.kind === 'rename' && naming.what === '网格') ? '同一小区下' : '本社区内'
  return `最多 ${NAME_MAX} 个字，${where}不能重名`
}

/** The community's compounds (小区/村民小组) and their grids. A community-level committee adds and renames; nothing is deleted. */
function GridsPage() {
  const { session, community } = useStores()
  const user = session.user
  const [naming, setNaming] = useState<Naming | null>(null)

  useEffect(() => {
    if (user && !community.trees) void community.loadTree()
  }, [user?.membershipId])
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
      const where = naming.kind === 'grid' ? `在「${naming.compound.name}」下添加网格` : '添加小区/村民小组'
      const confirmed = await confirmAction(titleOf(naming), `${where}「${name}」？添加后不能删除，只能改名。`)
      if (!confirmed) return
    }
    try {
      const done =
        naming.kind === 'compound'
          ? await community.addCompound(name)
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
