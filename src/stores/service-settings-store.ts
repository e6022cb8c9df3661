import { makeAutoObservable, runInAction } from 'mobx'
import type { CreateServiceRequest, ServiceDto, UpdateServiceRequest } from '../../types/api'
import type { Api } from '../services/api'
import { messageOf } from './errors'

type ServiceSettingsApi = Pick<Api, 'listServices' | 'updateService' | 'createService'>

/** A committee's view of its community's service catalogue: what it offers and its rules. */
export class ServiceSettingsStore {
  services: ServiceDto[] = []
  loading = false
  loaded = false
  error: string | null = null
  /** The service whose setting is being saved (its switch shows busy). */
  saving: string | null = null

  constructor(private readonly api: ServiceSettingsApi) {
    makeAutoObservable<ServiceSettingsStore, 'api'>(this, { api: false })
  }

  async load(): Promise<void> {
    this.loading = true
    this.error = null
    try {
      const services = await this.api.listServices()
      runInAction(() => {
        this.services = services
        this.loaded = true
      })
    } catch (error) {
      runInAction(() => (this.error = messageOf(error)))
    } finally {
      runInAction(() => (this.loading = false))
    }
  }

  /** Saves one service's settings; rejects with the server's reason, and the list keeps what is stored. */
  async update(code: string, settings: UpdateServiceRequest): Promise<void> {
    if (this.saving) return
    this.saving = code
    try {
      const saved = await this.api.updateService(code, settings)
      runInAction(() => (this.services = this.services.map((s) => (s.code === code ? saved : s))))
    } finally {
      runInAction(() => (this.saving = null))
    }
  }

  /** Adds a service of the community's own, listed last as the server orders it. */
  async add(service: CreateServiceRequest): Promise<ServiceDto> {
    const created = await this.api.createService(service)
    runInAction(() => (this.services = [...this.services, created]))
    return created
  }

  reset(): void {
    this.services = []
    this.loaded = false
    this.error = null
    this.saving = null
  }
}
