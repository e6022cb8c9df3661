import { Text } from '@tarojs/components'
import { observer } from 'mobx-react-lite'
import './list-footer.scss'

/** What a paged list's footer needs of it (`PagedList` has it). */
export interface PagedFooterSource {
  loadingMore: boolean
  error: string | null
  hasMore: boolean
  loadMore(): unknown
}

/**
 * The last line of a paged list: loading, the error to retry by a tap, more to come, or the end.
 * A tap loads more too, for those who do not know to pull up.
 */
export const ListFooter = observer(function ListFooter({ list }: { list: PagedFooterSource }) {
  return (
    <Text className="list-footer" onClick={() => list.loadMore()}>
      {list.loadingMore ? '加载中…' : list.error ? `${list.error}，点此重试` : list.hasMore ? '上拉加载更多' : '没有更多了'}
    </Text>
  )
})
