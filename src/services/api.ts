import type {
  CategoryDto,
  CreateOrderRequest,
  CreateServiceRequest,
  GridDto,
  ListOrdersQuery,
  OrderCountsDto,
  OrderCountsQuery,
  OrderDetailDto,
  OrderPageDto,
  OrderSummaryDto,
  ResponderDto,
  ServiceDto,
  TransitionOutcomeDto,
  TransitionRequest,
  UpdateServiceDispatchRequest,
  UpdateServiceRequest,
  UploadDto,
  WebLoginInfoDto,
} from '../../types/api'
import type {
  CommunityDirectoryDto,
  CommunityDto,
  CorrectHouseholdRequest,
  CreateInviteRequest,
  DecisionRequest,
  DemoAccountDto,
  HouseholdAddressRequest,
  HouseholdDto,
  InviteDto,
  JoinRequestBody,
  MeDto,
  MemberPageDto,
  MembersQueryDto,
  MembershipOutcomeDto,
  PendingPageDto,
  PendingQueryDto,
  SessionDto,
  UpdateProfileRequest,
} from '../../types/people'
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
    getWebLogin: () => http.request<WebLoginInfoDto>('/api/auth/wechat-web'),
    loginWithWechatWeb: (code: string) => http.request<SessionDto>('/api/auth/wechat-web', { method: 'POST', data: { code } }),
    listDemoAccounts: () => http.request<DemoAccountDto[]>('/api/auth/demo-accounts'),
    loginAsDemo: (userId: number, membershipId?: number) =>
      http.request<SessionDto>('/api/auth/demo', { method: 'POST', data: { userId, ...(membershipId === undefined ? {} : { membershipId }) } }),
    getMe: () => http.request<MeDto>('/api/me'),
    updateProfile: (profile: UpdateProfileRequest) => http.request<MeDto>('/api/me/profile', { method: 'PUT', data: profile }),
    actAs: (membershipId: number) => http.request<MeDto>('/api/me/acting', { method: 'PUT', data: { membershipId } }),
    join: (request: JoinRequestBody) => http.request<MeDto>('/api/memberships', { method: 'POST', data: request }),
    /** Withdraws one's own request, or leaves one of one's identities. */
    leaveIdentity: (membershipId: number) => http.request<MeDto>(`/api/me/identities/${membershipId}`, { method: 'DELETE', data: {} }),
    listPendingMembers: (query: PendingQueryDto) => http.request<PendingPageDto>(`/api/memberships/pending${queryString(query)}`),
    decideMembership: (membershipId: number, decision: DecisionRequest) =>
      http.request<MembershipOutcomeDto>(`/api/memberships/${membershipId}/decision`, { method: 'POST', data: decision }),
    endMembership: (membershipId: number, note?: string) =>
      http.request<MembershipOutcomeDto>(`/api/memberships/${membershipId}/end`, { method: 'POST', data: note ? { note } : {} }),
    listMembers: (query: MembersQueryDto) => http.request<MemberPageDto>(`/api/members${queryString(query)}`),
    listCommunities: () => http.request<CommunityDto[]>('/api/directory/communities'),
    getCommunityDirectory: (communityId: number) => http.request<CommunityDirectoryDto>(`/api/directory/communities/${communityId}`),
    createInvite: (invite: CreateInviteRequest) => http.request<InviteDto>('/api/invites', { method: 'POST', data: invite }),
    listInvites: () => http.request<InviteDto[]>('/api/invites'),
    getInvite: (code: string) => http.request<InviteDto>(`/api/invites/${encodeURIComponent(code)}`),
    revokeInvite: (id: number) => http.request<InviteDto>(`/api/invites/${id}/revoke`, { method: 'POST', data: {} }),
    listHouseholds: (q?: string) => http.request<HouseholdDto[]>(`/api/households${queryString({ q })}`),
    registerHousehold: (address: HouseholdAddressRequest) => http.request<HouseholdDto>('/api/households', { method: 'POST', data: address }),
    correctHousehold: (householdId: number, address: CorrectHouseholdRequest) =>
      http.request<HouseholdDto>(`/api/households/${householdId}`, { method: 'PUT', data: address }),
    mergeHousehold: (householdId: number, into: CorrectHouseholdRequest) =>
      http.request<HouseholdDto>(`/api/households/${householdId}/merge`, { method: 'POST', data: into }),
    listCategories: () => http.request<CategoryDto[]>('/api/categories'),
    listServices: () => http.request<ServiceDto[]>('/api/catalogue'),
    updateService: (code: string, settings: UpdateServiceRequest) =>
      http.request<ServiceDto>(`/api/catalogue/${encodeURIComponent(code)}`, { method: 'PUT', data: settings }),
    createService: (service: CreateServiceRequest) => http.request<ServiceDto>('/api/catalogue', { method: 'POST', data: service }),
    setServiceDispatch: (code: string, dispatch: UpdateServiceDispatchRequest) =>
      http.request<ServiceDto>(`/api/catalogue/${encodeURIComponent(code)}/dispatch`, { method: 'PUT', data: dispatch }),
    listGrids: () => http.request<GridDto[]>('/api/grids'),
    listResponders: () => http.request<ResponderDto[]>('/api/responders'),
    /** The team the acting volunteer leads: whom they may assign (指派) to its places. */
    listTeamResponders: (teamId: number) => http.request<ResponderDto[]>(`/api/community/teams/${teamId}/responders`),
    listOrders: (query: ListOrdersQuery) => http.request<OrderPageDto>(`/api/orders${queryString(query)}`),
    countOrders: (query: OrderCountsQuery) => http.request<OrderCountsDto>(`/api/orders/counts${queryString(query)}`),
    getOrder: (id: number) => http.request<OrderDetailDto>(`/api/orders/${id}`),
    getSubscribeTemplates: () => http.request<import('../../types/messages').SubscribeTemplatesDto>('/api/messages/subscriptions'),
    acceptSubscriptions: (request: import('../../types/messages').AcceptSubscriptionsRequest) =>
      http.request<import('../../types/messages').SubscriptionsDto>('/api/messages/subscriptions', { method: 'POST', data: request }),
    /** Orders that may be the same problem: what the committee may merge this one into. */
    listDuplicates: (id: number) => http.request<OrderSummaryDto[]>(`/api/orders/${id}/duplicates`),
    createOrder: (order: CreateOrderRequest, idempotencyKey: string) =>
      http.request<OrderDetailDto>('/api/orders', {
        method: 'POST',
        data: order,
        headers: { 'Idempotency-Key': idempotencyKey },
      }),
    transitionOrder: (id: number, request: TransitionRequest) =>
      http.request<TransitionOutcomeDto>(`/api/orders/${id}/transitions`, { method: 'POST', data: request }),
    uploadPhoto: (filePath: string) => http.upload<UploadDto>('/api/uploads', filePath),
    // A community's set-up by its committee (teams, grid tree). Types are imported inline so this
    // block is the only change to the file for it.
    listTeams: () => http.request<import('../../types/community').TeamDto[]>('/api/community/teams'),
    getTeam: (id: number) => http.request<import('../../types/community').TeamDetailDto>(`/api/community/teams/${id}`),
    createTeam: (team: import('../../types/community').CreateTeamRequest) =>
      http.request<import('../../types/community').TeamDto>('/api/community/teams', { method: 'POST', data: team }),
    updateTeam: (id: number, changes: import('../../types/community').UpdateTeamRequest) =>
      http.request<import('../../types/community').TeamDto>(`/api/community/teams/${id}`, { method: 'PUT', data: changes }),
    setTeamLeader: (id: number, userId: number) =>
      http.request<import('../../types/community').TeamDto>(`/api/community/teams/${id}/leader`, { method: 'PUT', data: { userId } }),
    // An empty JSON body: the client always says application/json, and fastify refuses that with none.
    clearTeamLeader: (id: number) =>
      http.request<import('../../types/community').TeamDto>(`/api/community/teams/${id}/leader`, { method: 'DELETE', data: {} }),
    getCommunityTree: () => http.request<import('../../types/community').CommunityTreeDto[]>('/api/community/tree'),
    createCompound: (name: string) => http.request<import('../../types/community').OrgUnitDto>('/api/community/compounds', { method: 'POST', data: { name } }),
    createWorkUnit: (name: string) => http.request<import('../../types/community').OrgUnitDto>('/api/community/work-units', { method: 'POST', data: { name } }),
    createGrid: (compoundId: number, name: string) =>
      http.request<import('../../types/community').OrgUnitDto>('/api/community/grids', { method: 'POST', data: { compoundId, name } }),
    renameOrgUnit: (id: number, name: string) =>
      http.request<import('../../types/community').OrgUnitDto>(`/api/community/orgs/${id}`, { method: 'PUT', data: { name } }),
    // Whom a household calls (its grid workers, its community): offered beside 一键助急 on home.
    getContacts: () => http.request<import('../../types/contacts').HouseholdContactsDto>('/api/me/contacts'),
    // Joint meetings (召开会议): convened on pending orders, recorded, and decided order by order.
    listMeetings: () => http.request<import('../../types/meetings').MeetingSummaryDto[]>('/api/meetings'),
    getMeeting: (id: number) => http.request<import('../../types/meetings').MeetingDto>(`/api/meetings/${id}`),
    createMeeting: (meeting: import('../../types/meetings').CreateMeetingRequest) =>
      http.request<import('../../types/meetings').MeetingDto>('/api/meetings', { method: 'POST', data: meeting }),
    recordMeeting: (id: number, record: import('../../types/meetings').RecordMeetingRequest) =>
      http.request<import('../../types/meetings').MeetingDto>(`/api/meetings/${id}/record`, { method: 'PUT', data: record }),
    decideMeeting: (id: number, request: import('../../types/meetings').DecideRequest) =>
      http.request<import('../../types/meetings').DecisionOutcomesDto>(`/api/meetings/${id}/decisions`, { method: 'POST', data: request }),
    // 问题清单: the committee's problems of a week, month or quarter.
    getProblemList: (query: import('../../types/problem-list').ProblemListQueryDto) =>
      http.request<import('../../types/problem-list').ProblemPageDto>(`/api/problem-list${queryString(query)}`),
    // 服务时限: the community's own time limits; DELETE takes the key in its body (back to the default).
    getClockTargets: () => http.request<import('../../types/clock-targets').ClockTargetPageDto>('/api/community/clock-targets'),
    setClockTarget: (target: import('../../types/clock-targets').ClockTargetDto) =>
      http.request<import('../../types/clock-targets').ClockTargetPageDto>('/api/community/clock-targets', { method: 'PUT', data: target }),
    removeClockTarget: (key: import('../../types/clock-targets').ClockTargetKeyDto) =>
      http.request<import('../../types/clock-targets').ClockTargetPageDto>('/api/community/clock-targets', { method: 'DELETE', data: key }),
    // 消息: what the outbox delivered to the signed-in person, newest first, and what they have read.
    listMessages: (query: import('../../types/messages').MessagesQueryDto) =>
      http.request<import('../../types/messages').MessagePageDto>(`/api/messages${queryString(query)}`),
    unreadMessages: () => http.request<import('../../types/messages').UnreadCountDto>('/api/messages/unread'),
    markMessagesRead: (request: import('../../types/messages').MarkReadRequest) =>
      http.request<import('../../types/messages').UnreadCountDto>('/api/messages/read', { method: 'POST', data: request }),
  }
}

export type Api = ReturnType<typeof createApi>
