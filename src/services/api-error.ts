import type { ApiError } from '../../types/api'

/** Every failed request becomes one of these; `message` is zh-CN and safe to show. */
export class ApiRequestError extends Error {
  constructor(
    readonly status: number,
    readonly code: ApiError['code'] | 'network',
    message: string,
    readonly currentStatus?: ApiError['currentStatus'],
  ) {
    super(message)
    this.name = 'ApiRequestError'
  }
}
