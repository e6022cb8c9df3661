import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from '@sinclair/typebox'
import { forbidden } from '../errors'
import { requireUser, userOf } from '../plugins/auth'
import { listCategories, listGrids } from '../repositories/orders'
import { listResponders } from '../repositories/users'
import { Category, errors, Grid, Responder } from '../../types/api'

const catalogRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/categories',
    { schema: { tags: ['catalog'], summary: '服务类型', response: { 200: Type.Array(Category) } } },
    async () =>
      (await listCategories(app.db)).map(({ code, name, description, emergency, photoRequired }) => ({
        code, name, description, emergency, photoRequired,
      })),
  )

  app.get(
    '/grids',
    { preHandler: requireUser, schema: { tags: ['catalog'], summary: '当前身份所在社区的网格（街道管理员：全街道）', response: { 200: Type.Array(Grid), ...errors(401) } } },
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
