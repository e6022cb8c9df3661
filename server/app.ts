import fastifyCompress from '@fastify/compress'
import fastifyMultipart from '@fastify/multipart'
import fastifyStatic from '@fastify/static'
import fastifySwagger from '@fastify/swagger'
import fastifySwaggerUi from '@fastify/swagger-ui'
import fastifyWebsocket from '@fastify/websocket'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyServerOptions } from 'fastify'
import { existsSync } from 'node:fs'
import type { Config } from './config'
import type { Db } from './db/client'
import { registerAuth } from './plugins/auth'
import { registerJsonCompression } from './plugins/compress-json'
import { answerClientError, answerOf, registerErrorHandler } from './plugins/error-handler'
import { registerStrictInput } from './plugins/strict-input'
import { registerSecurity } from './plugins/security'
import { LiveHub } from './live/hub'
import { listenForChanges } from './live/listen'
import liveRoutes from './routes/live'
import authRoutes from './routes/auth'
import catalogRoutes from './routes/catalog'
import healthRoutes from './routes/health'
import communityRoutes from './routes/community'
import contactsRoutes from './routes/contacts'
import directoryRoutes from './routes/directory'
import invitesRoutes from './routes/invites'
import meRoutes from './routes/me'
import meetingRoutes from './routes/meetings'
import problemListRoutes from './routes/problem-list'
import messageRoutes from './routes/messages'
import { refreshClockTargets } from './repositories/clock-targets'
import clockTargetRoutes from './routes/clock-targets'
import membershipRoutes from './routes/memberships'
import orderRoutes from './routes/orders'
import uploadRoutes, { MAX_UPLOAD_BYTES } from './routes/uploads'
import { createLocalDiskStorage, type Storage } from './storage'
import { createWechatClient, type WechatClient, type WechatWebClient } from './wechat/client'
import { databaseTokenStore } from './wechat/token-store'

declare module 'fastify' {
  interface FastifyInstance {
    config: Config
    db: Db
    wechat: WechatClient
    /** The official account's client (H5 web login); null when `config.wechatWeb` is not set. */
    wechatWeb: WechatWebClient | null
    storage: Storage
    /** The live connections of this process (GET /api/live). */
    live: LiveHub
    /** The clock. Tests pass a fixed one; handlers never call `new Date()` themselves. */
    now: () => Date
  }
}

export interface AppOptions {
  config: Config
  db: Db
  wechat?: WechatClient
  /** Tests hand in a fake official account; otherwise made from `config.wechatWeb`. */
  wechatWeb?: WechatWebClient
  storage?: Storage
  now?: () => Date
  logger?: FastifyServerOptions['logger']
}

export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const { config } = options
  const app = Fastify({
    logger: options.logger ?? false,
    // 64 KB of JSON is far above any order; uploads have their own limit.
    bodyLimit: 64 * 1024,
    clientErrorHandler: answerClientError,
    // Bad URL encoding and overlong path params: the same `{code, message}` as every error.
    frameworkErrors: (error, _request, reply) => {
      const [status, body] = answerOf(error) ?? answerOf({ statusCode: 400 })!
      void (reply as FastifyReply).status(status).send(body)
    },
  }).withTypeProvider<TypeBoxTypeProvider>()

  app.decorate('config', config)
  app.decorate('db', options.db)
  app.decorate('now', options.now ?? (() => new Date()))
  app.decorate(
    'wechat',
    options.wechat ??
      createWechatClient({
        baseUrl: config.wechat.apiBase,
        appId: config.wechat.appId,
        secret: config.wechat.secret,
        tokenStore: databaseTokenStore(options.db, config.wechat.appId),
      }),
  )
  // No token store: the web login's code exchange needs no access token.
  const web = config.wechatWeb
  app.decorate('wechatWeb', options.wechatWeb ?? (web && createWechatClient({ baseUrl: config.wechat.apiBase, appId: web.appId, secret: web.secret })))
  app.decorate('storage', options.storage ?? createLocalDiskStorage(config.uploadDir))

  // Communities' own time limits, read by every list for its clocks: in memory, loaded here,
  // after each change made through this process, and by the clock job's every run (main.ts).
  // A database not answering yet must not keep the server from starting (/readyz says so): the
  // defaults apply until the next load.
  await refreshClockTargets(options.db).catch((error: unknown) => app.log.warn(`loading time limits failed: ${String(error)}`))

  // Live updates: this process's sockets hear every change committed by any process.
  const live = new LiveHub(options.db, app.now, (error) => app.log.warn(`live updates failed: ${String(error)}`))
  app.decorate('live', live)
  const stopListening = await listenForChanges(options.db, (channel, ids) => live.notified(channel, ids), (message) => app.log.warn(message))
  app.addHook('preClose', () => live.close())
  app.addHook('onClose', () => stopListening())

  registerErrorHandler(app)
  registerStrictInput(app)
  registerAuth(app)
  await registerSecurity(app)

  await app.register(fastifySwagger, {
    openapi: {
      info: { title: '三单 Sandan API', version: '0.1.0', description: '群众点单、党组织下单、党员接单' },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
      security: [{ bearer: [] }],
    },
  })
  await app.register(fastifySwaggerUi, { routePrefix: '/api/docs' })

  await app.register(fastifyWebsocket, { options: { maxPayload: 1024 } })
  await app.register(healthRoutes)
  await app.register(liveRoutes)
  await app.register(
    async (api) => {
      registerJsonCompression(api)
      await api.register(authRoutes)
      await api.register(meRoutes)
      await api.register(contactsRoutes)
      await api.register(membershipRoutes)
      await api.register(invitesRoutes)
      await api.register(directoryRoutes)
      await api.register(communityRoutes)
      await api.register(catalogRoutes)
      // Multipart only where files are uploaded: registered for the whole app, its hooks (an async
      // onResponse on every request) and request decorations cost every JSON route too.
      await api.register(async (uploads) => {
        await uploads.register(fastifyMultipart, { limits: { fileSize: MAX_UPLOAD_BYTES, files: 1, fields: 5 } })
        await uploads.register(uploadRoutes)
      })
      await api.register(orderRoutes)
      await api.register(meetingRoutes)
      await api.register(problemListRoutes)
      await api.register(messageRoutes)
      await api.register(clockTargetRoutes)
    },
    { prefix: '/api' },
  )

  if (existsSync(config.h5Dir)) {
    await app.register(async (site) => {
      // The H5 bundle shrinks about 3× with gzip (measured): it matters on a weak mobile signal.
      await site.register(fastifyCompress, { global: true })
      // Hash routing on H5: only `/` (index.html) and the asset files are ever requested.
      await site.register(fastifyStatic, { root: config.h5Dir, prefix: '/', wildcard: false, index: 'index.html' })
    })
  }

  await app.ready()
  return app
}
