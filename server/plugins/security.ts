import fastifyRateLimit, { normalizeIP, type RateLimitOptions } from '@fastify/rate-limit'
import type { FastifyInstance, FastifyRequest } from 'fastify'
import helmet, { type HelmetOptions } from 'helmet'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { ApiError } from '../errors'

/** Pages a browser renders (the H5 app, the API docs): helmet's defaults and this CSP. */
const PAGE_HELMET: HelmetOptions = {
  contentSecurityPolicy: {
    directives: {
      // Taro's H5 index.html sizes the root font with an inline <script>, and NutUI and
      // swagger-ui set inline styles: both need 'unsafe-inline'. Scripts still may only come
      // from this origin, and no plugin, <base> or foreign frame is allowed.
      'script-src': ["'self'", "'unsafe-inline'"],
      'style-src': ["'self'", "'unsafe-inline'"],
      // Photo previews are blob: URLs before upload; icons are data: URLs.
      'img-src': ["'self'", 'data:', 'blob:'],
      // Taro's H5 uploadFile reads the picked photo back from its blob: URL with a request.
      'connect-src': ["'self'", 'blob:'],
      // The demo and intranet installs run on plain http: upgrading would break every asset.
      // Production sits behind HTTPS anyway (WeChat requires it).
      'upgrade-insecure-requests': null,
    },
  },
}

/** JSON answers load nothing and are never framed. */
const API_HELMET: HelmetOptions = { contentSecurityPolicy: { useDefaults: false, directives: { 'default-src': ["'none'"], 'frame-ancestors': ["'none'"] } } }

/**
 * The headers helmet would set, computed once: helmet rebuilds and sets them one by one on every
 * request, which cost lists about 0.04 ms of their 0.9 ms of CPU (profiled). Our options depend
 * on nothing in the request, so the result is the same every time.
 */
function helmetHeaders(options: HelmetOptions): Record<string, string> {
  const headers: Record<string, string> = {}
  const response = {
    setHeader: (name: string, value: string | number) => void (headers[name.toLowerCase()] = String(value)),
    removeHeader: (name: string) => void delete headers[name.toLowerCase()],
  }
  helmet(options)({} as IncomingMessage, response as unknown as ServerResponse, (error?: unknown) => {
    if (error) throw error
  })
  return headers
}

const PAGE_HEADERS = helmetHeaders(PAGE_HELMET)
const API_HEADERS = helmetHeaders(API_HELMET)
/** The API docs are a page, under the API's prefix. */
const isApi = (url: string) => url.startsWith('/api/') && !url.startsWith('/api/docs')

/**
 * Security headers for everything the server answers, and the rate limiter that routes opt
 * into with `rateLimited(…)`. Register before the routes: the limiter hooks routes as they
 * are added.
 */
export async function registerSecurity(app: FastifyInstance): Promise<void> {
  app.addHook('onRequest', (request, reply, done) => {
    reply.headers(isApi(request.url) ? API_HEADERS : PAGE_HEADERS)
    done()
  })
  await app.register(fastifyRateLimit, {
    global: false,
    // Thrown, so it reaches the error handler like any ApiError; Retry-After is already set.
    errorResponseBuilder: () => new ApiError(429, 'rate_limited', '操作太频繁，请稍后再试'),
  })
}

export type RateLimitKind = 'login' | 'create'

/** One bucket per signed-in user (a shared NAT must not block a whole compound), else per IP. */
const userOrIp = (request: FastifyRequest) => (request.user ? `user:${request.user.id}` : normalizeIP(request.ip))

/**
 * Route options that apply the configured limit for `kind`, e.g.
 * `app.post('/orders', { ...rateLimited('create'), schema }, handler)`.
 * Runs on onRequest, after the auth hook has set `request.user`.
 */
export function rateLimited(kind: RateLimitKind): { config: { rateLimit: RateLimitOptions } } {
  const rateLimit: RateLimitOptions =
    kind === 'login'
      ? { timeWindow: 60_000, max: (request) => request.server.config.rateLimit.loginPerMinute }
      : { timeWindow: 60_000, max: (request) => request.server.config.rateLimit.createPerMinute, keyGenerator: userOrIp }
  return { config: { rateLimit } }
}
