import { makeAutoObservable, observable, runInAction } from 'mobx'
import type { MembershipStatus } from '../domain'
import type {
  CommunityDirectoryDto,
  CommunityDto,
  CorrectHouseholdRequest,
  CreateInviteRequest,
  DecisionRequest,
  InviteDto,
  MemberDto,
  MembersQueryDto,
  MembershipOutcomeDto,
} from '../../types/people'
import type { Api } from '../services/api'
import { ApiRequestError } from '../services/api-error'
import { messageOf } from './errors'
import { onePage, PagedList } from './paged-list'

type PeopleApi = Pick<
  Api,
  | 'listPendingMembers'
  | 'decideMembership'
  | 'endMembership'
  | 'correctHousehold'
  | 'mergeHousehold'
  | 'listMembers'
  | 'createInvite'
  | 'listInvites'
  | 'revokeInvite'
  | 'getCommunityDirectory'
  | 'listCommunities'
>

export type MemberFilter = Pick<MembersQueryDto, 'status' | 'role'>

/** One filtered page-by-page view of the member directory. */
export class MemberList extends PagedList<MemberDto> {
  constructor(
    api: Pick<Api, 'listMembers'>,
    readonly filter: MemberFilter,
    pageSize = 20,
  ) {
    super((page) => api.listMembers({ ...filter, ...page }), (member) => member.membershipId, pageSize)
  }

  /** Whether a membership in `status` belongs in this view. */
  admits(status: MembershipStatus): boolean {
    return this.filter.status === undefined || this.filter.status === status
  }
}

/** A 409 (someone decided first) or 404 (no longer ours to act on): the list on screen is out of date. */
const isStale = (error: unknown) => error instanceof ApiRequestError && (error.status === 409 || error.status === 404)

/** Committee administration: requests to approve, the member directory, and invites. */
export class PeopleStore {
  /** Requests the acting identity may decide, oldest first, page by page; `total` counts them all. */
  pending: PagedList<MemberDto>
  invites: PagedList<InviteDto>
  /** Memberships whose decision or removal is being sent: their buttons wait. */
  busy = new Set<number>()
  creatingInvite = false
  /** The invite being revoked. */
  revoking: number | null = null
  /** Every community, for a street administrator picking where a committee invite goes. */
  communities: CommunityDto[] | null = null
  directoryError: string | null = null
  private directories = new Map<number, CommunityDirectoryDto>()
  private memberLists = new Map<string, MemberList>()

  constructor(private readonly api: PeopleApi) {
    this.pending = this.newPending()
    this.invites = this.newInvites()
    makeAutoObservable<PeopleStore, 'api' | 'memberLists'>(this, {
      api: false,
      memberLists: false,
      pending: observable.ref,
      invites: observable.ref,
    })
  }

  /** The directory view for a filter; the same filter always gives the same list, so chips keep their scroll. */
  members(filter: MemberFilter): MemberList {
    const key = JSON.stringify([filter.status ?? '', filter.role ?? ''])
    let list = this.memberLists.get(key)
    if (!list) {
      list = new MemberList(this.api, filter)
      this.memberLists.set(key, list)
    }
    return list
  }

  /** Reloads the directory views already shown (coming back to the page: approvals elsewhere change them). */
  refreshMembers(): Promise<void[]> {
    return Promise.all([...this.memberLists.values()].filter((list) => list.loaded).map((list) => list.refresh()))
  }

  /**
   * Approves or rejects a request; it then leaves the pending list. When someone else decided
   * first (409) or it is no longer ours (404), the list is reloaded and the server's message
   * rethrown for the page to show.
   */
  async decide(membershipId: number, decision: DecisionRequest): Promise<MembershipOutcomeDto | null> {
    if (this.busy.has(membershipId)) return null
    this.busy.add(membershipId)
    try {
      const outcome = await this.api.decideMembership(membershipId, decision)
      this.settle(outcome)
      return outcome
    } catch (error) {
      // Awaited, so the page sees the list as it is now when it explains the failure.
      if (isStale(error)) await this.pending.refresh()
      throw error
    } finally {
      runInAction(() => this.busy.delete(membershipId))
    }
  }

  /** Removes a member (the committee ends their membership); the reason goes into its history. */
  async end(membershipId: number, note?: string): Promise<MembershipOutcomeDto | null> {
    if (this.busy.has(membershipId)) return null
    this.busy.add(membershipId)
    try {
      const outcome = await this.api.endMembership(membershipId, note)
      this.settle(outcome)
      return outcome
    } catch (error) {
      if (isStale(error)) await Promise.all([...this.memberLists.values()].filter((list) => list.find(membershipId)).map((list) => list.refresh()))
      throw error
    } finally {
      runInAction(() => this.busy.delete(membershipId))
    }
  }

  /**
   * Corrects where a member's household is (its address, or another grid); every listed member of
   * it shows the new one (after a move, the lists reload). `occupied`: another household is registered there, so nothing changed;
   * if the two are one home, `mergeHousehold` joins them. Null: nothing sent (already busy).
   */
  async correctHousehold(member: MemberDto, address: CorrectHouseholdRequest): Promise<'corrected' | 'occupied' | null> {
    return this.changingHousehold(member, async (householdId): Promise<'corrected' | 'occupied'> => {
      try {
        const household = await this.api.correctHousehold(householdId, address)
        // Another grid changes each member's 所属 line too, which only the server names: reload.
        if (household.gridId !== member.orgId) await this.refreshMembers()
        else {
          runInAction(() => {
            for (const list of this.memberLists.values()) {
              for (const item of list.items) if (item.householdId === household.id) list.update(item.membershipId, { householdAddress: household.address })
            }
          })
        }
        return 'corrected'
      } catch (error) {
        if (error instanceof ApiRequestError && error.code === 'household_exists') return 'occupied'
        throw error
      }
    })
  }

  /** Merges a member's household into the one registered at `address`: its people move (a duplicate identity ends), so the lists reload. */
  async mergeHousehold(member: MemberDto, address: CorrectHouseholdRequest): Promise<void> {
    await this.changingHousehold(member, async (householdId) => {
      await this.api.mergeHousehold(householdId, address)
      await this.refreshMembers()
    })
  }

  private async changingHousehold<T>(member: MemberDto, change: (householdId: number) => Promise<T>): Promise<T | null> {
    if (member.householdId === null || this.busy.has(member.membershipId)) return null
    this.busy.add(member.membershipId)
    try {
      return await change(member.householdId)
    } finally {
      runInAction(() => this.busy.delete(member.membershipId))
    }
  }

  async createInvite(request: CreateInviteRequest): Promise<InviteDto> {
    this.creatingInvite = true
    try {
      const invite = await this.api.createInvite(request)
      this.invites.prepend(invite)
      return invite
    } finally {
      runInAction(() => (this.creatingInvite = false))
    }
  }

  async revokeInvite(id: number): Promise<InviteDto | null> {
    if (this.revoking !== null) return null
    this.revoking = id
    try {
      const invite = await this.api.revokeInvite(id)
      this.invites.update(id, invite)
      return invite
    } finally {
      runInAction(() => (this.revoking = null))
    }
  }

  /** Grids and teams of a community, loaded once per community. */
  directory(communityId: number): CommunityDirectoryDto | undefined {
    return this.directories.get(communityId)
  }

  async loadDirectory(communityId: number): Promise<void> {
    this.directoryError = null
    try {
      const directory = await this.api.getCommunityDirectory(communityId)
      runInAction(() => this.directories.set(communityId, directory))
    } catch (error) {
      runInAction(() => (this.directoryError = messageOf(error)))
    }
  }

  async loadCommunities(): Promise<void> {
    this.directoryError = null
    try {
      const communities = await this.api.listCommunities()
      runInAction(() => (this.communities = communities))
    } catch (error) {
      runInAction(() => (this.directoryError = messageOf(error)))
    }
  }

  /** Forgets everything: the lists belong to one acting identity (the root store calls this on a switch). */
  reset(): void {
    this.pending = this.newPending()
    this.invites = this.newInvites()
    this.memberLists.clear()
    this.directories.clear()
    this.communities = null
    this.directoryError = null
  }

  /** A decided or ended membership: out of the pending list, and out of directory views that no longer admit it. */
  private settle({ membershipId, status }: MembershipOutcomeDto): void {
    this.pending.remove(membershipId)
    this.memberLists.forEach((list) => (list.admits(status) ? list.update(membershipId, { status }) : list.remove(membershipId)))
  }

  private newPending(): PagedList<MemberDto> {
    return new PagedList((page) => this.api.listPendingMembers(page), (member) => member.membershipId)
  }

  private newInvites(): PagedList<InviteDto> {
    return new PagedList(onePage(() => this.api.listInvites()), (invite) => invite.id)
  }
}
