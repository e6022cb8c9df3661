/**
 * The contract for a community's own set-up, administered by its committee: volunteer teams
 * (leader, skills) and the grid tree. Same rules as `api.ts`.
 */
import { Type, type Static } from '@sinclair/typebox'
import { Id, literals, Nullable, Skill } from './api'

/**
 * Names of teams, compounds and grids are trimmed and then hold 1–30 characters. The schema
 * bounds the raw input more loosely so that padding alone is no error; the server checks the
 * trimmed name and says what is wrong in words.
 */
export const UNIT_NAME_MAX = 30
const UnitName = Type.String({ minLength: 1, maxLength: 60, description: `Trimmed; then 1–${UNIT_NAME_MAX} characters, unique among its siblings.` })

/** At most this many skills per team: the catalogue is about ten services. */
export const TEAM_SKILLS_MAX = 20
const Skills = Type.Array(Type.String({ minLength: 1, maxLength: 60 }), {
  maxItems: TEAM_SKILLS_MAX,
  description:
    "Catalogue codes (`GET /api/categories` `code`, e.g. repair) of services the team's community may offer: the shared catalogue and its own; trimmed, each kept once. Dispatch ranks responders by them.",
})

const teamFields = {
  id: Type.Integer(),
  name: Type.String(),
  communityId: Type.Integer(),
  communityName: Type.String(),
  skills: Type.Array(Skill),
  leaderId: Nullable(Type.Integer()),
  leaderName: Nullable(Type.String()),
  leaderActive: Type.Boolean({ description: 'The leader still holds an active volunteer membership of this team.' }),
  memberCount: Type.Integer({ description: 'Active volunteer memberships of the team.' }),
}

export const Team = Type.Object(teamFields)
export type TeamDto = Static<typeof Team>

export const TeamMember = Type.Object({
  membershipId: Type.Integer(),
  userId: Type.Integer(),
  name: Type.String(),
  phone: Type.String({ description: 'Masked, e.g. 138****5678.' }),
  /** ISO 8601; when the membership became active. */
  since: Nullable(Type.String()),
})
export type TeamMemberDto = Static<typeof TeamMember>

/** A team with its active members: whom the committee may make its leader. */
export const TeamDetail = Type.Object({ ...teamFields, members: Type.Array(TeamMember) })
export type TeamDetailDto = Static<typeof TeamDetail>

export const CreateTeam = Type.Object({ name: UnitName, skills: Skills }, { additionalProperties: false })
export type CreateTeamRequest = Static<typeof CreateTeam>

/** The whole editable team (PUT: WeChat's wx.request has no PATCH). */
export const UpdateTeam = Type.Object({ name: UnitName, skills: Skills }, { additionalProperties: false })
export type UpdateTeamRequest = Static<typeof UpdateTeam>

export const SetTeamLeader = Type.Object(
  { userId: Id },
  { additionalProperties: false, description: 'A person holding an active volunteer membership of this team.' },
)
export type SetTeamLeaderRequest = Static<typeof SetTeamLeader>

export const GridNode = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  households: Type.Integer({ description: 'Households registered in the grid.' }),
})
export type GridNodeDto = Static<typeof GridNode>

export const CompoundNode = Type.Object({ id: Type.Integer(), name: Type.String(), grids: Type.Array(GridNode) })
export type CompoundNodeDto = Static<typeof CompoundNode>

/** One community's compounds (小区/村民小组) and their grids, in the order they were made. */
export const CommunityTree = Type.Object({ id: Type.Integer(), name: Type.String(), compounds: Type.Array(CompoundNode) })
export type CommunityTreeDto = Static<typeof CommunityTree>

export const CreateCompound = Type.Object({ name: UnitName }, { additionalProperties: false })
export type CreateCompoundRequest = Static<typeof CreateCompound>

/** A 驻区单位 or 机关/企事业 branch of the committee's street, for 双报到 Party members to name. */
export const CreateWorkUnit = Type.Object({ name: UnitName }, { additionalProperties: false })
export type CreateWorkUnitRequest = Static<typeof CreateWorkUnit>

export const CreateGrid = Type.Object({ compoundId: Id, name: UnitName }, { additionalProperties: false })
export type CreateGridRequest = Static<typeof CreateGrid>

export const RenameOrg = Type.Object({ name: UnitName }, { additionalProperties: false })
export type RenameOrgRequest = Static<typeof RenameOrg>

export const OrgUnitKind = literals(['compound', 'grid', 'work_unit'] as const)

/** A compound or grid just made or renamed. */
export const OrgUnit = Type.Object({ id: Type.Integer(), kind: OrgUnitKind, name: Type.String(), parentId: Type.Integer() })
export type OrgUnitDto = Static<typeof OrgUnit>
