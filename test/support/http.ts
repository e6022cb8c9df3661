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
