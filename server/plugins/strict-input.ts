import Ajv, { type Options } from 'ajv'
import addFormats from 'ajv-formats'
import type { FastifyInstance } from 'fastify'
import { invalidInput } from '../errors'

const AJV_OPTIONS: Options = { useDefaults: true, removeAdditional: false, allErrors: false }

/** Where in a parsed JSON value a string holds NUL, e.g. `description`; null if none does. */
function nulPath(value: unknown, path = ''): string | null {
  if (typeof value === 'string') return value.includes('\u0000') ? path || '请求体' : null
  if (typeof value !== 'object' || value === null) return null
  for (const [key, item] of Object.entries(value)) {
    const here = path ? `${path}.${key}` : key
    if (key.includes('\u0000')) return here
    const found = nulPath(item, here)
    if (found !== null) return found
  }
  return null
}

/** Where a coerced query or path value became ±Infinity; null if none did. */
function nonFinitePath(data: unknown): string | null {
  if (typeof data !== 'object' || data === null) return null
  // Runs on every request with a query or params: a plain loop, no entry arrays to collect.
  for (const key of Object.keys(data)) {
    const value = (data as Record<string, unknown>)[key]
    if (typeof value === 'number' && !Number.isFinite(value)) return key
  }
  return null
}

/**
 * Input is taken as sent, or refused:
 * - JSON bodies are validated without type coercion: fastify's default Ajv coerces every part,
 *   so `"rating": true` passed as the integer 1 and `["claim"]` as the string "claim".
 *   Query strings and path params arrive as text and keep their coercion.
 * - NUL in any JSON string is refused on arrival: PostgreSQL text cannot hold it, and letting
 *   it reach SQL answered 500.
 */
export function registerStrictInput(app: FastifyInstance): void {
  const strict = addFormats(new Ajv({ ...AJV_OPTIONS, coerceTypes: false }))
  const coercing = addFormats(new Ajv({ ...AJV_OPTIONS, coerceTypes: 'array' }))
  app.setValidatorCompiler(({ schema, httpPart }) => {
    if (httpPart === 'body') return strict.compile(schema)
    const validate = coercing.compile(schema)
    // Ajv coerces "Infinity" to a number that passes `integer` and skips `maximum`
    // (non-finite numbers are exempt from range checks): refuse them after coercion.
    return (data: unknown) => {
      if (!validate(data)) return { error: Object.assign(new Error('invalid'), { validation: validate.errors }) }
      const field = nonFinitePath(data)
      return field === null ? { value: data } : { error: invalidInput(`参数 ${field} 不合法：不是有效的数字`) }
    }
  })

  const parseJson = app.getDefaultJsonParser('error', 'error')
  app.removeContentTypeParser('application/json')
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    parseJson(request, body as string, (error, value) => {
      if (error) return done(error, undefined)
      const path = nulPath(value)
      if (path !== null) return done(invalidInput(`参数 ${path} 不合法：不能包含空字符`), undefined)
      done(null, value)
    })
  })
}
