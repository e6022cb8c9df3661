import { makeAutoObservable, runInAction } from 'mobx'
import { ANY_SERVICE, URGENCIES, clockTargetsProblem, type Urgency } from '../domain'
import type { ClockTargetDto, ClockTargetKeyDto, ClockTargetPageDto } from '../../types/clock-targets'
import type { Api } from '../services/api'
import { messageOf } from './errors'

type ClockTargetApi = Pick<Api, 'getClockTargets' | 'setClockTarget' | 'removeClockTarget'>

/** One line of the table: the limits that apply, and whether the community set them itself. */
export interface ClockTargetRow extends ClockTargetDto {
  /** false: the default applies (nothing stored for this key). */
  own: boolean
}

/**
 * The community's time limits (服务时限) as its committee reads and sets them. Every change
 * answers with the whole page, so the table is always what the server stores.
 */
export class ClockTargetStore {
  page: ClockTargetPageDto | null = null
  loading = false
  error: string | null = null
  /** The key being saved or reset; one change at a time. */
  saving: string | null = null
  /** Why the last set or reset did not happen (the domain's check or the server's answer). */
  saveError: string | null = null

  constructor(private readonly api: ClockTargetApi) {
    makeAutoObservable<ClockTargetStore, 'api'>(this, { api: false })
  }

  get loaded(): boolean {
    return this.page !== null
  }

  /** For each urgency, what applies to every service: the community's '*' row, else the default. */
  get communityRows(): ClockTargetRow[] {
    const page = this.page
    if (!page) return []
    return URGENCIES.flatMap((urgency): ClockTargetRow[] => {
      const own = page.overrides.find((o) => o.categoryCode === ANY_SERVICE && o.urgency === urgency)
      if (own) return [{ ...own, own: true }]
      const fallback = page.defaults.find((d) => d.urgency === urgency)
      return fallback ? [{ ...fallback, categoryCode: ANY_SERVICE, own: false }] : []
    })
  }

  /** The services with limits of their own, as the server orders them (by service, then urgency). */
  get serviceRows(): ClockTargetRow[] {
    return (this.page?.overrides ?? []).filter((o) => o.categoryCode !== ANY_SERVICE).map((o) => ({ ...o, own: true }))
  }

  async load(): Promise<void> {
    this.loading = true
    this.error = null
    try {
      const page = await this.api.getClockTargets()
      runInAction(() => (this.page = page))
    } catch (error) {
      runInAction(() => (this.error = messageOf(error)))
    } finally {
      runInAction(() => (this.loading = false))
    }
  }

  /** Sets one key's limits; false with `saveError` when the domain or the server refuses them. */
  async set(target: ClockTargetDto): Promise<boolean> {
    const problem = clockTargetsProblem(target)
    if (problem) {
      this.saveError = problem
      return false
    }
    return this.change(target, () => this.api.setClockTarget(target))
  }

  /** Drops the community's own limits for one key: the default (or the '*' row) applies again. */
  async remove(key: ClockTargetKeyDto): Promise<boolean> {
    return this.change(key, () => this.api.removeClockTarget({ categoryCode: key.categoryCode, urgency: key.urgency }))
  }

  clearSaveError(): void {
    this.saveError = null
  }

  reset(): void {
    this.page = null
    this.loading = false
    this.error = null
    this.saving = null
    this.saveError = null
  }

  private async change(key: { categoryCode: string; urgency: Urgency }, send: () => Promise<ClockTargetPageDto>): Promise<boolean> {
    if (this.saving) return false
    this.saving = `${key.categoryCode}/${key.urgency}`
    this.saveError = null
    try {
      const page = await send()
      runInAction(() => (this.page = page))
      return true
    } catch (error) {
      runInAction(() => (this.saveError = messageOf(error)))
      return false
    } finally {
      runInAction(() => (this.saving = null))
    }
  }
}
