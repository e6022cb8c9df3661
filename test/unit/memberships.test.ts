import { canDecide, canEnd, canInvite, initialStatus, JOIN_RULES, ROLE_ORG_KINDS, ROLES, type Actor, type MembershipFacts } from '@/domain'

const COMMUNITY = '/1/2/'
const GRID = '/1/2/3/4/'
const pending = (extra: Partial<MembershipFacts> = {}): MembershipFacts => ({
  userId: 50, role: 'party_member', status: 'pending', orgPath: COMMUNITY, householdId: null, teamLeaderId: null, ...extra,
})

const committee: Actor = { id: 10, role: 'committee', orgPath: COMMUNITY }
const otherCommittee: Actor = { id: 11, role: 'committee', orgPath: '/1/7/' }
const branchCommittee: Actor = { id: 12, role: 'committee', orgPath: '/1/2/3/' }
const streetAdmin: Actor = { id: 13, role: 'street_admin', orgPath: '/1/' }
const resident: Actor = { id: 20, role: 'resident', orgPath: GRID, householdId: 7 }
const leader: Actor = { id: 30, role: 'volunteer', orgPath: COMMUNITY }

describe('who starts how', () => {
  test('residents at once, 双报到/volunteers/departments/proxies after approval, staff roles only by invite', () => {
    const free = (viaInvite: boolean) => ({ viaInvite, homeTaken: false })
    expect(ROLES.map((role) => [role, initialStatus(role, free(false)), initialStatus(role, free(true))])).toEqual([
      ['resident', 'active', 'active'],
      // An invite stands in for the community's approval, never for the household's.
      ['proxy', 'pending', 'pending'],
      ['grid_worker', null, 'active'],
      ['committee', null, 'active'],
      ['street_admin', null, 'active'],
      ['party_member', 'pending', 'active'],
      ['volunteer', 'pending', 'active'],
      // A 部门/驻区单位 member is approved like a 双报到 Party member.
      ['department', 'pending', 'active'],
    ])
    expect(Object.keys(JOIN_RULES).sort()).toEqual([...ROLES].sort())
  })

  test('a resident registering at a home someone already lives in waits for that home, invite or not', () => {
    expect(initialStatus('resident', { viaInvite: false, homeTaken: true })).toBe('pending')
    expect(initialStatus('resident', { viaInvite: true, homeTaken: true })).toBe('pending')
    // Other roles do not join a home: where someone lives does not matter to them.
    expect(initialStatus('volunteer', { viaInvite: true, homeTaken: true })).toBe('active')
  })

  test('each role attaches to its level of the tree; responders (departments too) to the community they serve', () => {
    expect(ROLE_ORG_KINDS).toEqual({
      resident: ['grid'],
      proxy: ['grid'],
      grid_worker: ['grid'],
      committee: ['community', 'compound'],
      street_admin: ['street'],
      party_member: ['community'],
      volunteer: ['community'],
      department: ['community'],
    })
  })
})

describe('canDecide', () => {
  test("the committee whose subtree holds the request, and nobody's else", () => {
    expect(canDecide(pending(), committee)).toBe(true)
    expect(canDecide(pending(), otherCommittee)).toBe(false)
    // A compound branch does not decide community-level requests.
    expect(canDecide(pending(), branchCommittee)).toBe(false)
    expect(canDecide(pending({ role: 'proxy', orgPath: GRID, householdId: 7 }), branchCommittee)).toBe(true)
    expect(canDecide(pending(), streetAdmin)).toBe(false)
  })

  test("a family proxy or a second resident also by the household's resident; a volunteer also by the team leader", () => {
    const proxy = pending({ role: 'proxy', orgPath: GRID, householdId: 7 })
    expect(canDecide(proxy, resident)).toBe(true)
    expect(canDecide(proxy, { ...resident, householdId: 8 })).toBe(false)
    const coResident = pending({ role: 'resident', orgPath: GRID, householdId: 7 })
    expect(canDecide(coResident, resident)).toBe(true)
    expect(canDecide(coResident, { ...resident, householdId: 8 })).toBe(false)
    expect(canDecide(coResident, { ...resident, role: 'proxy' })).toBe(false)
    expect(canDecide(pending({ role: 'party_member', orgPath: GRID, householdId: 7 }), resident)).toBe(false)
    const volunteer = pending({ role: 'volunteer', teamLeaderId: 30 })
    expect(canDecide(volunteer, leader)).toBe(true)
    expect(canDecide(volunteer, { ...leader, id: 31 })).toBe(false)
    expect(canDecide(volunteer, { ...leader, role: 'party_member' })).toBe(false)
  })

  test('a department member is decided by the committee alone', () => {
    const department = pending({ role: 'department' })
    expect(canDecide(department, committee)).toBe(true)
    expect(canDecide(department, otherCommittee)).toBe(false)
    expect(canDecide(department, leader)).toBe(false)
    expect(canDecide(department, streetAdmin)).toBe(false)
  })

  test('only pending requests are decided', () => {
    expect(canDecide(pending({ status: 'active' }), committee)).toBe(false)
    expect(canDecide(pending({ status: 'ended' }), committee)).toBe(false)
  })
})

describe('canEnd', () => {
  test('the person themselves, or the committee of the subtree; never twice', () => {
    const active = pending({ status: 'active' })
    expect(canEnd(active, { id: 50, role: 'resident', orgPath: GRID })).toBe(true)
    expect(canEnd(active, committee)).toBe(true)
    expect(canEnd(active, otherCommittee)).toBe(false)
    expect(canEnd(active, streetAdmin)).toBe(false)
    expect(canEnd(pending({ status: 'ended' }), committee)).toBe(false)
  })
})

describe('canInvite', () => {
  test('committees invite within their subtree; a street administrator sets up committees only', () => {
    expect(canInvite(committee, 'resident', GRID)).toBe(true)
    expect(canInvite(committee, 'committee', COMMUNITY)).toBe(true)
    expect(canInvite(committee, 'street_admin', COMMUNITY)).toBe(false)
    expect(canInvite(otherCommittee, 'resident', GRID)).toBe(false)
    expect(canInvite(streetAdmin, 'committee', COMMUNITY)).toBe(true)
    expect(canInvite(streetAdmin, 'resident', GRID)).toBe(false)
    expect(canInvite(resident, 'proxy', GRID)).toBe(false)
    expect(canInvite(leader, 'volunteer', COMMUNITY)).toBe(false)
  })

  test('committees invite to every role but street administrator and family proxy; a street administrator to committee only', () => {
    expect(ROLES.filter((role) => canInvite(committee, role, COMMUNITY))).toEqual([
      'resident', 'grid_worker', 'committee', 'party_member', 'volunteer', 'department',
    ])
    expect(ROLES.filter((role) => canInvite(streetAdmin, role, COMMUNITY))).toEqual(['committee'])
    expect(canInvite(otherCommittee, 'department', COMMUNITY)).toBe(false)
  })
})
