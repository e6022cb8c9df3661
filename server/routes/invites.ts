import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from '@sinclair/typebox'
import { randomBytes } from 'node:crypto'
import { canInvite, ROLE_ORG_KINDS, type Actor } from '../../src/domain'
import { forbidden, invalidInput, notFound } from '../errors'
import { requirePerson, requireUser, userOf } from '../plugins/auth'
import { rateLimited } from '../plugins/security'
import { findInvite, findInviteById, findOrg, findTeam, insertInvite, inviteUsable, listInvites, revokeInvite, type InviteRecord } from '../repositories/memberships'
import { errors, IdParams } from '../../types/api'
import { CreateInvite, Invite, InviteCodeParams, type InviteDto } from '../../types/people'

/** Roles many people join with one code; every other invite is for one seat unless said otherwise. */
const OPEN_ROLES = new Set(['resident', 'volunteer', 'party_member'])
const DEFAULT_DAYS = 30
const DAY = 24 * 3600_000

/** Where an invite's code takes the person: the sign-up page (the mini-program code carries it as `scene`). */
const SIGNUP_PAGE = 'pages/signup/index'

const invitesRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const toDto = (invite: InviteRecord): InviteDto => ({
    id: invite.id,
    code: invite.code,
    role: invite.role,
    orgId: invite.orgId,
    orgName: invite.orgName,
    communityId: invite.communityId,
    teamId: invite.teamId,
    teamName: invite.teamName,
    expiresAt: invite.expiresAt,
    maxUses: invite.maxUses,
    uses: invite.uses,
    usable: inviteUsable(invite, app.now()),
    link: `${app.config.publicUrl}/#/${SIGNUP_PAGE}?invite=${invite.code}`,
    qrUrl: `/api/invites/${invite.code}/qr`,
  })

  /** An invite this actor manages (made in their subtree), or 404. */
  const managed = async (id: number, actor: Actor) => {
    const invite = await findInviteById(app.db, id)
    if (!invite || !canInvite(actor, invite.role, invite.orgPath)) throw notFound('邀请码不存在或无权查看')
    return invite
  }

  app.post(
    '/invites',
    {
      preValidation: requireUser,
      schema: {
        tags: ['people'],
        summary: '生成邀请码（党委：居民、志愿者、网格员、党委成员、在职党员；街道管理员：社区党委）',
        body: CreateInvite,
        response: { 201: Invite, ...errors(400, 401, 403) },
      },
    },
    async (request, reply) => {
      const user = userOf(request)
      const { role, orgId, teamId, maxUses, days = DEFAULT_DAYS } = request.body
      const org = await findOrg(app.db, orgId)
      if (!org || !ROLE_ORG_KINDS[role].includes(org.kind)) throw invalidInput('参数 orgId 不合法：这个身份不能加入该组织')
      if (!canInvite(user, role, org.path)) {
        // A role the actor may grant, at an org outside their subtree: the body names a foreign org.
        if (canInvite(user, role, user.orgPath)) throw invalidInput('参数 orgId 不合法：只能为本辖区的组织发放邀请码')
        throw forbidden('您不能发放这种身份的邀请码')
      }
      if (role === 'volunteer') {
        const team = teamId === undefined ? null : await findTeam(app.db, teamId)
        if (!team || team.orgId !== org.id) throw invalidInput('参数 teamId 不合法：请选择本社区的志愿服务队')
      } else if (teamId !== undefined) throw invalidInput('参数 teamId 不合法：只有志愿者邀请码需要服务队')
      const now = app.now()
      const id = await insertInvite(app.db, {
        // 16 url-safe characters: unguessable, and short enough for a QR code's 32-character scene.
        code: randomBytes(12).toString('base64url'),
        orgId: org.id,
        role,
        teamId: teamId ?? null,
        createdBy: user.id,
        createdAt: now,
        expiresAt: new Date(now.getTime() + days * DAY),
        maxUses: maxUses ?? (OPEN_ROLES.has(role) ? null : 1),
      })
      return reply.status(201).send(toDto((await findInviteById(app.db, id))!))
    },
  )

  app.get(
    '/invites',
    {
      preValidation: requireUser,
      schema: { tags: ['people'], summary: '本辖区的邀请码', response: { 200: Type.Array(Invite), ...errors(401, 403) } },
    },
    async (request) => {
      const user = userOf(request)
      if (user.role !== 'committee' && user.role !== 'street_admin') throw forbidden('只有社区党委和街道管理员可以管理邀请码')
      return (await listInvites(app.db, user.orgPath)).filter((i) => canInvite(user, i.role, i.orgPath)).map(toDto)
    },
  )

  app.post(
    '/invites/:id/revoke',
    {
      preValidation: requireUser,
      schema: { tags: ['people'], summary: '作废邀请码', params: IdParams, response: { 200: Invite, ...errors(400, 401, 403, 404) } },
    },
    async (request) => {
      const invite = await managed(request.params.id, userOf(request))
      await revokeInvite(app.db, invite.id, app.now())
      return toDto((await findInviteById(app.db, invite.id))!)
    },
  )

  app.get(
    '/invites/:code',
    {
      preValidation: requirePerson,
      schema: {
        tags: ['people'],
        summary: '查看邀请码（登记页据此预填）',
        params: InviteCodeParams,
        response: { 200: Invite, ...errors(400, 401, 404) },
      },
    },
    async (request) => {
      const invite = await findInvite(app.db, request.params.code)
      if (!invite) throw notFound('邀请码不存在，请向社区索取新的邀请码')
      return toDto(invite)
    },
  )

  // Public: the code itself is what the image shows, and whoever holds it may join anyway.
  // Limited like a login, per address: each answer costs a call to WeChat, whose daily quota is the app's.
  app.get(
    '/invites/:code/qr',
    {
      ...rateLimited('login'),
      schema: {
        tags: ['people'],
        summary: '邀请码的小程序码图片（微信 getwxacodeunlimit）',
        params: InviteCodeParams,
        response: { 200: Type.Unsafe<Buffer>({ type: 'string', format: 'binary', description: 'image/png or image/jpeg' }), ...errors(400, 404, 429, 502) },
      },
    },
    async (request, reply) => {
      const invite = await findInvite(app.db, request.params.code)
      if (!invite || !inviteUsable(invite, app.now())) throw notFound('邀请码不存在或已失效')
      // check_path off: the page exists in every build, published or not (trial versions too).
      const image = await app.wechat.wxaCode({ scene: invite.code, page: SIGNUP_PAGE, checkPath: false, width: 430 })
      return reply.header('cache-control', 'private, max-age=3600').type(image.contentType).send(image.body)
    },
  )
}

export default invitesRoutes
