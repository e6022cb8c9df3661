import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from '@sinclair/typebox'
import { maskPhone, orgIdOf, parentPathOf } from '../../src/domain'
import { forbidden, invalidInput, notFound } from '../errors'
import { requireUser, userOf } from '../plugins/auth'
import {
  checkUnitName,
  communityTrees,
  clearTeamLeader,
  findTeamRecord,
  insertTeam,
  insertUnit,
  listTeamMembers,
  listTeamsIn,
  renameUnit,
  setTeamLeader,
  updateTeam,
  type TeamRecord,
} from '../repositories/community'
import { findOrg } from '../repositories/memberships'
import { listTeamResponders } from '../repositories/users'
import { administered, readScope } from './community-scope'
import { errors, IdParams, Responder } from '../../types/api'
import {
  CommunityTree,
  CreateCompound,
  CreateGrid,
  CreateWorkUnit,
  CreateTeam,
  OrgUnit,
  RenameOrg,
  SetTeamLeader,
  Team,
  TeamDetail,
  UNIT_NAME_MAX,
  UpdateTeam,
  type OrgUnitDto,
  type TeamDto,
} from '../../types/community'

const TEAM_HIDDEN = '服务队不存在或不属于本社区'
const UNIT_HIDDEN = '小区或网格不存在或不属于本社区'
const LED_TEAM_HIDDEN = '服务队不存在或您不是该队队长'

const teamDto = ({ communityPath: _path, ...team }: TeamRecord): TeamDto => team

/** A community's volunteer teams and its grid tree, administered by its committee. */
const communityRoutes: FastifyPluginAsyncTypebox = async (app) => {
  /** A team of the community, or 404 exactly as for an id that does not exist. */
  const ownTeam = async (id: number, communityPath: string) => {
    const team = await findTeamRecord(app.db, id)
    if (!team || !team.communityPath.startsWith(communityPath)) throw notFound(TEAM_HIDDEN)
    return team
  }

  app.get(
    '/community/teams',
    {
      preValidation: requireUser,
      schema: {
        tags: ['community'],
        summary: '本社区的志愿服务队（社区党委；街道管理员：全街道）',
        response: { 200: Type.Array(Team), ...errors(401, 403) },
      },
    },
    async (request) => (await listTeamsIn(app.db, readScope(userOf(request)))).map(teamDto),
  )

  app.get(
    '/community/teams/:id',
    {
      preValidation: requireUser,
      schema: {
        tags: ['community'],
        summary: '服务队详情和在队志愿者（设队长时选择）',
        params: IdParams,
        response: { 200: TeamDetail, ...errors(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const team = await ownTeam(request.params.id, readScope(userOf(request)))
      const members = await listTeamMembers(app.db, team.id)
      return { ...teamDto(team), members: members.map((m) => ({ ...m, phone: maskPhone(m.phone) })) }
    },
  )

  // A volunteer team's leader assigns the team's places on a call (指派): whom they may pick.
  app.get(
    '/community/teams/:id/responders',
    {
      preValidation: requireUser,
      schema: {
        tags: ['community'],
        summary: '本队可指派的志愿者（服务队队长）',
        params: IdParams,
        response: { 200: Type.Array(Responder), ...errors(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const user = userOf(request)
      if (user.role !== 'volunteer' || !user.leadsTeamId) throw forbidden('只有服务队队长可以查看本队可指派的志愿者')
      // Another team answers as one that does not exist: a leader learns nothing of the others.
      if (request.params.id !== user.leadsTeamId) throw notFound(LED_TEAM_HIDDEN)
      return listTeamResponders(app.db, user.leadsTeamId)
    },
  )

  app.post(
    '/community/teams',
    {
      preValidation: requireUser,
      schema: {
        tags: ['community'],
        summary: '新建志愿服务队（社区一级的党委）',
        body: CreateTeam,
        response: { 201: Team, ...errors(400, 401, 403) },
      },
    },
    async (request, reply) => {
      const community = administered(userOf(request))
      const name = checkUnitName(request.body.name, '服务队', UNIT_NAME_MAX)
      const id = await insertTeam(app.db, community.id, { name, skills: request.body.skills })
      return reply.status(201).send(teamDto((await findTeamRecord(app.db, id))!))
    },
  )

  app.put(
    '/community/teams/:id',
    {
      preValidation: requireUser,
      schema: {
        tags: ['community'],
        summary: '修改服务队名称和技能（社区一级的党委）',
        params: IdParams,
        body: UpdateTeam,
        response: { 200: Team, ...errors(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const community = administered(userOf(request))
      const team = await ownTeam(request.params.id, community.path)
      await updateTeam(app.db, team, { name: checkUnitName(request.body.name, '服务队', UNIT_NAME_MAX), skills: request.body.skills })
      return teamDto((await findTeamRecord(app.db, team.id))!)
    },
  )

  app.put(
    '/community/teams/:id/leader',
    {
      preValidation: requireUser,
      schema: {
        tags: ['community'],
        summary: '设置服务队队长（须是本队已生效的志愿者；社区一级的党委）',
        params: IdParams,
        body: SetTeamLeader,
        response: { 200: Team, ...errors(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const community = administered(userOf(request))
      const team = await ownTeam(request.params.id, community.path)
      await setTeamLeader(app.db, team.id, request.body.userId, userOf(request), app.now())
      return teamDto((await findTeamRecord(app.db, team.id))!)
    },
  )

  app.delete(
    '/community/teams/:id/leader',
    {
      preValidation: requireUser,
      schema: {
        tags: ['community'],
        summary: '撤销服务队队长（社区一级的党委）：之后由党委审核加入本队的志愿者，直到设了新队长',
        params: IdParams,
        response: { 200: Team, ...errors(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const community = administered(userOf(request))
      const team = await ownTeam(request.params.id, community.path)
      await clearTeamLeader(app.db, team.id, userOf(request), app.now())
      return teamDto((await findTeamRecord(app.db, team.id))!)
    },
  )

  app.get(
    '/community/tree',
    {
      preValidation: requireUser,
      schema: {
        tags: ['community'],
        summary: '本社区的小区（村民小组）和网格（社区党委；街道管理员：全街道）',
        response: { 200: Type.Array(CommunityTree), ...errors(401, 403) },
      },
    },
    async (request) => (await communityTrees(app.db, readScope(userOf(request)))).map(({ path: _path, ...tree }) => tree),
  )

  const unitDto = (org: { id: number; kind: string; name: string; parentId: number | null }): OrgUnitDto => ({
    id: org.id,
    kind: org.kind as OrgUnitDto['kind'],
    name: org.name,
    parentId: org.parentId!,
  })

  app.post(
    '/community/compounds',
    {
      preValidation: requireUser,
      schema: {
        tags: ['community'],
        summary: '新增小区或村民小组（社区一级的党委）',
        body: CreateCompound,
        response: { 201: OrgUnit, ...errors(400, 401, 403) },
      },
    },
    async (request, reply) => {
      const community = administered(userOf(request))
      const name = checkUnitName(request.body.name, '小区/村民小组', UNIT_NAME_MAX)
      // The acting membership's own org: a community-level committee's is the community itself.
      const parent = (await findOrg(app.db, community.id))!
      return reply.status(201).send(unitDto(await insertUnit(app.db, parent, 'compound', name)))
    },
  )

  app.post(
    '/community/work-units',
    {
      preValidation: requireUser,
      schema: {
        tags: ['community'],
        summary: '新增驻区单位（街道下，本街道各社区的在职党员双报到时可选；社区一级的党委）',
        body: CreateWorkUnit,
        response: { 201: OrgUnit, ...errors(400, 401, 403) },
      },
    },
    async (request, reply) => {
      const community = administered(userOf(request), '驻区单位')
      const name = checkUnitName(request.body.name, '单位', UNIT_NAME_MAX)
      // Work units belong to the street: every community of it offers them at 双报到.
      const street = (await findOrg(app.db, orgIdOf(parentPathOf(community.path))!))!
      return reply.status(201).send(unitDto(await insertUnit(app.db, street, 'work_unit', name)))
    },
  )

  app.post(
    '/community/grids',
    {
      preValidation: requireUser,
      schema: {
        tags: ['community'],
        summary: '在小区（村民小组）下新增网格（社区一级的党委）',
        body: CreateGrid,
        response: { 201: OrgUnit, ...errors(400, 401, 403) },
      },
    },
    async (request, reply) => {
      const community = administered(userOf(request))
      const name = checkUnitName(request.body.name, '网格', UNIT_NAME_MAX)
      const compound = await findOrg(app.db, request.body.compoundId)
      if (!compound || compound.kind !== 'compound' || compound.parentId !== community.id) {
        throw invalidInput('参数 compoundId 不合法：请选择本社区的小区或村民小组')
      }
      return reply.status(201).send(unitDto(await insertUnit(app.db, compound, 'grid', name)))
    },
  )

  app.put(
    '/community/orgs/:id',
    {
      preValidation: requireUser,
      schema: {
        tags: ['community'],
        summary: '重命名小区（村民小组）或网格（社区一级的党委）',
        params: IdParams,
        body: RenameOrg,
        response: { 200: OrgUnit, ...errors(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const community = administered(userOf(request))
      const org = await findOrg(app.db, request.params.id)
      if (!org || (org.kind !== 'compound' && org.kind !== 'grid') || org.parentId === null || !org.path.startsWith(community.path)) {
        throw notFound(UNIT_HIDDEN)
      }
      const what = org.kind === 'grid' ? '网格' : '小区/村民小组'
      const name = checkUnitName(request.body.name, what, UNIT_NAME_MAX)
      return unitDto(await renameUnit(app.db, { ...org, kind: org.kind, parentId: org.parentId }, name))
    },
  )
}

export default communityRoutes
