import { makeAutoObservable, runInAction } from 'mobx'
import { ORDER_RULES, type Role } from '../domain'
import type { CommunityDirectoryDto, CommunityDto, IdentityDto, InviteDto, JoinRequestBody } from '../../types/people'
import type { Api } from '../services/api'
import { messageOf } from './errors'
import type { SessionStore } from './session-store'

/** What someone can ask to become without an invite (the others come with one). */
export const SELF_SERVICE_ROLES = ['resident', 'proxy', 'party_member', 'volunteer'] as const satisfies readonly Role[]
export type SelfServiceRole = (typeof SELF_SERVICE_ROLES)[number]

type SignupApi = Pick<Api, 'getInvite' | 'listCommunities' | 'getCommunityDirectory'>

/** A slot of data fetched for the form, with its own loading and error line. */
interface Loadable<T> {
  value: T | null
  loading: boolean
  error: string | null
}
const idle = <T>(): Loadable<T> => ({ value: null, loading: false, error: null })

// People type what the sign shows: 3号楼, 2单元. The server adds those words back.
const cleanBuilding = (text: string) => text.trim().replace(/(号楼|号|栋|幢)$/, '')
const cleanUnit = (text: string) => text.trim().replace(/单元$/, '')

/**
 * Sign-up, both steps: the person (privacy consent, name, phone) and then the identity asked
 * for — with an invite, whose role and place are given; or chosen here from the directory.
 */
export class SignupStore {
  // Step 1: the person.
  consent = false
  name = ''
  phone = ''
  /**
   * On weapp: the number is typed instead of coming from WeChat's getPhoneNumber button. WeChat's
   * review rules forbid forcing phone authorisation, so a refusal (or a client that cannot give
   * it) must leave a way on; the person may also choose it from the start.
   */
  phoneTyped = false

  // Step 2: the identity.
  inviteCode: string | null = null
  invite: Loadable<InviteDto> = idle()
  chosenRole: SelfServiceRole | null = null
  communities: Loadable<CommunityDto[]> = idle()
  communityId: number | null = null
  directory: Loadable<CommunityDirectoryDto> = idle()
  gridId: number | null = null
  building = ''
  unit = ''
  room = ''
  teamId: number | null = null
  workUnitId: number | null = null
  /** The 党支部 of a Party member, or a proxy's relation to the elder (儿子, 女儿…). */
  note = ''

  sending = false
  /** The server's (or the form's) last refusal, shown above the button until the next try. */
  error: string | null = null
  /** The identity the last request made: active (registered) or pending (waits for approval). */
  outcome: IdentityDto | null = null

  constructor(
    private readonly api: SignupApi,
    private readonly session: SessionStore,
  ) {
    makeAutoObservable<SignupStore, 'api' | 'session'>(this, { api: false, session: false })
  }

  /** Opens the form afresh, with the code of an invite link or QR code when there is one. */
  start(inviteCode?: string): void {
    Object.assign(this, {
      consent: false,
      name: this.session.me?.name ?? '',
      phone: '',
      phoneTyped: false,
      inviteCode: inviteCode?.trim() || null,
      invite: idle(),
      chosenRole: null,
      communityId: null,
      directory: idle(),
      gridId: null,
      building: '',
      unit: '',
      room: '',
      teamId: null,
      workUnitId: null,
      note: '',
      sending: false,
      error: null,
      outcome: null,
    })
  }

  /** Loads what step 2 shows first: the invite, or the communities to choose from. */
  async prepare(): Promise<void> {
    if (this.inviteCode) await this.loadInvite()
    if (!this.viaInvite && !this.communities.value) await this.loadCommunities()
  }

  // ---- step 1 ----

  set<K extends 'consent' | 'name' | 'phone' | 'building' | 'unit' | 'room' | 'note'>(field: K, value: this[K]): void {
    this[field] = value
    this.error = null
  }

  /**
   * What stops step 1, or null. `phoneFromWechat`: on weapp the number comes from WeChat's
   * getPhoneNumber button, so no typed number is checked.
   */
  profileProblem(phoneFromWechat: boolean): string | null {
    const name = this.name.trim()
    if (!this.consent) return '请先阅读并勾选同意《隐私保护指引》'
    if (!name) return '请填写您的姓名'
    if (name.length > ORDER_RULES.contactNameMax) return `姓名不能超过 ${ORDER_RULES.contactNameMax} 个字`
    if (phoneFromWechat) return null
    const phone = this.phone.trim()
    if (!phone && this.session.me?.phone) return null // keeps the bound number
    if (!ORDER_RULES.phonePattern.test(phone)) return '请填写正确的 11 位手机号'
    return null
  }

  /** Sends step 1; nothing leaves the phone before the notice is accepted. Resolves whether it worked. */
  async submitProfile(phoneCode?: string): Promise<boolean> {
    const problem = this.profileProblem(phoneCode !== undefined)
    if (problem) return this.fail(problem)
    if (this.sending) return false
    this.sending = true
    this.error = null
    const phone = this.phone.trim()
    try {
      await this.session.updateProfile({
        privacyConsent: true,
        name: this.name.trim(),
        ...(phoneCode !== undefined ? { phoneCode } : phone ? { phone } : {}),
      })
      return true
    } catch (error) {
      return this.fail(messageOf(error))
    } finally {
      runInAction(() => (this.sending = false))
    }
  }

  /** Switches between typing the number and WeChat's getPhoneNumber (weapp). */
  typePhone(typed: boolean): void {
    this.phoneTyped = typed
    this.error = null
  }

  /**
   * The answer of WeChat's getPhoneNumber button: with a code, step 1 is sent with it. Without
   * one (refused, not available to this app or client), or when the server cannot exchange it,
   * the typed field takes over rather than asking for the same authorisation again.
   * Resolves whether step 1 was saved.
   */
  async submitWechatPhone(detail: { code?: string; errMsg?: string }): Promise<boolean> {
    if (!detail.code) {
      this.typePhone(true)
      return false
    }
    const saved = await this.submitProfile(detail.code)
    // The server's refusal stays on screen, above the field that is now offered.
    if (!saved && this.error) runInAction(() => (this.phoneTyped = true))
    return saved
  }

  // ---- step 2 ----

  /** The invite in use: loaded and still usable. */
  get usableInvite(): InviteDto | null {
    const invite = this.invite.value
    return invite?.usable ? invite : null
  }

  get viaInvite(): boolean {
    return this.inviteCode !== null
  }

  get role(): Role | null {
    return this.viaInvite ? (this.usableInvite?.role ?? null) : this.chosenRole
  }

  get needsAddress(): boolean {
    return this.role === 'resident' || this.role === 'proxy'
  }

  get needsTeam(): boolean {
    return this.role === 'volunteer' && !this.usableInvite?.teamId
  }

  get needsWorkUnit(): boolean {
    return this.role === 'party_member'
  }

  /** Whether anything is picked inside a community (then its directory is needed). */
  get needsDirectory(): boolean {
    return this.needsAddress || this.needsTeam || this.needsWorkUnit
  }

  /** The grids to choose from: with an invite, those under the invite's org when they can be told apart. */
  get grids(): CommunityDirectoryDto['grids'] {
    const grids = this.directory.value?.grids ?? []
    const invite = this.usableInvite
    if (!invite) return grids
    const exact = grids.filter((grid) => grid.id === invite.orgId)
    if (exact.length) return exact
    const inviteOrgs = invite.orgName.split(' · ')
    const under = grids.filter((grid) => grid.fullName.split(' · ').some((part) => inviteOrgs.includes(part)))
    return under.length ? under : grids
  }

  /** Drops an invite that does not work, to sign up without it. */
  dropInvite(): void {
    this.inviteCode = null
    this.invite = idle()
    this.directory = idle()
    this.error = null
    void this.prepare()
  }

  chooseRole(role: SelfServiceRole): void {
    this.chosenRole = role
    this.error = null
  }

  async chooseCommunity(id: number): Promise<void> {
    if (this.communityId === id && this.directory.value) return
    this.communityId = id
    this.gridId = null
    this.teamId = null
    this.workUnitId = null
    this.error = null
    await this.loadDirectory(id)
  }

  chooseGrid(id: number): void {
    this.gridId = id
    this.error = null
  }

  chooseTeam(id: number): void {
    this.teamId = id
    this.error = null
  }

  chooseWorkUnit(id: number): void {
    this.workUnitId = id
    this.error = null
  }

  async loadInvite(): Promise<void> {
    const code = this.inviteCode
    if (!code) return
    this.invite = { value: null, loading: true, error: null }
    try {
      const invite = await this.api.getInvite(code)
      runInAction(() => {
        this.invite = { value: invite, loading: false, error: invite.usable ? null : '这个邀请码已过期或已用完，请向社区索取新的邀请码' }
      })
      const community = invite.communityId ?? (invite.role === 'party_member' ? invite.orgId : null)
      if (invite.usable && this.needsDirectory && community) await this.loadDirectory(community)
    } catch (error) {
      runInAction(() => (this.invite = { value: null, loading: false, error: messageOf(error) }))
    }
  }

  async loadCommunities(): Promise<void> {
    this.communities = { value: this.communities.value, loading: true, error: null }
    try {
      const communities = await this.api.listCommunities()
      runInAction(() => (this.communities = { value: communities, loading: false, error: null }))
      // Most places have one community: nothing to choose then.
      if (communities.length === 1 && this.communityId === null) await this.chooseCommunity(communities[0].id)
    } catch (error) {
      runInAction(() => (this.communities = { value: this.communities.value, loading: false, error: messageOf(error) }))
    }
  }

  async loadDirectory(communityId: number): Promise<void> {
    this.directory = { value: null, loading: true, error: null }
    try {
      const directory = await this.api.getCommunityDirectory(communityId)
      runInAction(() => {
        this.directory = { value: directory, loading: false, error: null }
        const grids = this.grids
        if (grids.length === 1) this.gridId = grids[0].id
      })
    } catch (error) {
      runInAction(() => (this.directory = { value: null, loading: false, error: messageOf(error) }))
    }
  }

  /** What stops step 2, or null. */
  get problem(): string | null {
    const role = this.role
    if (this.viaInvite && !this.usableInvite) return this.invite.error ?? '正在核对邀请码，请稍候'
    if (!role) return '请选择要登记的身份'
    if (!this.viaInvite && this.communityId === null) return '请选择所在社区'
    if (this.needsAddress) {
      if (this.gridId === null) return role === 'proxy' ? '请选择老人所在的网格' : '请选择您所在的网格'
      if (!this.room.trim()) return '请填写门牌号，例如 401'
      if (role === 'proxy' && !this.note.trim()) return '请选择您与老人的关系'
    }
    if (this.needsTeam && this.teamId === null) return '请选择要加入的志愿服务队'
    if (this.needsWorkUnit && this.workUnitId === null) return '请选择您的工作单位'
    return null
  }

  /** The join request the form describes (check `problem` first). */
  get request(): JoinRequestBody {
    const role = this.role!
    const invite = this.usableInvite
    const note = this.note.trim()
    return {
      role,
      ...(invite ? { invite: this.inviteCode! } : {}),
      ...(this.needsAddress
        ? { household: { gridId: this.gridId!, building: cleanBuilding(this.building), unit: cleanUnit(this.unit), room: this.room.trim() } }
        : {}),
      ...(!invite && this.communityId !== null && (role === 'party_member' || role === 'volunteer') ? { communityId: this.communityId } : {}),
      ...(this.needsTeam ? { teamId: this.teamId! } : {}),
      ...(this.needsWorkUnit ? { workUnitId: this.workUnitId! } : {}),
      ...((role === 'proxy' || role === 'party_member') && note ? { note } : {}),
    }
  }

  /**
   * Sends step 2. A membership usable at once becomes the identity acted as (that is what the
   * person came for); a pending one is shown as waiting. Resolves the outcome, or null on failure.
   */
  async submit(): Promise<IdentityDto | null> {
    const problem = this.problem
    if (problem) {
      this.fail(problem)
      return null
    }
    if (this.sending) return null
    this.sending = true
    this.error = null
    try {
      const identity = await this.session.join(this.request)
      if (identity?.status === 'active' && this.session.user?.membershipId !== identity.membershipId) {
        // Registered either way; acting as it is a convenience the person can redo on 我的.
        await this.session.switchIdentity(identity.membershipId).catch(() => undefined)
      }
      runInAction(() => (this.outcome = identity))
      return identity
    } catch (error) {
      this.fail(messageOf(error))
      return null
    } finally {
      runInAction(() => (this.sending = false))
    }
  }

  private fail(message: string): false {
    runInAction(() => (this.error = message))
    return false
  }
}
