import { action, computed, makeObservable, observable, runInAction } from 'mobx'
import { messageOf } from './errors'

/** One page of a cursor-paged list, as every list route answers. */
export interface Page<T> {
  items: T[]
  /** Where the next page starts; null on the last page. */
  nextCursor: string | null
  /** How many there are in all, when the route counts them. */
  total?: number
}

/** Fetches one page; `cursor` is absent for the first. */
export type PageFetcher<T> = (page: { cursor?: string; limit: number }) => Promise<Page<T>>

/** For routes that answer the whole list at once: one page and no more. */
export const onePage =
  <T>(fetchAll: () => Promise<T[]>): PageFetcher<T> =>
  async () => ({ items: await fetchAll(), nextCursor: null })

/**
 * A paged, refreshable list with its loading, empty and error state: orders, members, pending
 * requests, invites. Subclasses add what their items need (OrderList patches a card in place).
 */
export class PagedList<T> {
  items: T[] = []
  nextCursor: string | null = null
  /** The server's count of all items (loaded or not), kept as items leave; null when the route gives none. */
  total: number | null = null
  loading = false
  loadingMore = false
  /** Set when the last load failed; shown with a retry button (or under the list if it has items). */
  error: string | null = null
  loaded = false
  private quiet: Promise<void> | null = null
  private quietAgain = false

  constructor(
    private readonly fetchPage: PageFetcher<T>,
    /** The identity of an item, so a page that overlaps the last one adds no duplicates. */
    private readonly keyOf: (item: T) => string | number,
    private readonly pageSize = 20,
  ) {
    // makeObservable rather than makeAutoObservable: the latter refuses classes that are subclassed.
    makeObservable(this, {
      items: observable,
      nextCursor: observable,
      total: observable,
      loading: observable,
      loadingMore: observable,
      error: observable,
      loaded: observable,
      hasMore: computed,
      isEmpty: computed,
      refresh: action,
      loadMore: action,
      remove: action,
      update: action,
      prepend: action,
    })
  }

  get hasMore(): boolean {
    return this.nextCursor !== null
  }

  get isEmpty(): boolean {
    return this.loaded && this.items.length === 0
  }

  /** Loads the first page again (pull-to-refresh, or coming back to the page). */
  async refresh(): Promise<void> {
    if (this.loading) return
    this.loading = true
    this.error = null
    try {
      const page = await this.fetchPage({ limit: this.pageSize })
      this.replace(page.items, page.nextCursor, page.total)
    } catch (error) {
      runInAction(() => (this.error = messageOf(error)))
    } finally {
      runInAction(() => (this.loading = false))
    }
  }

  /**
   * Loads what is shown again without a spinner (something changed elsewhere): as many items as
   * are shown, up to `maxPage`. Changes arriving while it runs make it run once more after; a
   * failure keeps what is shown (the next change or a pull-down tries again).
   */
  refreshQuietly(maxPage = 50): Promise<void> {
    if (!this.loaded) return Promise.resolve()
    if (this.quiet) {
      this.quietAgain = true
      return this.quiet
    }
    const run = async () => {
      do {
        this.quietAgain = false
        const limit = Math.min(maxPage, Math.max(this.pageSize, this.items.length))
        const page = await this.fetchPage({ limit }).catch(() => null)
        // A pull-down or a next page under way would be overwritten: theirs wins.
        if (page && !this.loading && !this.loadingMore) this.replace(page.items, page.nextCursor, page.total)
      } while (this.quietAgain)
    }
    this.quiet = run().finally(() => (this.quiet = null))
    return this.quiet
  }

  /** Appends the next page; does nothing while a load runs or on the last page. */
  async loadMore(): Promise<void> {
    if (this.loading || this.loadingMore || !this.nextCursor) return
    this.loadingMore = true
    this.error = null
    try {
      const page = await this.fetchPage({ cursor: this.nextCursor, limit: this.pageSize })
      runInAction(() => {
        const known = new Set(this.items.map(this.keyOf))
        this.items.push(...page.items.filter((item) => !known.has(this.keyOf(item))))
        this.nextCursor = page.nextCursor
        this.total = page.total ?? null
      })
    } catch (error) {
      runInAction(() => (this.error = messageOf(error)))
    } finally {
      runInAction(() => (this.loadingMore = false))
    }
  }

  private replace(items: T[], nextCursor: string | null, total?: number): void {
    runInAction(() => {
      this.items = items
      this.nextCursor = nextCursor
      this.total = total ?? null
      this.loaded = true
    })
  }

  find(key: string | number): T | undefined {
    return this.items.find((item) => this.keyOf(item) === key)
  }

  /** Drops an item that no longer belongs here (decided, handed away, filtered out). */
  remove(key: string | number): void {
    if (this.total !== null && this.find(key) !== undefined) this.total = Math.max(0, this.total - 1)
    this.items = this.items.filter((item) => this.keyOf(item) !== key)
  }

  /** Changes a listed item in place, so only its card re-renders; unknown keys are ignored. */
  update(key: string | number, changes: Partial<T>): void {
    const listed = this.find(key)
    if (listed) Object.assign(listed as object, changes)
  }

  /** Puts a new item first (lists are newest first); replaces it when already listed. */
  prepend(item: T): void {
    this.items = [item, ...this.items.filter((listed) => this.keyOf(listed) !== this.keyOf(item))]
  }
}
