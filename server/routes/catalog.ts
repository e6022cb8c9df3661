import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from '@sinclair/typebox'
import { orgIdOf } from '../../src/domain'
import type { Db } from '../db/client'
import { forbidden, invalidInput, notFound } from '../errors'
import { requireUser, userOf } from '../plugins/auth'
import { findCommunityTeam, insertOwnService, listServices, setServiceDispatch, setServiceSettings, type ServiceRecord } from '../repositories/catalogue'
import { listGrids } from '../repositories/orders'
import { listResponders, type UserRecord } from '../repositories/users'
import { Category, CreateService, errors, Grid, Responder, Service, ServiceCodeParams, UpdateService, UpdateServiceDispatch } from '../../types/api'

const categoryDto = ({ code, name, description, emergency, photoRequired }: ServiceRecord) => ({ code, name, description, emergency, photoRequired })

/** The community a committee administers: only a community-level committee sets its catalogue. */
function administeredCommunity(user: UserRecord): { id: number; path: string } {
  if (user.role !== 'committee' || user.orgPath !== user.communityPath) throw forbidden('只有社区党委（社区一级）可以设置本社区的服务目录')
  return { id: orgIdOf(user.orgPath)!, path: user.orgPath }
}

/** A service of the community as its committee sees it (settings included); 404 when it offers none such. */
async function ownService(db: Db, communityPath: string, code: string): Promise<ServiceRecord> {
  const service = (await listServices(db, communityPath)).find((s) => s.code === code)
  if (!service) throw notFound('本社区没有这项服务')
  return service
}

const catalogRoutes: FastifyPluginAsyncTypebox = async (app) => {
  // Open to anyone (home shows services before sign-in): the shared catalogue; signed in, the
  // acting identity's community's, without what it switched off.
  app.get(
    '/categories',
    { schema: { tags: ['catalog'], summary: '服务类型（登录后为所在社区的服务目录）', response: { 200: Type.Array(Category) } } },
    async (request) => {
      const path = request.user ? (request.user.communityPath ?? null) : null
      return (await listServices(app.db, path, { enabledOnly: true })).map(categoryDto)
    },
  )

  app.get(
    '/catalogue',
    {
      preValidation: requireUser,
      schema: { tags: ['catalog'], summary: '本社区的服务目录及设置（社区党委）', response: { 200: Type.Array(Service), ...errors(401, 403) } },
    },
    async (request) => {
      const user = userOf(request)
      if (user.role !== 'committee' || !user.communityPath) throw forbidden('只有社区党委可以查看服务目录设置')
      return listServices(app.db, user.communityPath)
    },
  )

  app.put(
    '/catalogue/:code',
    {
      preValidation: requireUser,
      schema: {
        tags: ['catalog'],
        summary: '设置本社区的一项服务：启用/停用，是否必须附照片',
        params: ServiceCodeParams,
        body: UpdateService,
        response: { 200: Service, ...errors(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const community = administeredCommunity(userOf(request))
      const service = await ownService(app.db, community.path, request.params.code)
      // 助急 is the one tap an elder relies on: it is always there.
      if (service.emergency && !request.body.enabled) throw invalidInput('紧急求助不能停用')
      await setServiceSettings(app.db, community.id, service.code, request.body)
      return ownService(app.db, community.path, service.code)
    },
  )

  app.put(
    '/catalogue/:code/dispatch',
    {
      preValidation: requireUser,
      schema: {
        tags: ['catalog'],
        summary: '设置本社区一项服务的派单方式：由社区党委派单、直接发布到接单大厅，或直接派给本社区的服务队（紧急求助始终先由党委受理）',
        params: ServiceCodeParams,
        body: UpdateServiceDispatch,
        response: { 200: Service, ...errors(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const community = administeredCommunity(userOf(request))
      const service = await ownService(app.db, community.path, request.params.code)
      const { mode, teamId = null } = request.body
      // A life at risk needs someone who answers for it at once: the committee (see defaultDispatchOf).
      if (service.emergency && mode !== 'committee') throw invalidInput('紧急求助始终先由社区党委受理，不能直接发布或派给服务队')
      if (mode !== 'team' && teamId !== null) throw invalidInput('参数 teamId 不合法：只有「直接派给服务队」需要选择服务队')
      if (mode === 'team') {
        if (teamId === null) throw invalidInput('请选择派给哪一支服务队')
        const team = await findCommunityTeam(app.db, teamId, community.id)
        if (!team) throw invalidInput('参数 teamId 不合法：服务队不存在或不属于本社区')
        if (team.members === 0) throw invalidInput(`「${team.name}」还没有在队的志愿者，订单派过去将无人接单：请先邀请志愿者加入，或另选服务队`)
      }
      await setServiceDispatch(app.db, community.id, service.code, { dispatchMode: mode, dispatchTeamId: teamId })
      return ownService(app.db, community.path, service.code)
    },
  )

  app.post(
    '/catalogue',
    {
      preValidation: requireUser,
      schema: {
        tags: ['catalog'],
        summary: '为本社区新增一项服务',
        body: CreateService,
        response: { 201: Service, ...errors(400, 401, 403) },
      },
    },
    async (request, reply) => {
      const community = administeredCommunity(userOf(request))
      const name = request.body.name.trim()
      const description = request.body.description.trim()
      if (!name || !description) throw invalidInput('请填写服务名称和说明')
      if ((await listServices(app.db, community.path)).some((s) => s.name === name)) throw invalidInput(`本社区已有服务「${name}」`)
      const code = await insertOwnService(app.db, community.id, { name, description, photoRequired: request.body.photoRequired })
      return reply.status(201).send((await listServices(app.db, community.path)).find((s) => s.code === code)!)
    },
  )

  app.get(
    '/grids',
    { preHandler: requireUser, schema: { tags: ['catalog'], summary: '当前身份所在社区的网格（街道管理员：全街道）', response: { 200: Type.Array(Grid), ...errors(401, 403) } } },
    async (request) =>
      (await listGrids(app.db, userOf(request).communityPath ?? userOf(request).orgPath)).map(({ id, name, path, fullName }) => ({ id, name, path, fullName })),
  )

  app.get(
    '/responders',
    {
      preHandler: requireUser,
      schema: { tags: ['catalog'], summary: '可派单的党员和志愿者（社区党委）', response: { 200: Type.Array(Responder), ...errors(401, 403) } },
    },
    async (request) => {
      const user = userOf(request)
      if (user.role !== 'committee') throw forbidden('只有社区党委可以查看')
      return listResponders(app.db, user.orgPath)
    },
  )
}

export default catalogRoutes
