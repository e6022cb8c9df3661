import { makeAutoObservable, runInAction } from 'mobx'
import type { CreateServiceRequest, ServiceDto, UpdateServiceDispatchRequest, UpdateServiceRequest } from '../../types/api'
import type { TeamDto } from '../../types/community'
import type { Api } from '../services/api'
import { messageOf } from './errors'

type ServiceSettingsApi = Pick<Api, 'listServices' | 'updateService' | 'createService' | 'setServiceDispatch' | 'listTeams'>

/** A committee's view of its community's service catalogue: what it offers and its rules. */
export class ServiceSettingsStore {
  services: ServiceDto[] = []
  loading = false
  loaded = false
  error: string | null = null
  /** The service whose setting is being saved (its switch shows busy). */
  saving: string | null = null
  /** The community's teams, for 直接派给服务队; null until loaded. */
  teams: TeamDto[] | null = null
  teamsError: string | null = null

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
    await this.save(code, () => this.api.updateService(code, settings))
  }

  /** Saves where new orders of the service go (派单方式); as `update`, false when another save is under way. */
  async setDispatch(code: string, dispatch: UpdateServiceDispatchRequest): Promise<boolean> {
    return this.save(code, () => this.api.setServiceDispatch(code, dispatch))
  }

  /** The teams a service may be sent to; a failure is kept in `teamsError`. */
  async loadTeams(): Promise<void> {
    this.teamsError = null
    try {
      const teams = await this.api.listTeams()
      runInAction(() => (this.teams = teams))
    } catch (error) {
      runInAction(() => (this.teamsError = messageOf(error)))
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
    this.teams = null
    this.teamsError = null
  }

  /** One save at a time; the saved service replaces its row. */
  private async save(code: string, send: () => Promise<ServiceDto>): Promise<boolean> {
    if (this.saving) return false
    this.saving = code
    try {
      const saved = await send()
      runInAction(() => (this.services = this.services.map((s) => (s.code === code ? saved : s))))
      return true
    } finally {
      runInAction(() => (this.saving = null))
    }
  }
}
