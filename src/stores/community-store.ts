import { makeAutoObservable, observable, runInAction } from 'mobx'
import type { Actor } from '../domain'
import type { SkillDto } from '../../types/api'
import type { CommunityTreeDto, CreateTeamRequest, TeamDetailDto, TeamDto, UNIT_NAME_MAX, UpdateTeamRequest } from '../../types/community'
import type { Api } from '../services/api'
import { ApiRequestError } from '../services/api-error'
import { messageOf } from './errors'
import { onePage, PagedList } from './paged-list'

type CommunityApi = Pick<
  Api,
  | 'listTeams'
  | 'getTeam'
  | 'createTeam'
  | 'updateTeam'
  | 'setTeamLeader'
  | 'clearTeamLeader'
  | 'getCommunityTree'
  | 'createCompound'
  | 'createGrid'
  | 'renameOrgUnit'
  | 'listCategories'
  | 'getCommunityDirectory'
  | 'createWorkUnit'
>

/**
 * How long a team, compound or grid name may be. The app imports `types/` for types only (it is
 * not compiled into the bundle); the annotation makes the compiler hold this to the server's.
 */
export const NAME_MAX: typeof UNIT_NAME_MAX = 30

/**
 * Whether the acting identity changes its community's teams and grids: a committee at community
 * level. A compound's committee and a street administrator read (the server says the same).
 */
export function administersCommunity(actor: Pick<Actor, 'role' | 'orgPath' | 'communityPath'> | null): boolean {
  return actor?.role === 'committee' && !!actor.communityPath && actor.orgPath === actor.communityPath
}

/** A 404: the object is gone or no longer ours; what is on screen is out of date. */
const isGone = (error: unknown) => error instanceof ApiRequestError && error.status === 404

/** A community's set-up by its committee: volunteer teams (skills, leader) and the grid tree. */
export class CommunityStore {
  /** Teams of the community (a street administrator: of the street), in the server's order. */
  teams: PagedList<TeamDto>
  /** The team whose members are shown (choosing a leader), with its load state. */
  team: TeamDetailDto | null = null
  teamLoading = false
  teamError: string | null = null
  /** The community's services (code to send, name to show): what a team's skills are chosen from. */
  skillChoices: SkillDto[] | null = null
  skillsError: string | null = null
  /** The communities' compounds and grids; null until loaded. */
  trees: CommunityTreeDto[] | null = null
  treeLoading = false
  treeError: string | null = null
  /** The street's work units (驻区单位), which its Party members name at 双报到; null until loaded. */
  workUnits: { id: number; name: string }[] | null = null
  workUnitsError: string | null = null
  /** True while a write is sent: its button waits, and a second tap does nothing. */
  saving = false

  constructor(private readonly api: CommunityApi) {
    this.teams = this.newTeams()
    makeAutoObservable<CommunityStore, 'api'>(this, { api: false, teams: observable.ref })
  }

  async loadSkillChoices(): Promise<void> {
    this.skillsError = null
    try {
      const categories = await this.api.listCategories()
      runInAction(() => (this.skillChoices = categories.map(({ code, name }) => ({ code, name }))))
    } catch (error) {
      runInAction(() => (this.skillsError = messageOf(error)))
    }
  }

  /** Loads a team with its members; a failure is kept in `teamError`. */
  async loadTeam(id: number): Promise<void> {
    if (this.team?.id !== id) this.team = null
    this.teamLoading = true
    this.teamError = null
    try {
      const team = await this.api.getTeam(id)
      runInAction(() => (this.team = team))
    } catch (error) {
      runInAction(() => (this.teamError = messageOf(error)))
    } finally {
      runInAction(() => (this.teamLoading = false))
    }
  }

  closeTeam(): void {
    this.team = null
    this.teamError = null
  }

  /** Makes a team; it is listed last, as the server orders them. Rejects with the server's reason. */
  async createTeam(request: CreateTeamRequest): Promise<TeamDto | null> {
    return this.write(async () => {
      const team = await this.api.createTeam(request)
      runInAction(() => (this.teams.items = [...this.teams.items.filter((t) => t.id !== team.id), team]))
      return team
    })
  }

  async updateTeam(id: number, request: UpdateTeamRequest): Promise<TeamDto | null> {
    return this.write(async () => {
      const team = await this.api.updateTeam(id, request)
      this.settleTeam(team)
      return team
    })
  }

  async setLeader(teamId: number, userId: number): Promise<TeamDto | null> {
    return this.write(async () => {
      const team = await this.api.setTeamLeader(teamId, userId)
      this.settleTeam(team)
      return team
    })
  }

  /** The team goes without a leader: the committee alone decides who joins it until it names one. */
  async clearLeader(teamId: number): Promise<TeamDto | null> {
    return this.write(async () => {
      const team = await this.api.clearTeamLeader(teamId)
      this.settleTeam(team)
      return team
    })
  }

  async loadTree(): Promise<void> {
    if (this.treeLoading) return
    this.treeLoading = true
    this.treeError = null
    try {
      const trees = await this.api.getCommunityTree()
      runInAction(() => (this.trees = trees))
    } catch (error) {
      runInAction(() => (this.treeError = messageOf(error)))
    } finally {
      runInAction(() => (this.treeLoading = false))
    }
  }

  /** Loads the street's work units, as sign-up lists them for a community of it. */
  async loadWorkUnits(communityId: number): Promise<void> {
    this.workUnitsError = null
    try {
      const { workUnits } = await this.api.getCommunityDirectory(communityId)
      runInAction(() => (this.workUnits = workUnits))
    } catch (error) {
      runInAction(() => (this.workUnitsError = messageOf(error)))
    }
  }

  /** Adds a work unit to the street, in name order as sign-up lists them. */
  async addWorkUnit(name: string): Promise<boolean> {
    const made = await this.write(async () => {
      const unit = await this.api.createWorkUnit(name)
      runInAction(() => {
        this.workUnits = [...(this.workUnits ?? []), { id: unit.id, name: unit.name }].sort((a, b) => a.name.localeCompare(b.name, 'zh-CN'))
      })
      return unit
    })
    return made !== null
  }

  /** Adds a compound to the (committee's one) community; it shows last with no grids yet. */
  async addCompound(name: string): Promise<boolean> {
    const made = await this.write(async () => {
      const unit = await this.api.createCompound(name)
      runInAction(() => this.trees?.find((c) => c.id === unit.parentId)?.compounds.push({ id: unit.id, name: unit.name, grids: [] }))
      return unit
    })
    return made !== null
  }

  async addGrid(compoundId: number, name: string): Promise<boolean> {
    const made = await this.write(async () => {
      const unit = await this.api.createGrid(compoundId, name)
      runInAction(() => this.compound(compoundId)?.grids.push({ id: unit.id, name: unit.name, households: 0 }))
      return unit
    })
    return made !== null
  }

  /** Renames a compound or grid in place. */
  async renameUnit(id: number, name: string): Promise<boolean> {
    const renamed = await this.write(async () => {
      const unit = await this.api.renameOrgUnit(id, name)
      runInAction(() => {
        const node = unit.kind === 'compound' ? this.compound(unit.id) : this.compound(unit.parentId)?.grids.find((g) => g.id === unit.id)
        if (node) node.name = unit.name
      })
      return unit
    })
    return renamed !== null
  }

  /** Forgets everything: it belongs to one acting identity (the root store calls this on a switch). */
  reset(): void {
    this.teams = this.newTeams()
    this.team = null
    this.teamError = null
    this.trees = null
    this.treeError = null
    this.workUnits = null
    this.workUnitsError = null
    this.skillChoices = null
    this.skillsError = null
  }

  private compound(id: number) {
    return this.trees?.flatMap((c) => c.compounds).find((c) => c.id === id)
  }

  private settleTeam(team: TeamDto): void {
    this.teams.update(team.id, team)
    if (this.team?.id === team.id) Object.assign(this.team, team)
  }

  /**
   * One write at a time; null when one is already being sent. On a 404 (gone, or no longer ours
   * after an identity change elsewhere) the lists are reloaded; the error is rethrown for the
   * page to show its message.
   */
  private async write<T>(send: () => Promise<T>): Promise<T | null> {
    if (this.saving) return null
    this.saving = true
    try {
      return await send()
    } catch (error) {
      if (isGone(error)) await Promise.all([this.teams.loaded ? this.teams.refresh() : null, this.trees ? this.loadTree() : null])
      throw error
    } finally {
      runInAction(() => (this.saving = false))
    }
  }

  private newTeams(): PagedList<TeamDto> {
    return new PagedList(onePage(() => this.api.listTeams()), (team) => team.id)
  }
}
