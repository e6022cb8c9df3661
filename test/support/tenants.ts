/**
 * The seeded street's three communities (tenants), read from the database, and fixtures made in
 * them through the API as real people would make them: fresh people who sign up, ask for
 * memberships and get invited; orders placed by a household and handled by its committee.
 */
import { sql } from 'drizzle-orm'
import type { Role } from '../../src/domain'
import type { UserRecord } from '../../server/repositories/users'
import { WechatError, type WechatClient, type WechatWebClient } from '../../server/wechat/client'
import type { CreateOrderRequest, OrderDetailDto, TransitionOutcomeDto, TransitionRequest, UploadDto } from '../../types/api'
import type { CreateInviteRequest, IdentityDto, InviteDto, JoinRequestBody, MeDto, SessionDto } from '../../types/people'
import { queryRows, type TestApp } from './app'
import { call, multipart } from './http'
import { solidPng } from './png'

/** WeChat as far as these tests need it: any code logs in, and the invite QR image is a PNG. */
export const tenantWechat: WechatClient & WechatWebClient = {
  async code2Session(code) {
    return { openid: `tenant-test-${code}`, sessionKey: 'k' }
  },
  async oauth2AccessToken(code) {
    return { openid: `tenant-web-${code}` }
  },
  async accessToken() {
    return 'token'
  },
  async phoneNumber() {
    throw new WechatError(40029, 'invalid code')
  },
  async wxaCode() {
    return { contentType: 'image/png', body: solidPng(2, 2, [0, 0, 0]) }
  },
  async sendSubscribeMessage() {
    throw new WechatError(43101, 'user refuse to accept the msg')
  },
}

export const TENANT_KEYS = ['sunshine', 'happiness', 'village'] as const
export type TenantKey = (typeof TENANT_KEYS)[number]
/** The seed's community names, in seed order: the first is the "own" one of every actor. */
export const TENANT_NAMES: Record<TenantKey, string> = { sunshine: '阳光社区大党委', happiness: '幸福社区党委', village: '青山村党支部' }

export interface HouseholdRef {
  id: number
  gridId: number
  orgPath: string
  building: string
  unit: string
  room: string
}

export interface Tenant {
  key: TenantKey
  name: string
  /** The community's org id and path (`/1/8/`). */
  id: number
  path: string
  grids: { id: number; path: string }[]
  /** The community's first volunteer team. */
  teamId: number
  /** Its community-level committee member and a session acting as them. */
  committee: UserRecord
  committeeToken: string
  households: HouseholdRef[]
  /** Seeded resident identities (each speaks for a household). */
  residents: UserRecord[]
  /** Seeded volunteers (responders a committee may dispatch to). */
  volunteers: UserRecord[]
}

export interface Res<T = unknown> {
  status: number
  body: T
  text: string
}

/** A setup request must succeed; a failure here is a broken fixture, not a finding. */
export function must<T>(res: Res<T>, what: string): T {
  if (res.status < 200 || res.status > 299) throw new Error(`fixture: ${what} answered ${res.status} ${res.text.slice(0, 300)}`)
  return res.body
}

export async function request<T = unknown>(t: TestApp, token: string | null, method: string, url: string, payload?: unknown): Promise<Res<T>> {
  const { status, body, response } = await call<T>(t.app, token, {
    method: method as 'GET',
    url,
    ...(payload === undefined ? {} : { payload: payload as object }),
  })
  return { status, body, text: response.body }
}

export async function loadTenants(t: TestApp): Promise<Record<TenantKey, Tenant>> {
  const db = t.database.db
  const tenants = {} as Record<TenantKey, Tenant>
  for (const key of TENANT_KEYS) {
    const [community] = await queryRows<{ id: number; path: string }>(db, sql`select id, path from orgs where kind = 'community' and name = ${TENANT_NAMES[key]}`)
    const under = `${community.path}%`
    const grids = await queryRows<{ id: number; path: string }>(db, sql`select id, path from orgs where kind = 'grid' and path like ${under} order by id`)
    const [team] = await queryRows<{ id: number }>(db, sql`select id from teams where org_id = ${community.id} order by id limit 1`)
    const households = await queryRows<HouseholdRef>(
      db,
      sql`select id, grid_id as "gridId", org_path as "orgPath", building, unit, room from households where org_path like ${under} order by id`,
    )
    const committee = t.accounts.find((a) => a.role === 'committee' && a.orgPath === community.path)
    if (!committee) throw new Error(`no community committee in ${TENANT_NAMES[key]}`)
    tenants[key] = {
      key,
      name: TENANT_NAMES[key],
      id: community.id,
      path: community.path,
      grids,
      teamId: team.id,
      committee,
      committeeToken: await t.login(committee.id, committee.membershipId),
      households,
      residents: t.accounts.filter((a) => a.role === 'resident' && a.communityPath === community.path),
      volunteers: t.accounts.filter((a) => a.role === 'volunteer' && a.communityPath === community.path),
    }
  }
  return tenants
}

/** Fixtures made through the API. Every person and address is new, so fixtures never collide. */
export class TenantFixtures {
  private seq = 0
  private householdTokens = new Map<number, string>()

  constructor(
    readonly t: TestApp,
    readonly tenants: Record<TenantKey, Tenant>,
  ) {}

  /** A number no earlier fixture used: for codes, names and addresses. */
  next(): number {
    return ++this.seq
  }

  /** A new person, signed in over WeChat, who accepted the privacy notice and gave name and phone; no membership yet. */
  async person(): Promise<{ id: number; token: string }> {
    const n = this.next()
    const session = must(await request<SessionDto>(this.t, null, 'POST', '/api/auth/wechat', { code: `person-${n}` }), 'wechat login')
    must(
      await request(this.t, session.token, 'PUT', '/api/me/profile', { privacyConsent: true, name: `测试${n}`, phone: `139${String(n).padStart(8, '0')}` }),
      'profile',
    )
    return { id: session.me.id, token: session.token }
  }

  /** Asks for a membership; answers the identity it made (the person's newest of that role). */
  async join(token: string, body: JoinRequestBody): Promise<IdentityDto> {
    const me = must(await request<MeDto>(this.t, token, 'POST', '/api/memberships', body), `join ${JSON.stringify(body)}`)
    const mine = me.identities.filter((i) => i.role === body.role).sort((a, b) => b.membershipId - a.membershipId)
    return mine[0]
  }

  /** A fresh household address in the grid (building T, a unit no one used). */
  freshAddress(gridId: number) {
    return { gridId, building: 'T', unit: String(this.next()), room: '101' }
  }

  /**
   * A pending membership in the tenant, from a new person: a 双报到 Party member of the community,
   * a volunteer for its first team, or a family proxy of one of its households.
   */
  async pending(tenant: Tenant, kind: 'party_member' | 'volunteer' | 'proxy', household?: HouseholdRef): Promise<number> {
    const { token } = await this.person()
    const workUnit = (await queryRows<{ id: number }>(this.t.database.db, sql`select id from orgs where kind = 'work_unit' order by id limit 1`))[0]
    const body: JoinRequestBody =
      kind === 'party_member'
        ? { role: kind, communityId: tenant.id, workUnitId: workUnit.id }
        : kind === 'volunteer'
          ? { role: kind, teamId: tenant.teamId }
          : { role: kind, household: { gridId: household!.gridId, building: household!.building, unit: household!.unit, room: household!.room }, note: '儿子' }
    const identity = await this.join(token, body)
    if (identity.status !== 'pending') throw new Error(`fixture: ${kind} request is ${identity.status}`)
    return identity.membershipId
  }

  /** An active resident membership of a new person at a new address in the tenant's first grid. */
  async activeResident(tenant: Tenant): Promise<{ membershipId: number; userId: number; token: string }> {
    const person = await this.person()
    const identity = await this.join(person.token, { role: 'resident', household: this.freshAddress(tenant.grids[0].id) })
    return { membershipId: identity.membershipId, userId: person.id, token: person.token }
  }

  /** An invite made by the tenant's committee: residents of its first grid, committee members of the community, volunteers of its team. */
  async invite(tenant: Tenant, role: Role): Promise<InviteDto> {
    const body: CreateInviteRequest =
      role === 'resident' || role === 'proxy' || role === 'grid_worker'
        ? { role, orgId: tenant.grids[0].id }
        : role === 'volunteer'
          ? { role, orgId: tenant.id, teamId: tenant.teamId }
          : { role, orgId: tenant.id }
    return must(await request<InviteDto>(this.t, tenant.committeeToken, 'POST', '/api/invites', body), `invite ${role} in ${tenant.name}`)
  }

  /** Uploads a small PNG as `token`; answers its URL. */
  async upload(token: string): Promise<string> {
    const { payload, headers } = multipart('file', 'photo.png', 'image/png', solidPng(2, 2, [this.next() % 256, 0, 0]))
    const response = await this.t.app.inject({ method: 'POST', url: '/api/uploads', payload, headers: { ...headers, authorization: `Bearer ${token}` } })
    if (response.statusCode !== 201) throw new Error(`fixture: upload answered ${response.statusCode} ${response.body}`)
    return (response.json() as UploadDto).url
  }

  /** A session speaking for a seeded household (its first resident). */
  async householdToken(householdId: number): Promise<string> {
    let token = this.householdTokens.get(householdId)
    if (!token) this.householdTokens.set(householdId, (token = await this.t.loginAsHousehold(householdId)))
    return token
  }

  /** A valid order draft; the household is the placer's own unless named. */
  draft(overrides: Partial<CreateOrderRequest> = {}): CreateOrderRequest {
    return {
      categoryCode: 'meals',
      description: `隔离测试订单 ${this.next()}：请帮忙送餐`,
      address: '测试地址1号',
      contactName: '测试居民',
      contactPhone: '13800001111',
      urgency: 'normal',
      ...overrides,
    }
  }

  /** Places an order as `token` (its own household unless the draft names one). */
  async placeOrder(token: string, overrides: Partial<CreateOrderRequest> = {}): Promise<number> {
    return must(await request<OrderDetailDto>(this.t, token, 'POST', '/api/orders', this.draft(overrides)), 'place order').id
  }

  async act(token: string, orderId: number, body: TransitionRequest): Promise<TransitionOutcomeDto> {
    return must(await request<TransitionOutcomeDto>(this.t, token, 'POST', `/api/orders/${orderId}/transitions`, body), `${body.action} order ${orderId}`)
  }

  /**
   * A household of the tenant whose resident is nobody else: not one of `byRole`'s people, and
   * holding no other identity, so fixture orders are nobody's business but the tenant's.
   */
  plainHousehold(tenant: Tenant): number {
    const actors = new Set(Object.values(this.t.byRole).map((a) => a.id))
    const plain = tenant.residents.filter((r) => !actors.has(r.id) && this.t.accounts.filter((a) => a.id === r.id).length === 1)
    return plain[plain.length - 1].householdId!
  }

  /**
   * A fresh order of the tenant for a plain household (or the one named), then as asked: left
   * submitted, published to the hall, or dispatched to a responder.
   */
  async order(tenant: Tenant, then: 'submitted' | 'open' | { dispatchTo: number } = 'submitted', householdId?: number): Promise<number> {
    const household = householdId ?? this.plainHousehold(tenant)
    const id = await this.placeOrder(await this.householdToken(household))
    if (then === 'open') await this.act(tenant.committeeToken, id, { action: 'publish' })
    else if (then !== 'submitted') await this.act(tenant.committeeToken, id, { action: 'dispatch', assigneeId: then.dispatchTo })
    return id
  }
}
