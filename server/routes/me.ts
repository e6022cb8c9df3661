import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { initialStatus, maskPhone, parentPathOf, ROLE_ORG_KINDS, type MembershipEvent, type OrgKind } from '../../src/domain'
import type { Db } from '../db/client'
import { ApiError, forbidden, invalidInput, notFound } from '../errors'
import { personOf, requirePerson } from '../plugins/auth'
import { householdAt, livesThere } from '../repositories/households'
import { changeStatus, consumeInvite, findInvite, findMembershipFacts, findOrg, findTeam, insertMembership, inviteUsable } from '../repositories/memberships'
import { actAsWhereUnset, findIdentity, findPerson, findPrincipalBySession, listIdentities, setSessionMembership, updateProfile, type IdentityRecord, type Person } from '../repositories/users'
import { WechatError } from '../wechat/client'
import { errors, IdParams } from '../../types/api'
import { ActAs, JoinRequest, Me, UpdateProfile, type IdentityDto, type JoinRequestBody, type MeDto } from '../../types/people'

const identityDto = (i: IdentityRecord): IdentityDto => ({
  membershipId: i.membershipId,
  role: i.role,
  status: i.status,
  orgId: i.orgId,
  orgPath: i.orgPath,
  orgName: i.orgName,
  communityPath: i.communityPath,
  teamName: i.teamName,
  householdId: i.householdId,
  householdAddress: i.householdAddress,
  workUnitName: i.workUnitName,
  teamId: i.teamId,
  workUnitId: i.workUnitId,
  leadsTeamId: i.leadsTeamId,
})

/** The person as 我的 shows them, acting as `actingId` (when it is one of their active memberships). */
export async function meOf(db: Db, person: Person, actingId: number | null): Promise<MeDto> {
  const identities = (await listIdentities(db, person.id)).map(identityDto)
  return {
    id: person.id,
    name: person.name,
    phone: maskPhone(person.phone),
    consented: person.consented,
    acting: identities.find((i) => i.membershipId === actingId && i.status === 'active') ?? null,
    identities,
  }
}

const HISTORY_EVENT: Record<'at_once' | 'approval' | 'invite', MembershipEvent> = { at_once: 'registered', approval: 'requested', invite: 'invited' }

const meRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.addHook('preValidation', requirePerson)

  app.get('/me', { schema: { tags: ['people'], summary: '当前用户、当前身份和全部身份', response: { 200: Me, ...errors(401) } } }, async (request) =>
    meOf(app.db, personOf(request), request.user?.membershipId ?? null),
  )

  app.put(
    '/me/profile',
    {
      schema: {
        tags: ['people'],
        summary: '登记第一步：同意隐私保护指引，填写姓名，绑定手机号（小程序用 getPhoneNumber 的 code，H5 直接填写）',
        body: UpdateProfile,
        response: { 200: Me, ...errors(400, 401, 502) },
      },
    },
    async (request) => {
      const person = personOf(request)
      const { name, phone, phoneCode } = request.body
      if (phone !== undefined && phoneCode !== undefined) throw invalidInput('参数 phone 和 phoneCode 只能二选一')
      let bound = phone
      if (phoneCode !== undefined) {
        try {
          bound = (await app.wechat.phoneNumber(phoneCode)).purePhoneNumber
        } catch (error) {
          if (error instanceof WechatError && error.isInvalidCode) throw invalidInput('手机号授权已失效，请重新点击获取手机号')
          throw error
        }
      }
      if (bound === undefined && !person.phone) throw invalidInput('请绑定手机号：社区和服务人员需要联系您')
      await updateProfile(app.db, person.id, { name: name.trim(), phone: bound, consentAt: app.now() })
      return meOf(app.db, (await findPerson(app.db, person.id))!, request.user?.membershipId ?? null)
    },
  )

  app.put(
    '/me/acting',
    {
      schema: { tags: ['people'], summary: '切换当前身份', body: ActAs, response: { 200: Me, ...errors(400, 401, 404) } },
    },
    async (request) => {
      const person = personOf(request)
      const identity = await findIdentity(app.db, person.id, request.body.membershipId)
      if (!identity) throw notFound('该身份不存在或尚未生效')
      await setSessionMembership(app.db, request.sessionHash!, identity.membershipId)
      return meOf(app.db, person, identity.membershipId)
    },
  )

  app.delete(
    '/me/identities/:id',
    {
      schema: {
        tags: ['people'],
        summary: '本人撤回申请或退出一个身份（正在使用的身份退出后，改用另一个已生效的身份）',
        params: IdParams,
        response: { 200: Me, ...errors(400, 401, 404, 409) },
      },
    },
    async (request) => {
      const person = personOf(request)
      const facts = await findMembershipFacts(app.db, request.params.id)
      // Someone else's identity is as unknown as one that does not exist.
      if (!facts || facts.userId !== person.id) throw notFound('该身份不存在')
      if (facts.status === 'ended') throw new ApiError(409, 'conflict', '这个身份已经结束')
      // The applicant is the actor: a request withdrawn by its applicant tells nobody (membershipNoticesOf).
      const actor = { id: person.id, role: facts.role, orgPath: facts.orgPath }
      const ended = await changeStatus(app.db, request.params.id, facts.status, 'ended', { event: 'ended', actor, note: null, at: app.now() })
      if (!ended) throw new ApiError(409, 'conflict', '这个身份刚刚发生了变化，请刷新后查看')
      // The session acted as it? It now acts as another active identity, or none (changeStatus).
      const acting = (await findPrincipalBySession(app.db, request.sessionHash!, app.now()))?.acting?.membershipId ?? null
      return meOf(app.db, person, acting)
    },
  )

  app.post(
    '/memberships',
    {
      schema: {
        tags: ['people'],
        summary: '登记或申请一个身份：居民登记住址、亲情代理、双报到党员、志愿者入队，或凭邀请码加入',
        body: JoinRequest,
        response: { 200: Me, 201: Me, ...errors(400, 401, 403) },
      },
    },
    async (request, reply) => {
      const person = personOf(request)
      if (!person.consented || !person.name || !person.phone) {
        throw forbidden('请先阅读并同意隐私保护指引，填写姓名并绑定手机号')
      }
      const now = app.now()
      const { role } = request.body
      const target = await joinTarget(app.db, request.body, now)
      const viaInvite = target.invite !== null
      const membership = await app.db.transaction(async (tx) => {
        const household = target.household ? await householdAt(tx, target.org, target.household, now) : null
        const homeTaken = household !== null && !household.created && (await livesThere(tx, household.id, person.id))
        const status = initialStatus(role, { viaInvite, homeTaken })!
        const created = await insertMembership(
          tx,
          {
            userId: person.id,
            role,
            orgId: target.org.id,
            status,
            householdId: household?.id ?? null,
            teamId: target.teamId,
            workUnitId: target.workUnitId,
            note: request.body.note?.trim() || null,
            approvedBy: status === 'active' ? (target.invite?.createdBy ?? null) : null,
          },
          // The applicant is the actor of their own request: the history says who asked.
          { event: HISTORY_EVENT[status === 'pending' ? 'approval' : viaInvite ? 'invite' : 'at_once'], actor: { id: person.id, role, orgPath: target.org.path }, note: null, at: now },
        )
        // The invite's use and the membership commit together: a failed use undoes the membership.
        if (created.created && target.invite && !(await consumeInvite(tx, target.invite.code, now))) {
          throw invalidInput('邀请码已失效或已用完，请向社区索取新的邀请码')
        }
        return created
      })
      const active = membership.status === 'active'
      if (active) await actAsWhereUnset(app.db, person.id, membership.id)
      const actingId = request.user?.membershipId ?? (active ? membership.id : null)
      return reply.status(membership.created ? 201 : 200).send(await meOf(app.db, person, actingId))
    },
  )
}

interface JoinTarget {
  org: { id: number; path: string }
  household: { building: string; unit: string; room: string } | null
  teamId: number | null
  workUnitId: number | null
  invite: { code: string; createdBy: number } | null
}

/** Where a join request lands and how it starts, or a 4xx saying what is missing. */
async function joinTarget(db: Db, body: JoinRequestBody, now: Date): Promise<JoinTarget> {
  const invite = body.invite ? await findInvite(db, body.invite) : null
  if (body.invite && (!invite || !inviteUsable(invite, now))) throw invalidInput('邀请码无效、已过期或已用完，请向社区索取新的邀请码')
  if (invite && invite.role !== body.role) throw invalidInput('参数 role 不合法：这个邀请码不是用于这个身份的')
  if (!initialStatus(body.role, { viaInvite: invite !== null, homeTaken: false })) throw forbidden('这个身份需要社区发放的邀请码')

  const orgOfKind = async (id: number | undefined, field: string, kinds: readonly OrgKind[]) => {
    const org = id === undefined ? null : await findOrg(db, id)
    if (!org || !kinds.includes(org.kind)) throw invalidInput(`参数 ${field} 不合法：请重新选择`)
    return org
  }
  const base = { household: null, teamId: null, workUnitId: null, invite: invite && { code: invite.code, createdBy: invite.createdBy } }
  switch (body.role) {
    case 'resident':
    case 'proxy': {
      if (!body.household) throw invalidInput('参数 household 不合法：请填写住址（网格、楼栋、单元、门牌）')
      const grid = await orgOfKind(body.household.gridId, 'household.gridId', ['grid'])
      if (invite && invite.orgId !== grid.id && !grid.path.startsWith(invite.orgPath)) throw invalidInput('参数 household.gridId 不合法：邀请码不属于这个网格')
      return { ...base, org: grid, household: body.household }
    }
    case 'party_member': {
      const community = await orgOfKind(invite?.orgId ?? body.communityId, 'communityId', ['community'])
      const unit = await orgOfKind(body.workUnitId, 'workUnitId', ['work_unit'])
      // A 双报到 names a unit of the community's own street, as sign-up lists them.
      if (!unit.path.startsWith(parentPathOf(community.path))) throw invalidInput('参数 workUnitId 不合法：这个单位不在本社区所在的街道，请重新选择')
      return { ...base, org: community, workUnitId: unit.id }
    }
    case 'volunteer': {
      const team = await findTeam(db, invite?.teamId ?? body.teamId ?? 0)
      if (!team) throw invalidInput('参数 teamId 不合法：请选择志愿服务队')
      return { ...base, org: await orgOfKind(team.orgId, 'teamId', ['community']), teamId: team.id }
    }
    default: {
      // Invite-only roles: the invite names the org.
      const org = await orgOfKind(invite?.orgId, 'invite', ROLE_ORG_KINDS[body.role])
      return { ...base, org }
    }
  }
}

export default meRoutes
