/**
 * The contract for people: who someone is (identities = memberships), sign-up, approvals,
 * invites, households and the directory sign-up picks from. Same rules as `api.ts`.
 */
import { Type, type Static } from '@sinclair/typebox'
import { MEMBERSHIP_STATUSES, ORDER_RULES } from '../src/domain'
import { Grid, Id, literals, Nullable, Role, Skill } from './api'

export const MembershipStatus = literals(MEMBERSHIP_STATUSES)

/** One of a person's memberships, as 我的 lists it and as a session acts. */
export const Identity = Type.Object({
  membershipId: Type.Integer(),
  role: Role,
  status: MembershipStatus,
  orgId: Type.Integer(),
  orgPath: Type.String({ description: "The membership's place in the org tree, e.g. `/1/2/5/`." }),
  orgName: Type.String({ description: 'e.g. 阳光街道 · 阳光社区大党委 · 锦绣小区党支部 · 第3网格.' }),
  communityPath: Nullable(Type.String({ description: 'The community (tenant) it lies in; null for a street administrator.' })),
  teamName: Nullable(Type.String()),
  householdId: Nullable(Type.Integer()),
  householdAddress: Nullable(Type.String({ description: 'e.g. 3号楼2单元401.' })),
  workUnitName: Nullable(Type.String()),
  // What decides which places of a 党委呼叫 this identity may take or assign.
  teamId: Nullable(Type.Integer()),
  workUnitId: Nullable(Type.Integer()),
  leadsTeamId: Nullable(Type.Integer({ description: 'The team this volunteer leads, if any.' })),
})
export type IdentityDto = Static<typeof Identity>

/** The signed-in person: who they are, what they act as now, and every identity they hold. */
export const Me = Type.Object({
  id: Type.Integer(),
  name: Type.String({ description: 'Empty until sign-up.' }),
  phone: Type.String({ description: 'Masked, e.g. 138****5678; empty until bound.' }),
  consented: Type.Boolean({ description: 'Has accepted the privacy notice.' }),
  acting: Nullable(Identity),
  identities: Type.Array(Identity, { description: 'Active and pending memberships, in role order.' }),
})
export type MeDto = Static<typeof Me>

export const Session = Type.Object({ token: Type.String(), me: Me })
export type SessionDto = Static<typeof Session>

/** Demo mode: one seeded person acting as one membership. */
export const DemoAccount = Type.Object({
  id: Type.Integer(),
  membershipId: Type.Integer(),
  name: Type.String(),
  role: Role,
  orgName: Type.String(),
  teamName: Nullable(Type.String()),
})
export type DemoAccountDto = Static<typeof DemoAccount>

const PersonName = Type.String({ minLength: 1, maxLength: ORDER_RULES.contactNameMax })
const Phone = Type.String({ pattern: ORDER_RULES.phonePattern.source })

/** Sign-up's first step, after the privacy notice: name and phone (typed on H5, or a getPhoneNumber code on weapp). */
export const UpdateProfile = Type.Object(
  {
    privacyConsent: Type.Literal(true, { description: 'The person accepted the privacy notice; nothing is stored otherwise.' }),
    name: PersonName,
    phone: Type.Optional(Phone),
    phoneCode: Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: 'From the weapp getPhoneNumber button.' })),
  },
  { additionalProperties: false },
)
export type UpdateProfileRequest = Static<typeof UpdateProfile>

export const ActAs = Type.Object({ membershipId: Id }, { additionalProperties: false })

const HouseholdPart = Type.String({ maxLength: 20 })
/** The one part an address cannot do without: blank (spaces only) would register an empty address. */
const HouseholdRoom = Type.String({ minLength: 1, maxLength: 20, pattern: '\\S' })
export const HouseholdAddress = Type.Object(
  {
    gridId: Id,
    building: HouseholdPart,
    unit: HouseholdPart,
    room: HouseholdRoom,
  },
  { additionalProperties: false },
)
export type HouseholdAddressRequest = Static<typeof HouseholdAddress>

/**
 * Asking for a membership. What is needed depends on the role: a resident or family proxy names
 * the household's address; a Party member (双报到) the community served and their work unit; a
 * volunteer the team; grid workers and committee members come with an invite.
 */
export const JoinRequest = Type.Object(
  {
    role: Role,
    invite: Type.Optional(Type.String({ pattern: '^[A-Za-z0-9_-]{8,32}$' })),
    household: Type.Optional(HouseholdAddress),
    communityId: Type.Optional(Id),
    orgId: Type.Optional(Type.Union([Id], { description: 'A grid worker’s grid or a committee’s org, when not given by the invite.' })),
    teamId: Type.Optional(Id),
    workUnitId: Type.Optional(Id),
    note: Type.Optional(Type.String({ maxLength: 100, description: 'The branch (党支部), the relation to the elder (儿子)…' })),
  },
  { additionalProperties: false },
)
export type JoinRequestBody = Static<typeof JoinRequest>

/** A membership as whoever approves or administers sees it. */
export const Member = Type.Object({
  membershipId: Type.Integer(),
  userId: Type.Integer(),
  name: Type.String(),
  phone: Type.String({ description: 'Masked.' }),
  role: Role,
  status: MembershipStatus,
  orgName: Type.String(),
  teamName: Nullable(Type.String()),
  workUnitName: Nullable(Type.String()),
  orgId: Type.Integer({ description: "The membership's org (a resident's: their grid)." }),
  householdId: Nullable(Type.Integer()),
  householdAddress: Nullable(Type.String()),
  note: Nullable(Type.String()),
  createdAt: Type.String({ format: 'date-time' }),
})
export type MemberDto = Static<typeof Member>

export const MemberPage = Type.Object({ items: Type.Array(Member), nextCursor: Nullable(Type.String()) })
export type MemberPageDto = Static<typeof MemberPage>

export const MembersQuery = Type.Object({
  status: Type.Optional(MembershipStatus),
  role: Type.Optional(Role),
  cursor: Type.Optional(Type.String({ pattern: '^\\d{1,10}$' })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 50 })),
})
export type MembersQueryDto = Static<typeof MembersQuery>

/** Requests waiting for the acting identity's decision, oldest first (keyset on membershipId). */
export const PendingQuery = Type.Object({
  cursor: Type.Optional(Type.String({ pattern: '^\\d{1,10}$', description: 'The `nextCursor` of the page before.' })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 50 })),
})
export type PendingQueryDto = Static<typeof PendingQuery>

export const PendingPage = Type.Object({
  items: Type.Array(Member),
  nextCursor: Nullable(Type.String({ description: 'Pass as `cursor` for the next page; null on the last page.' })),
  total: Type.Integer({ minimum: 0, description: 'Every request waiting for this actor, not only this page.' }),
})
export type PendingPageDto = Static<typeof PendingPage>

export const Decision = Type.Object(
  { approve: Type.Boolean(), note: Type.Optional(Type.String({ maxLength: 200 })) },
  { additionalProperties: false },
)
export type DecisionRequest = Static<typeof Decision>

export const EndMembership = Type.Object({ note: Type.Optional(Type.String({ maxLength: 200 })) }, { additionalProperties: false })

export const MembershipOutcome = Type.Object({ membershipId: Type.Integer(), status: MembershipStatus })
export type MembershipOutcomeDto = Static<typeof MembershipOutcome>

export const Community = Type.Object({ id: Type.Integer(), name: Type.String(), streetName: Nullable(Type.String()) })
export type CommunityDto = Static<typeof Community>

export const Team = Type.Object({ id: Type.Integer(), name: Type.String(), skills: Type.Array(Skill) })
export const WorkUnit = Type.Object({ id: Type.Integer(), name: Type.String() })

/** What sign-up picks from inside one community. */
export const CommunityDirectory = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  grids: Type.Array(Grid),
  teams: Type.Array(Team),
  workUnits: Type.Array(WorkUnit),
})
export type CommunityDirectoryDto = Static<typeof CommunityDirectory>

export const CreateInvite = Type.Object(
  {
    role: Role,
    orgId: Id,
    teamId: Type.Optional(Id),
    maxUses: Type.Optional(Type.Integer({ minimum: 1, maximum: 10_000 })),
    days: Type.Optional(Type.Integer({ minimum: 1, maximum: 90 })),
  },
  { additionalProperties: false },
)
export type CreateInviteRequest = Static<typeof CreateInvite>

export const Invite = Type.Object({
  id: Type.Integer(),
  code: Type.String(),
  role: Role,
  orgId: Type.Integer(),
  orgName: Type.String(),
  communityId: Nullable(Type.Integer()),
  teamId: Nullable(Type.Integer()),
  teamName: Nullable(Type.String()),
  expiresAt: Type.String({ format: 'date-time' }),
  maxUses: Nullable(Type.Integer()),
  uses: Type.Integer(),
  usable: Type.Boolean({ description: 'Not expired, revoked or used up.' }),
  link: Type.String({ description: 'The H5 sign-up link carrying the code.' }),
  qrUrl: Type.String({ description: 'The mini-program code image (WeChat getwxacodeunlimit), /api/invites/<code>/qr.' }),
})
export type InviteDto = Static<typeof Invite>

export const InviteCodeParams = Type.Object({ code: Type.String({ pattern: '^[A-Za-z0-9_-]{8,32}$' }) })

/** A household a grid worker may order for. */
export const Household = Type.Object({
  id: Type.Integer(),
  gridId: Type.Integer(),
  gridName: Type.String(),
  address: Type.String(),
  residents: Type.Array(Type.String(), { description: 'Masked names of its residents.' }),
})
export type HouseholdDto = Static<typeof Household>

export const HouseholdsQuery = Type.Object({ q: Type.Optional(Type.String({ maxLength: 20 })) })

/**
 * Where a household really is: its 楼栋, 单元, 门牌 and, when the registration picked the wrong
 * grid, another grid of the same community. The same body names the household to merge into.
 */
export const CorrectHousehold = Type.Object(
  { gridId: Type.Optional(Id), building: HouseholdPart, unit: HouseholdPart, room: HouseholdRoom },
  { additionalProperties: false },
)
export type CorrectHouseholdRequest = Static<typeof CorrectHousehold>
