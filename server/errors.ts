import type { ApiErrorCode } from '../types/api'
import type { OrderStatus, RefusalKind } from '../src/domain'

/** The one error type routes and repositories throw; the error handler turns it into `{code, message}`. */
export class ApiError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: ApiErrorCode,
    message: string,
    readonly currentStatus?: OrderStatus,
  ) {
    super(message)
    this.name = 'ApiError'
  }
}

export const invalidInput = (message: string) => new ApiError(400, 'invalid_input', message)
export const unauthenticated = (message = '请先登录') => new ApiError(401, 'unauthenticated', message)
export const forbidden = (message = '您没有权限进行此操作') => new ApiError(403, 'forbidden', message)
export const notFound = (message = '内容不存在或无权查看') => new ApiError(404, 'not_found', message)
export const conflict = (currentStatus: OrderStatus, message = '订单状态已变化，请刷新后重试') =>
  new ApiError(409, 'conflict', message, currentStatus)
export const payloadTooLarge = (message = '文件过大') => new ApiError(413, 'payload_too_large', message)
export const unsupportedMediaType = (message = '只支持 JPG、PNG、WebP 图片') =>
  new ApiError(415, 'unsupported_media_type', message)

/** Domain refusals → HTTP. illegal_state carries the status so the client can refresh. */
export function fromRefusal(kind: RefusalKind, message: string, status: OrderStatus): ApiError {
  switch (kind) {
    case 'illegal_state':
      return conflict(status, message)
    case 'forbidden':
      return forbidden(message)
    case 'missing_input':
      return invalidInput(message)
  }
}
