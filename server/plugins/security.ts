import fastifyHelmet from '@fastify/helmet'
import fastifyRateLimit, { normalizeIP, type RateLimitOptions } from '@fastify/rate-limit'
import type { FastifyInstance, FastifyRequest } from 'fastify'
import { ApiError } from '../errors'

/**
 * Security headers for everything the server answers, and the rate limiter that routes opt
 * into with `rateLimited(…)`. Register before the routes: the limiter hooks routes as they
 * are added.
 */
export async function registerSecurity(app: FastifyInstance): Promise<void> {
  await app.register(fastifyHelmet, {
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
