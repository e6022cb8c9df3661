import { makeAutoObservable, runInAction } from 'mobx'
import type { CategoryDto, GridDto, ResponderDto } from '../../types/api'
import type { HouseholdAddressRequest, HouseholdDto } from '../../types/people'
import type { Api } from '../services/api'
import { messageOf } from './errors'

type CatalogueApi = Pick<Api, 'listCategories' | 'listGrids' | 'listResponders' | 'listTeamResponders' | 'listHouseholds' | 'registerHousehold' | 'getCommunityDirectory'>

/** Whom a 党委呼叫 can address: the community's volunteer teams and the work units around it. */
export interface CallOptions {
  teams: { id: number; name: string }[]
  workUnits: { id: number; name: string }[]
}

/**
 * The households a grid worker may order for, searched by address. Kept apart from the other
 * reference data: it has its own loading and error line under the search box.
 */
export class HouseholdSearch {
  items: HouseholdDto[] = []
  query = ''
  loading = false
  error: string | null = null
  loaded = false
  /** Answers may arrive out of order while someone types: only the latest search counts. */
  private latest = 0

  constructor(private readonly api: Pick<Api, 'listHouseholds' | 'registerHousehold'>) {
    makeAutoObservable<HouseholdSearch, 'api' | 'latest'>(this, { api: false, latest: false })
  }

  async search(query: string): Promise<void> {
    const ticket = ++this.latest
    this.query = query
    this.loading = true
    this.error = null
    try {
      const items = await this.api.listHouseholds(query.trim() || undefined)
      if (ticket !== this.latest) return
      runInAction(() => {
        this.items = items
        this.loaded = true
      })
    } catch (error) {
      if (ticket === this.latest) runInAction(() => (this.error = messageOf(error)))
    } finally {
      if (ticket === this.latest) runInAction(() => (this.loading = false))
    }
  }

  /** Registers a household not known yet and lists it first; rejects with the server's reason. */
  async register(address: HouseholdAddressRequest): Promise<HouseholdDto> {
    const household = await this.api.registerHousehold(address)
    runInAction(() => (this.items = [household, ...this.items.filter((item) => item.id !== household.id)]))
    return household
  }

  find(id: number | null): HouseholdDto | undefined {
    return this.items.find((item) => item.id === id)
  }

  reset(): void {
    this.latest += 1
    this.items = []
    this.query = ''
    this.loading = false
    this.error = null
    this.loaded = false
  }
}

/** Reference data that changes rarely: loaded once per session, reloaded on demand. */
export class CatalogueStore {
  categories: CategoryDto[] = []
  /** The categories have been answered once: an empty list then means the community offers none, not "still loading". */
  categoriesLoaded = false
  grids: GridDto[] = []
  responders: ResponderDto[] = []
  callOptions: CallOptions = { teams: [], workUnits: [] }
  error: string | null = null
  loading = false
  readonly households: HouseholdSearch

  constructor(private readonly api: CatalogueApi) {
    this.households = new HouseholdSearch(api)
    makeAutoObservable<CatalogueStore, 'api'>(this, { api: false, households: false })
  }

  category(code: string): CategoryDto | undefined {
    return this.categories.find((category) => category.code === code)
  }

  async loadCategories(): Promise<void> {
    await this.load(async () => {
      const categories = await this.api.listCategories()
      runInAction(() => {
        this.categories = categories
        this.categoriesLoaded = true
      })
    })
  }

  async loadGrids(): Promise<void> {
    await this.load(async () => {
      const grids = await this.api.listGrids()
      runInAction(() => (this.grids = grids))
    })
  }

  /**
   * Whom a dispatch or an invite may name: the committee's responders or, with `ledTeamId`, the
   * members of the team a volunteer leads (a leader sees no one else).
   */
  async loadResponders(ledTeamId?: number | null): Promise<void> {
    await this.load(async () => {
      const responders = ledTeamId ? await this.api.listTeamResponders(ledTeamId) : await this.api.listResponders()
      runInAction(() => (this.responders = responders))
    })
  }

  /** The teams and work units of the community with this id (the committee's). */
  async loadCallOptions(communityId: number): Promise<void> {
    await this.load(async () => {
      const { teams, workUnits } = await this.api.getCommunityDirectory(communityId)
      runInAction(() => (this.callOptions = { teams: teams.map(({ id, name }) => ({ id, name })), workUnits }))
    })
  }

  /** Drops what depends on the identity acting (its community's grids, responders, households). */
  forgetScoped(): void {
    this.grids = []
    this.responders = []
    this.callOptions = { teams: [], workUnits: [] }
    this.households.reset()
  }

  private async load(task: () => Promise<void>): Promise<void> {
    this.loading = true
    this.error = null
    try {
      await task()
    } catch (error) {
      runInAction(() => (this.error = messageOf(error)))
    } finally {
      runInAction(() => (this.loading = false))
    }
  }
}
