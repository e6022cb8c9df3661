import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from '@sinclair/typebox'
import { maskName } from '../../src/domain'
import { ApiError, forbidden, invalidInput, notFound } from '../errors'
import { requirePerson, requireUser, userOf } from '../plugins/auth'
import type { UserRecord } from '../repositories/users'
import { correctHousehold, findHousehold, householdAt, householdIdAt, listHouseholds, mergeHouseholds } from '../repositories/households'
import { findOrg, listCommunities, listTeams, listWorkUnits } from '../repositories/memberships'
import { listGrids } from '../repositories/orders'
import { errors, IdParams } from '../../types/api'
import { Community, CommunityDirectory, CorrectHousehold, Household, HouseholdAddress, HouseholdsQuery, type CorrectHouseholdRequest } from '../../types/people'

const HOUSEHOLD_GONE = '住户已被更正或合并，请刷新后重试'

/** What sign-up picks from (communities, grids, teams, work units) and the households grid workers order for. */
const directoryRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/directory/communities',
    {
      preValidation: requirePerson,
      schema: { tags: ['people'], summary: '可登记的社区和村', response: { 200: Type.Array(Community), ...errors(401) } },
    },
    async () => listCommunities(app.db),
  )

  app.get(
    '/directory/communities/:id',
    {
      preValidation: requirePerson,
      schema: {
        tags: ['people'],
        summary: '社区内可选的网格、志愿服务队和单位',
        params: IdParams,
        response: { 200: CommunityDirectory, ...errors(400, 401, 404) },
      },
    },
    async (request) => {
      const community = await findOrg(app.db, request.params.id)
      if (!community || community.kind !== 'community') throw notFound('没有这个社区')
      const [grids, teams, workUnits] = await Promise.all([
        listGrids(app.db, community.path),
        listTeams(app.db, community.id),
        listWorkUnits(app.db, community),
      ])
      return { id: community.id, name: community.name, grids: grids.map(({ id, name, path, fullName }) => ({ id, name, path, fullName })), teams, workUnits }
    },
  )

  const mayKeepHouseholds = (role: string) => role === 'grid_worker' || role === 'committee'

  app.get(
    '/households',
    {
      preValidation: requireUser,
      schema: {
        tags: ['people'],
        summary: '辖区内的住户（网格员代居民点单时选择）',
        querystring: HouseholdsQuery,
        response: { 200: Type.Array(Household), ...errors(400, 401, 403) },
      },
    },
    async (request) => {
      const user = userOf(request)
      if (!mayKeepHouseholds(user.role)) throw forbidden('只有网格员和社区党委可以查看住户')
      const rows = await listHouseholds(app.db, user.orgPath, { q: request.query.q?.trim() || undefined })
      return rows.map((h) => ({ ...h, residents: h.residents.map(maskName) }))
    },
  )

  app.post(
    '/households',
    {
      preValidation: requireUser,
      schema: {
        tags: ['people'],
        summary: '登记住户（为没有微信的老人等，由网格员或社区党委登记）',
        body: HouseholdAddress,
        response: { 200: Household, 201: Household, ...errors(400, 401, 403) },
      },
    },
    async (request, reply) => {
      const user = userOf(request)
      if (!mayKeepHouseholds(user.role)) throw forbidden('只有网格员和社区党委可以登记住户')
      const grid = await findOrg(app.db, request.body.gridId)
      if (!grid || grid.kind !== 'grid' || !grid.path.startsWith(user.orgPath)) throw invalidInput('参数 gridId 不合法：请选择您负责的网格')
      const household = await householdAt(app.db, grid, request.body, app.now())
      return reply.status(household.created ? 201 : 200).send(await maskedHousehold(household.id, grid.path))
    },
  )

  const maskedHousehold = async (id: number, scopePath: string) => {
    const [row] = await listHouseholds(app.db, scopePath, { id })
    return { ...row, residents: row.residents.map(maskName) }
  }

  /** A change to household :id at the place the body names: correcting it, or merging it into the one there. */
  const householdChange = (summary: string, description?: string) => ({
    preValidation: requireUser,
    schema: { tags: ['people'], summary, description, params: IdParams, body: CorrectHousehold, response: { 200: Household, ...errors(400, 401, 403, 404, 409) } },
  })

  /** The household in the actor's area and the place the body names (its grid by default), or the refusal. */
  const householdAndPlace = async (request: { params: { id: number }; body: CorrectHouseholdRequest }, user: UserRecord) => {
    if (!mayKeepHouseholds(user.role)) throw forbidden('只有网格员和社区党委可以更正住户')
    const household = await findHousehold(app.db, request.params.id)
    if (!household || !household.orgPath.startsWith(user.orgPath)) throw notFound('住户不存在或不在您负责的范围')
    const grid = await findOrg(app.db, request.body.gridId ?? household.gridId)
    // Within the actor's area is within the household's community: a committee's area is one community or less.
    if (!grid || grid.kind !== 'grid' || !grid.path.startsWith(user.orgPath)) throw invalidInput('参数 gridId 不合法：请选择您负责的网格')
    return { household, place: { ...request.body, grid } }
  }

  // A resident orders as soon as they register; the committee (or the grid's worker) corrects the address later.
  app.put(
    '/households/:id',
    householdChange(
      '更正住户的门牌或网格（网格员或社区党委；住户的人和订单随之更正）',
      '新门牌已有另一户登记时答 409 household_exists：如是同一户重复登记，用 POST /api/households/:id/merge 合并。',
    ),
    async (request) => {
      const user = userOf(request)
      const { household, place } = await householdAndPlace(request, user)
      const outcome = await correctHousehold(app.db, household.id, place, { actor: user, note: null, at: app.now() })
      if (outcome === 'occupied') throw new ApiError(409, 'household_exists', '这个门牌已有另一户登记。如果是同一户重复登记，可以把两户合并')
      if (outcome === 'gone') throw notFound(HOUSEHOLD_GONE)
      return maskedHousehold(household.id, user.orgPath)
    },
  )

  app.post(
    '/households/:id/merge',
    householdChange('把重复登记的住户并入该门牌已有的一户（人和订单随之并入，本户删除）'),
    async (request) => {
      const user = userOf(request)
      const { household, place } = await householdAndPlace(request, user)
      const intoId = await householdIdAt(app.db, place.grid.id, place)
      if (intoId === null) throw notFound('这个门牌还没有住户登记，请直接更正住址')
      if (intoId === household.id) throw new ApiError(409, 'conflict', '这就是本户的门牌，无需合并')
      const merged = await mergeHouseholds(app.db, household.id, intoId, { actor: user, note: null, at: app.now() })
      if (!merged) throw notFound(HOUSEHOLD_GONE)
      return maskedHousehold(intoId, user.orgPath)
    },
  )
}

export default directoryRoutes
