import { makeAutoObservable, makeObservable, observable, runInAction } from 'mobx'
import { MAX_PERIOD_OFFSET, type ProblemPeriod, type ProblemState } from '../domain/problem-list'
import type { ProblemItemDto, ProblemPageDto, ProblemSummaryDto } from '../../types/problem-list'
import type { Api } from '../services/api'
import { PagedList } from './paged-list'

type ProblemListApi = Pick<Api, 'getProblemList'>

/** Which list: a period, how many periods back, and optionally one state. */
export interface ProblemListKey {
  period: ProblemPeriod
  offset: number
  state: ProblemState | null
}

const keyText = (k: ProblemListKey) => `${k.period}|${k.offset}|${k.state ?? ''}`

/** One period's list, with what its first page says about the period: its days and the counts of all its items. */
export class ProblemList extends PagedList<ProblemItemDto> {
  summary: ProblemSummaryDto | null = null
  period: ProblemPageDto['period'] | null = null

  constructor(api: ProblemListApi, readonly key: ProblemListKey) {
    super(
      async ({ cursor, limit }) => {
        const page = await api.getProblemList({ period: key.period, offset: key.offset, ...(key.state ? { state: key.state } : {}), cursor, limit })
        // Only the first page carries the counts; a later one leaves them as they were.
        runInAction(() => {
          this.period = page.period
          if (page.summary) this.summary = page.summary
        })
        return page
      },
      (item) => item.orderId,
    )
    makeObservable(this, { summary: observable, period: observable })
  }
}

/**
 * The committee's 问题清单: one list per period (本周, 本月, 本季度, and the ones before), kept
 * while the page is used so switching back shows at once what was loaded, then refreshes it.
 */
export class ProblemListStore {
  period: ProblemPeriod = 'week'
  offset = 0
  /** Only items in this state; null for all. */
  state: ProblemState | null = null
  private lists = new Map<string, ProblemList>()

  constructor(private readonly api: ProblemListApi) {
    makeAutoObservable<ProblemListStore, 'api' | 'lists'>(this, { api: false, lists: false })
  }

  get key(): ProblemListKey {
    return { period: this.period, offset: this.offset, state: this.state }
  }

  /** The list on screen; made (not loaded) on first use. */
  get current(): ProblemList {
    return this.listOf(this.key)
  }

  /**
   * The period's counts: the list's own, or while a filtered list loads for the first time the
   * unfiltered one's (the server counts every state either way), so the counts do not blink.
   */
  get summary(): ProblemSummaryDto | null {
    return this.current.summary ?? this.lists.get(keyText({ ...this.key, state: null }))?.summary ?? null
  }

  get canGoBack(): boolean {
    return this.offset < MAX_PERIOD_OFFSET
  }

  get canGoForward(): boolean {
    return this.offset > 0
  }

  /** Another kind of period, from the current one; a state filter stays. */
  setPeriod(period: ProblemPeriod): void {
    this.period = period
    this.offset = 0
  }

  /** One period back (1) or forward (-1), within what the server keeps. */
  step(by: 1 | -1): void {
    this.offset = Math.min(MAX_PERIOD_OFFSET, Math.max(0, this.offset + by))
  }

  /** Only this state's items (tapping it again, or null, shows all). */
  filter(state: ProblemState | null): void {
    this.state = state === this.state ? null : state
  }

  /** Loads the list on screen again, with the period's counts (the server counts every state, filter or not). */
  async refresh(): Promise<void> {
    await this.current.refresh()
  }

  /** Forgets every list: they belong to one acting identity (the root store calls this on a switch). */
  reset(): void {
    this.period = 'week'
    this.offset = 0
    this.state = null
    this.lists.clear()
  }

  private listOf(key: ProblemListKey): ProblemList {
    const text = keyText(key)
    let list = this.lists.get(text)
    if (!list) {
      list = new ProblemList(this.api, key)
      this.lists.set(text, list)
    }
    return list
  }
}
