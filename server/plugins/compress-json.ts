import type { FastifyInstance } from 'fastify'
import { gzipSync } from 'node:zlib'

/** Below about this many characters, gzip's header and the CPU cost more than the bytes saved. */
const MIN_LENGTH = 1024

/**
 * gzip for API answers, done synchronously: they are small (a list page is ~7 KB, ~3× smaller
 * gzipped), and @fastify/compress streams every body, which cost lists 31 % of their
 * throughput when the client sends Accept-Encoding (every browser and the mini-program do).
 */
export function registerJsonCompression(app: FastifyInstance): void {
  // Callback style: an async hook costs a promise and a microtask turn on every answer.
  app.addHook('onSend', (request, reply, payload, done) => {
    const accepts = /\bgzip\b/.test(request.headers['accept-encoding'] ?? '')
    if (!accepts || typeof payload !== 'string' || payload.length < MIN_LENGTH || reply.hasHeader('content-encoding')) return done(null, payload)
    reply.header('content-encoding', 'gzip').header('vary', 'accept-encoding').removeHeader('content-length')
    done(null, gzipSync(payload, { level: 6 }))
  })
}
