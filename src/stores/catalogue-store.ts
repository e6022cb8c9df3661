import { makeAutoObservable, runInAction } from 'mobx'
import type { CategoryDto, GridDto, ResponderDto } from '../../types/api'
import type { Api } from '../services/api'
import { messageOf } from './errors'

/** Reference data that changes rarely: loaded once per session, reloaded on demand. */
export class CatalogueStore {
  categories: CategoryDto[] = []
  grids: GridDto[] = []
  responders: ResponderDto[] = []
  error: string | null = null
  loading = false

  constructor(private readonly api: Pick<Api, 'listCategories' | 'listGrids' | 'listResponders'>) {
    makeAutoObservable<CatalogueStore, 'api'>(this, { api: false })
  }

  category(code: string): CategoryDto | undefined {
    return this.categories.find((category) => category.code === code)
  }

  async loadCategories(): Promise<void> {
    await this.load(async () => {
      const categories = await this.api.listCategories()
      runInAction(() => (this.categories = categories))
    })
  }

  async loadGrids(): Promise<void> {
    await this.load(async () => {
      const grids = await this.api.listGrids()
      runInAction(() => (this.grids = grids))
    })
  }

  async loadResponders(): Promise<void> {
    await this.load(async () => {
      const responders = await this.api.listResponders()
      runInAction(() => (this.responders = responders))
    })
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
