import type { FastifyInstance } from 'fastify'
import { gzipSync } from 'node:zlib'

/** Below this, gzip's header and the CPU cost more than the bytes saved. */
const MIN_BYTES = 1024

/**
 * gzip for API answers, done synchronously: they are small (a list page is ~7 KB, ~3× smaller
 * gzipped), and @fastify/compress streams every body, which cost lists 31 % of their
 * throughput when the client sends Accept-Encoding (every browser and the mini-program do).
 */
export function registerJsonCompression(app: FastifyInstance): void {
  app.addHook('onSend', async (request, reply, payload) => {
    if (typeof payload !== 'string' || Buffer.byteLength(payload) < MIN_BYTES) return payload
    if (reply.hasHeader('content-encoding') || !/\bgzip\b/.test(String(request.headers['accept-encoding'] ?? ''))) return payload
    reply.header('content-encoding', 'gzip').header('vary', 'accept-encoding').removeHeader('content-length')
    return gzipSync(payload, { level: 6 })
  })
}
