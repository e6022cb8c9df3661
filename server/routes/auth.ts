import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from '@sinclair/typebox'
import { ApiError, notFound } from '../errors'
import { issueSession } from '../plugins/auth'
import { rateLimited } from '../plugins/security'
import { defaultMembershipOf, findIdentity, findOrCreateWechatPerson, findPerson, listDemoAccounts } from '../repositories/users'
import { errors, DemoLogin, WebLoginInfo, WechatLogin } from '../../types/api'
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
      const { openid, unionid } = await app.wechat.code2Session(request.body.code)
      // A first login knows only the openid: the person exists, holds no membership yet, and the
      // app leads them to sign-up (privacy notice first). Nobody is guessed into a grid.
      return sessionFor(await findOrCreateWechatPerson(app.db, { app: 'miniprogram', openid, unionid }, app.now()))
    },
  )

  app.get(
    '/auth/wechat-web',
    { schema: { tags: ['auth'], summary: 'H5 微信网页授权登录是否开通，及授权地址', response: { 200: WebLoginInfo } } },
    async () => {
      const web = app.config.wechatWeb
      return web
        ? { available: true, appId: web.appId, authorizeUrl: `${web.authorizeBase}/connect/oauth2/authorize` }
        : { available: false, appId: null, authorizeUrl: null }
    },
  )

  app.post(
    '/auth/wechat-web',
    {
      ...rateLimited('login'),
      schema: {
        tags: ['auth'],
        summary: 'H5 微信网页授权登录：用授权回跳带回的 code 换会话（与 /auth/wechat 同一个人：按 unionid）',
        description:
          'The `state` the app sent to WeChat is checked by the app that kept it (CSRF): the server only exchanges the code. ' +
          '404 `web_login_unavailable` when no official account is configured (as a route this server does not offer; never a 5xx); ' +
          '401 for a code WeChat refuses (invalid, used, expired).',
        body: WechatLogin,
        response: { 200: Session, ...errors(400, 401, 404, 429, 502) },
      },
    },
    async (request) => {
      if (!app.wechatWeb) throw new ApiError(404, 'web_login_unavailable', '暂未开通微信网页登录，请在微信小程序中登录')
      const { openid, unionid } = await app.wechatWeb.oauth2AccessToken(request.body.code)
      return sessionFor(await findOrCreateWechatPerson(app.db, { app: 'web', openid, unionid }, app.now()))
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
