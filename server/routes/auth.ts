import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from '@sinclair/typebox'
import { maskPhone } from '../../src/domain'
import type { UserDto } from '../../types/api'
import { ApiError, notFound } from '../errors'
import { issueSession, requireUser, userOf } from '../plugins/auth'
import { rateLimited } from '../plugins/security'
import { createWechatResident, findUser, findUserIdByOpenid, listDemoAccounts, type UserRecord } from '../repositories/users'
import { DemoAccount, DemoLogin, errors, Session, User, WechatLogin } from '../../types/api'

export const toUserDto = (user: UserRecord): UserDto => ({
  id: user.id,
  name: user.name,
  role: user.role,
  phone: maskPhone(user.phone),
  orgPath: user.orgPath,
  orgName: user.orgName,
  teamName: user.teamName,
})

const authRoutes: FastifyPluginAsyncTypebox = async (app) => {
  async function sessionFor(userId: number) {
    const token = await issueSession(app.db, userId, app.now())
    const user = await findUser(app.db, userId)
    return { token, user: toUserDto(user!) }
  }

  app.post(
    '/auth/wechat',
    {
      ...rateLimited('login'),
      schema: {
        tags: ['auth'],
        summary: '微信登录：用 wx.login 的 code 换会话',
        body: WechatLogin,
        response: { 200: Session, ...errors(400, 401, 403, 429, 502) },
      },
    },
    async (request) => {
      const { openid } = await app.wechat.code2Session(request.body.code)
      // Production never guesses where an unknown person lives; the demo puts them in the first grid.
      const userId =
        (await findUserIdByOpenid(app.db, openid)) ?? (app.config.demoLogin ? await createWechatResident(app.db, openid, app.now()) : null)
      if (userId === null) {
        // The operator needs the openid to register this person (`npm run admin -- create-committee --openid`).
        request.log.info({ openid }, 'WeChat login without registration')
        throw new ApiError(403, 'not_registered', '您还没有登记住址，请联系社区或扫描社区的邀请码登记')
      }
      return sessionFor(userId)
    },
  )

  app.get(
    '/me',
    { preHandler: requireUser, schema: { tags: ['auth'], summary: '当前用户', response: { 200: User, ...errors(401) } } },
    async (request) => toUserDto(userOf(request)),
  )

  // Demo login: pick any seeded account. Registered only outside production, so it 404s there.
  if (!app.config.demoLogin) return

  app.get(
    '/auth/demo-accounts',
    { schema: { tags: ['auth'], summary: '演示账号（仅非生产环境）', response: { 200: Type.Array(DemoAccount) } } },
    async () => (await listDemoAccounts(app.db)).map(({ id, name, role, orgName, teamName }) => ({ id, name, role, orgName, teamName })),
  )

  app.post(
    '/auth/demo',
    {
      ...rateLimited('login'),
      schema: {
        tags: ['auth'],
        summary: '以演示账号登录（仅非生产环境）',
        body: DemoLogin,
        response: { 200: Session, ...errors(400, 404, 429) },
      },
    },
    async (request) => {
      if (!(await findUser(app.db, request.body.userId))) throw notFound('账号不存在')
      return sessionFor(request.body.userId)
    },
  )
}

export default authRoutes
