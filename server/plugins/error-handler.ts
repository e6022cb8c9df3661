import type { FastifyError, FastifyInstance } from 'fastify'
import { STATUS_CODES } from 'node:http'
import type { Duplex } from 'node:stream'
import type { ApiError as ApiErrorBody, ApiErrorCode } from '../../types/api'
import { ApiError } from '../errors'
import { WechatError } from '../wechat/client'

interface ValidationIssue {
  keyword: string
  instancePath: string
  params: Record<string, unknown>
}

/** AJV's first complaint, in Chinese, naming the field: "参数 description 不合法：至少 5 个字符". */
export function describeValidation(issue: ValidationIssue, context: string | undefined): string {
  const p = issue.params
  const field = issue.instancePath.replace(/^\//, '').replace(/\//g, '.') || (context === 'body' ? '请求体' : context ?? '参数')
  const reason = (() => {
    switch (issue.keyword) {
      case 'required':
        return null
      case 'minLength':
        return `至少 ${p.limit} 个字符`
      case 'maxLength':
        return `不能超过 ${p.limit} 个字符`
      case 'pattern':
      case 'format':
        return '格式不正确'
      case 'minimum':
        return `不能小于 ${p.limit}`
      case 'maximum':
        return `不能大于 ${p.limit}`
      case 'maxItems':
        return `最多 ${p.limit} 项`
      case 'uniqueItems':
        return '不能有重复项'
      case 'type':
        return `类型应为 ${p.type}`
      case 'anyOf':
      case 'enum':
      case 'const':
        return '取值不在允许范围内'
      case 'additionalProperties':
        return `不允许的参数 ${p.additionalProperty}`
      default:
        return issue.keyword
    }
  })()
  if (reason === null) return `缺少参数 ${p.missingProperty}`
  return `参数 ${field} 不合法：${reason}`
}

/** Framework error codes answered with a more specific message than their status's. */
const FASTIFY_CODES: Record<string, [number, ApiErrorCode, string]> = {
  FST_REQ_FILE_TOO_LARGE: [413, 'payload_too_large', '文件不能超过 5 MB'],
  FST_FILES_LIMIT: [413, 'payload_too_large', '一次只能上传一张图片'],
  FST_PARTS_LIMIT: [413, 'payload_too_large', '请求内容过多'],
  FST_INVALID_MULTIPART_CONTENT_TYPE: [415, 'unsupported_media_type', '请以 multipart/form-data 上传文件'],
  FST_ERR_CTP_INVALID_JSON_BODY: [400, 'invalid_input', '请求体不是合法的 JSON'],
  FST_ERR_CTP_EMPTY_JSON_BODY: [400, 'invalid_input', '请求体不能为空'],
  FST_ERR_BAD_URL: [400, 'invalid_input', '请求地址编码不正确'],
  FST_ERR_MAX_PARAM_LENGTH: [414, 'uri_too_long', '请求地址过长'],
}

/** Every other 4xx the framework or Node's HTTP parser produces, by status. */
const STATUS_ANSWERS: Record<number, [ApiErrorCode, string]> = {
  400: ['invalid_input', '请求不合法'],
  401: ['unauthenticated', '请先登录'],
  403: ['forbidden', '您没有权限进行此操作'],
  404: ['not_found', '接口不存在'],
  405: ['method_not_allowed', '不支持该请求方法'],
  408: ['invalid_input', '请求超时，请重试'],
  413: ['payload_too_large', '请求内容过大'],
  414: ['uri_too_long', '请求地址过长'],
  415: ['unsupported_media_type', '不支持的请求格式'],
  429: ['rate_limited', '操作太频繁，请稍后再试'],
  431: ['invalid_input', '请求头过大'],
}

export function answerOf(error: Partial<FastifyError>): [number, ApiErrorBody] | null {
  const known = error.code ? FASTIFY_CODES[error.code] : undefined
  if (known) return [known[0], { code: known[1], message: known[2] }]
  const status = error.statusCode
  if (status === undefined || status < 400 || status >= 500) return null
  const [code, message] = STATUS_ANSWERS[status] ?? STATUS_ANSWERS[400]
  return [status, { code, message }]
}

/**
 * Errors Node's HTTP parser meets before fastify sees a request (malformed framing, oversized
 * headers, timeouts): answered on the socket itself, in the same `{code, message}` shape.
 */
export function answerClientError(error: NodeJS.ErrnoException, socket: Duplex): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return
  const status = error.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 408 : error.code === 'HPE_HEADER_OVERFLOW' ? 431 : 400
  const [, body] = answerOf({ statusCode: status })!
  const json = JSON.stringify(body)
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: application/json; charset=utf-8\r\n` +
        `Content-Length: ${Buffer.byteLength(json)}\r\nConnection: close\r\n\r\n${json}`,
    )
  }
  socket.destroy(error)
}

/** Every non-2xx response is `{code, message}` and is produced here. */
export function registerErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const send = (status: number, body: ApiErrorBody) => reply.status(status).send(body)
    if (error instanceof ApiError) {
      const body: ApiErrorBody = { code: error.code, message: error.message }
      if (error.currentStatus) body.currentStatus = error.currentStatus
      return send(error.statusCode, body)
    }
    if (error.validation && error.validation.length > 0) {
      return send(400, { code: 'invalid_input', message: describeValidation(error.validation[0], error.validationContext) })
    }
    if (error instanceof WechatError) {
      if (error.isInvalidCode) return send(401, { code: 'unauthenticated', message: '登录凭证无效，请重新登录' })
      request.log.error({ err: error }, 'wechat call failed')
      return send(502, { code: 'wechat_error', message: '微信服务暂时不可用，请稍后重试' })
    }
    const answer = answerOf(error)
    if (answer) return send(...answer)
    request.log.error({ err: error }, 'unexpected error')
    return send(500, { code: 'internal', message: '服务器开小差了，请稍后重试' })
  })

  app.setNotFoundHandler((_request, reply) => {
    reply.status(404).send({ code: 'not_found', message: '接口不存在' } satisfies ApiErrorBody)
  })
}
