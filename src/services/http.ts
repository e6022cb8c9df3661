import Taro from '@tarojs/taro'
import type { ApiError } from '../../types/api'
import { ApiRequestError } from './api-error'

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'DELETE'
  data?: unknown
  headers?: Record<string, string>
}

/** The transport the stores depend on; tests hand in a fake. */
export interface HttpClient {
  request<T>(path: string, options?: RequestOptions): Promise<T>
  upload<T>(path: string, filePath: string): Promise<T>
}

const NETWORK_MESSAGE = '网络不可用，请检查网络后重试'

function toError(status: number, body: unknown): ApiRequestError {
  const error = (typeof body === 'string' ? safeParse(body) : body) as Partial<ApiError> | null
  if (error && typeof error.message === 'string' && error.code) {
    return new ApiRequestError(status, error.code, error.message, error.currentStatus)
  }
  return new ApiRequestError(status, 'internal', `服务暂时不可用（${status}），请稍后重试`)
}

function safeParse(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    return null
  }
}

/**
 * One configured client over Taro.request: adds the API base and the session token and turns
 * every non-2xx answer or network failure into an ApiRequestError, in this one place.
 * `onUnauthorized` hears every 401 sent with a token: the session expired or was revoked.
 */
export function createHttpClient(baseUrl: string, getToken: () => string | null, onUnauthorized: () => void = () => {}): HttpClient {
  const headersWith = (extra?: Record<string, string>) => {
    const token = getToken()
    return { ...(token ? { Authorization: `Bearer ${token}` } : {}), ...extra }
  }

  const failure = (status: number, body: unknown) => {
    if (status === 401 && getToken()) onUnauthorized()
    return toError(status, body)
  }

  return {
    async request<T>(path: string, options: RequestOptions = {}): Promise<T> {
      let response: Awaited<ReturnType<typeof Taro.request>>
      try {
        response = await Taro.request({
          url: baseUrl + path,
          method: options.method ?? 'GET',
          data: options.data as Taro.request.Option['data'],
          header: headersWith({ 'Content-Type': 'application/json', ...options.headers }),
        })
      } catch {
        throw new ApiRequestError(0, 'network', NETWORK_MESSAGE)
      }
      if (response.statusCode >= 200 && response.statusCode < 300) return response.data as T
      throw failure(response.statusCode, response.data)
    },

    async upload<T>(path: string, filePath: string): Promise<T> {
      let response: Taro.uploadFile.SuccessCallbackResult
      try {
        response = await Taro.uploadFile({ url: baseUrl + path, filePath, name: 'file', header: headersWith() })
      } catch {
        throw new ApiRequestError(0, 'network', NETWORK_MESSAGE)
      }
      const body = safeParse(response.data)
      if (response.statusCode >= 200 && response.statusCode < 300) return body as T
      throw failure(response.statusCode, body)
    },
  }
}
