import type {
  CategoryDto,
  CreateOrderRequest,
  DemoAccountDto,
  GridDto,
  ListOrdersQuery,
  OrderCountsDto,
  OrderCountsQuery,
  OrderDetailDto,
  OrderPageDto,
  ResponderDto,
  SessionDto,
  TransitionOutcomeDto,
  TransitionRequest,
  UploadDto,
  UserDto,
} from '../../types/api'
import type { HttpClient } from './http'

function queryString(query: object): string {
  const parts = Object.entries(query)
    .filter(([, value]) => value !== undefined && value !== null && value !== '')
    .map(([key, value]) => `${encodeURIComponent(key)}=${encodeURIComponent(String(value))}`)
  return parts.length ? `?${parts.join('&')}` : ''
}

/** Thin, verb-named fetchers: one per API route. */
export function createApi(http: HttpClient) {
  return {
    loginWithWechat: (code: string) => http.request<SessionDto>('/api/auth/wechat', { method: 'POST', data: { code } }),
    listDemoAccounts: () => http.request<DemoAccountDto[]>('/api/auth/demo-accounts'),
    loginAsDemo: (userId: number) => http.request<SessionDto>('/api/auth/demo', { method: 'POST', data: { userId } }),
    getMe: () => http.request<UserDto>('/api/me'),
    listCategories: () => http.request<CategoryDto[]>('/api/categories'),
    listGrids: () => http.request<GridDto[]>('/api/grids'),
    listResponders: () => http.request<ResponderDto[]>('/api/responders'),
    listOrders: (query: ListOrdersQuery) => http.request<OrderPageDto>(`/api/orders${queryString(query)}`),
    countOrders: (query: OrderCountsQuery) => http.request<OrderCountsDto>(`/api/orders/counts${queryString(query)}`),
    getOrder: (id: number) => http.request<OrderDetailDto>(`/api/orders/${id}`),
    createOrder: (order: CreateOrderRequest, idempotencyKey: string) =>
      http.request<OrderDetailDto>('/api/orders', {
        method: 'POST',
        data: order,
        headers: { 'Idempotency-Key': idempotencyKey },
      }),
    transitionOrder: (id: number, request: TransitionRequest) =>
      http.request<TransitionOutcomeDto>(`/api/orders/${id}/transitions`, { method: 'POST', data: request }),
    uploadPhoto: (filePath: string) => http.upload<UploadDto>('/api/uploads', filePath),
  }
}

export type Api = ReturnType<typeof createApi>
