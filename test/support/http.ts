import type { FastifyInstance, InjectOptions } from 'fastify'

/** app.inject with a bearer token and a parsed JSON body. */
export async function call<T = unknown>(app: FastifyInstance, token: string | null, options: InjectOptions) {
  const response = await app.inject({
    ...options,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...options.headers },
  })
  const body = response.headers['content-type']?.toString().startsWith('application/json') ? (response.json() as T) : (undefined as T)
  return { status: response.statusCode, body, response }
}

/** A multipart/form-data body with one file part. */
export function multipart(field: string, filename: string, contentType: string, bytes: Buffer) {
  const boundary = '----sandan' + Math.random().toString(16).slice(2)
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="${field}"; filename="${filename}"\r\nContent-Type: ${contentType}\r\n\r\n`,
  )
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`)
  return { payload: Buffer.concat([head, bytes, tail]), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } }
}

/**
 * `call` by verb, for a test file whose app is made in beforeAll:
 * `const { get, post, put } = requestsTo(() => t.app)`.
 */
export function requestsTo(appOf: () => FastifyInstance) {
  return {
    get: <T>(token: string | null, url: string) => call<T>(appOf(), token, { method: 'GET', url }),
    post: <T>(token: string | null, url: string, payload: object = {}) => call<T>(appOf(), token, { method: 'POST', url, payload }),
    put: <T>(token: string | null, url: string, payload: object) => call<T>(appOf(), token, { method: 'PUT', url, payload }),
  }
}

/** Every item of a cursor-paged GET (`{ items, nextCursor }`), page after page; fails on anything but 200. */
export async function allPages<T>(app: FastifyInstance, token: string | null, url: string): Promise<T[]> {
  const items: T[] = []
  for (let cursor: string | null = null, pages = 0; ; pages += 1) {
    const paged: string = cursor === null ? url : `${url}${url.includes('?') ? '&' : '?'}cursor=${encodeURIComponent(cursor)}`
    const { status, body }: { status: number; body: { items: T[]; nextCursor: string | null } } = await call(app, token, { method: 'GET', url: paged })
    if (status !== 200) throw new Error(`GET ${paged} answered ${status}`)
    if (pages > 1000) throw new Error(`GET ${url}: no last page`)
    items.push(...body.items)
    if (body.nextCursor === null) return items
    cursor = body.nextCursor
  }
}
