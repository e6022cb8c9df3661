import { ApiRequestError } from '../services/api-error'

/** The zh-CN text to show for any failure. */
export function messageOf(error: unknown): string {
  if (error instanceof ApiRequestError) return error.message
  return '出了点问题，请稍后重试'
}
