import type { FastifyError, FastifyInstance } from 'fastify'
import type { ApiError as ApiErrorBody } from '../../types/api'
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

/** Framework error codes we answer with a specific status instead of 500. */
const FASTIFY_CODES: Record<string, [number, ApiErrorBody['code'], string]> = {
  FST_REQ_FILE_TOO_LARGE: [413, 'payload_too_large', '文件不能超过 5 MB'],
  FST_ERR_CTP_BODY_TOO_LARGE: [413, 'payload_too_large', '请求内容过大'],
  FST_FILES_LIMIT: [413, 'payload_too_large', '一次只能上传一个文件'],
  FST_PARTS_LIMIT: [413, 'payload_too_large', '请求内容过多'],
  FST_ERR_CTP_INVALID_MEDIA_TYPE: [415, 'unsupported_media_type', '不支持的请求格式'],
  FST_INVALID_MULTIPART_CONTENT_TYPE: [415, 'unsupported_media_type', '请以 multipart/form-data 上传文件'],
  FST_ERR_CTP_INVALID_JSON_BODY: [400, 'invalid_input', '请求体不是合法的 JSON'],
  FST_ERR_CTP_EMPTY_JSON_BODY: [400, 'invalid_input', '请求体不能为空'],
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
    const known = error.code ? FASTIFY_CODES[error.code] : undefined
    if (known) return send(known[0], { code: known[1], message: known[2] })
    if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
      return send(error.statusCode, { code: 'invalid_input', message: '请求不合法' })
    }
    request.log.error({ err: error }, 'unexpected error')
    return send(500, { code: 'internal', message: '服务器开小差了，请稍后重试' })
  })

  app.setNotFoundHandler((_request, reply) => {
    reply.status(404).send({ code: 'not_found', message: '接口不存在' } satisfies ApiErrorBody)
  })
}
