import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from '@sinclair/typebox'
import { notFound } from '../errors'
import { issueSession } from '../plugins/auth'
import { rateLimited } from '../plugins/security'
import { defaultMembershipOf, findIdentity, findOrCreateWechatPerson, findPerson, listDemoAccounts } from '../repositories/users'
import { errors, DemoLogin, WechatLogin } from '../../types/api'
import { DemoAccount, Session } from '../../types/people'
import { meOf } from './me'

const authRoutes: FastifyPluginAsyncTypebox = async (app) => {
  async function sessionFor(userId: number, membershipId?: number) {
    const acting = membershipId ?? (await defaultMembershipOf(app.db, userId))
    const token = await issueSession(app.db, userId, app.now(), acting ?? undefined)
    return { token, me: await meOf(app.db, (await findPerson(app.db, userId))!, acting) }
  }

  app.post(
    '/auth/wechat',
    {
      ...rateLimited('login'),
      schema: {
        tags: ['auth'],
        summary: '微信登录：用 wx.login 的 code 换会话（新用户随后登记）',
        body: WechatLogin,
        response: { 200: Session, ...errors(400, 401, 429, 502) },
      },
    },
    async (request) => {
      const { openid } = await app.wechat.code2Session(request.body.code)
      // A first login knows only the openid: the person exists, holds no membership yet, and the
      // app leads them to sign-up (privacy notice first). Nobody is guessed into a grid.
      return sessionFor(await findOrCreateWechatPerson(app.db, openid, app.now()))
    },
  )

  // Demo login: pick any seeded identity. Registered only outside production, so it 404s there.
  if (!app.config.demoLogin) return

  app.get(
    '/auth/demo-accounts',
    { schema: { tags: ['auth'], summary: '演示身份（仅非生产环境）', response: { 200: Type.Array(DemoAccount) } } },
    async () =>
      (await listDemoAccounts(app.db)).map(({ id, membershipId, name, role, orgName, teamName }) => ({ id, membershipId, name, role, orgName, teamName })),
  )

  app.post(
    '/auth/demo',
    {
      ...rateLimited('login'),
      schema: {
        tags: ['auth'],
        summary: '以演示身份登录（仅非生产环境）',
        body: DemoLogin,
        response: { 200: Session, ...errors(400, 404, 429) },
      },
    },
    async (request) => {
      const { userId, membershipId } = request.body
      if (!(await findPerson(app.db, userId))) throw notFound('账号不存在')
      if (membershipId !== undefined && !(await findIdentity(app.db, userId, membershipId))) throw notFound('该身份不存在或未生效')
      return sessionFor(userId, membershipId)
    },
  )
}

export default authRoutes
