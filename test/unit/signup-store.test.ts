/**
 * Sign-up against a fake API: nothing leaves before the privacy notice is accepted, the join
 * request each path builds, invites that fix the role and place, and what the person sees after.
 */
import type { Api } from '@/services/api'
import { ApiRequestError } from '@/services/api-error'
import { SessionStore, type KeyValueStorage } from '@/stores/session-store'
import { SignupStore } from '@/stores/signup-store'
import type { CommunityDirectoryDto, IdentityDto, InviteDto, MeDto } from '../../types/people'

type Fake<K extends keyof Api> = jest.Mock<ReturnType<Api[K]>, Parameters<Api[K]>>
type SignupApi = { [K in keyof ConstructorParameters<typeof SignupStore>[0] & keyof Api]: Fake<K> }
type SessionApi = { [K in keyof ConstructorParameters<typeof SessionStore>[0] & keyof Api]: Fake<K> }

function fake<K extends keyof Api>(name: K, implementation?: NoInfer<(...args: Parameters<Api[K]>) => ReturnType<Api[K]>>): Fake<K> {
  return jest.fn(implementation).mockName(name)
}

const storage: KeyValueStorage = { get: () => null, set: () => {}, remove: () => {} }

const DIRECTORY: CommunityDirectoryDto = {
  id: 2,
  name: '阳光社区大党委',
  grids: [
    { id: 5, name: '第1网格', path: '/1/2/3/5/', fullName: '锦绣小区党支部 · 第1网格' },
    { id: 6, name: '第4网格', path: '/1/2/7/6/', fullName: '和平里小区党支部 · 第4网格' },
  ],
  teams: [{ id: 3, name: '巾帼志愿服务队', skills: [{ code: 'meals', name: '助餐' }] }],
  workUnits: [{ id: 30, name: '县人民医院' }],
}

const identity = (patch: Partial<IdentityDto>): IdentityDto => ({
  membershipId: 1, role: 'resident', status: 'active', orgId: 5, orgPath: '/1/2/4/5/', orgName: '阳光街道 · 阳光社区大党委 · 锦绣小区党支部 · 第1网格',
  communityPath: '/1/2/', teamName: null, householdId: 11, householdAddress: '3号楼2单元401', workUnitName: null,
  teamId: null, workUnitId: null, leadsTeamId: null, ...patch,
})

const newcomer = (patch: Partial<MeDto> = {}): MeDto => ({ id: 9, name: '', phone: '', consented: false, acting: null, identities: [], ...patch })
const profiled = (patch: Partial<MeDto> = {}) => newcomer({ name: '周建国', phone: '139****1234', consented: true, ...patch })

const invite = (patch: Partial<InviteDto>): InviteDto => ({
  id: 1, code: 'INVITE-abc123', role: 'party_member', orgId: 2, orgName: '阳光街道 · 阳光社区大党委', communityId: 2, teamId: null, teamName: null,
  expiresAt: '2026-12-31T00:00:00.000Z', maxUses: null, uses: 0, usable: true, link: '', qrUrl: '', ...patch,
})

function setup(me: MeDto, fakes: Partial<SignupApi & SessionApi> = {}) {
  const api = {
    getInvite: fake('getInvite', async () => invite({})),
    listCommunities: fake('listCommunities', async () => [{ id: 2, name: '阳光社区大党委', streetName: '阳光街道' }]),
    getCommunityDirectory: fake('getCommunityDirectory', async () => DIRECTORY),
    getMe: fake('getMe'),
    loginAsDemo: fake('loginAsDemo'),
    loginWithWechat: fake('loginWithWechat'),
    listDemoAccounts: fake('listDemoAccounts'),
    actAs: fake('actAs'),
    updateProfile: fake('updateProfile', async (profile) => profiled({ name: profile.name })),
    join: fake('join'),
    leaveIdentity: fake('leaveIdentity'),
    ...fakes,
  }
  const session = new SessionStore(api, storage)
  session.me = me
  const signup = new SignupStore(api, session)
  return { api, session, signup }
}

describe('SignupStore — step 1 (the person)', () => {
  test('nothing is sent before the privacy notice is accepted; then name and typed phone go together', async () => {
    const { api, session, signup } = setup(newcomer())
    signup.start()
    signup.set('name', ' 周建国 ')
    signup.set('phone', '13912341234')
    await expect(signup.submitProfile()).resolves.toBe(false)
    expect(signup.error).toContain('隐私保护指引')
    expect(api.updateProfile).not.toHaveBeenCalled()

    signup.set('consent', true)
    expect(signup.error).toBeNull() // a change clears the last refusal
    await expect(signup.submitProfile()).resolves.toBe(true)
    expect(api.updateProfile).toHaveBeenCalledWith({ privacyConsent: true, name: '周建国', phone: '13912341234' })
    expect(session.needsProfile).toBe(false)
  })

  test('a wrong phone or missing name is caught before sending; a WeChat phone code needs no typed number', async () => {
    const { api, signup } = setup(newcomer())
    signup.start()
    signup.set('consent', true)
    expect(signup.profileProblem(false)).toBe('请填写您的姓名')
    signup.set('name', '周建国')
    signup.set('phone', '1391234')
    expect(signup.profileProblem(false)).toBe('请填写正确的 11 位手机号')
    expect(signup.profileProblem(true)).toBeNull()
    await signup.submitProfile('wx-phone-code')
    expect(api.updateProfile).toHaveBeenCalledWith({ privacyConsent: true, name: '周建国', phoneCode: 'wx-phone-code' })
  })

  test('a phone already bound may stay: only consent and name are sent', async () => {
    const { api, signup } = setup(newcomer({ name: '周建国', phone: '139****1234' }))
    signup.start()
    expect(signup.name).toBe('周建国') // the name known is filled in
    signup.set('consent', true)
    await signup.submitProfile()
    expect(api.updateProfile).toHaveBeenCalledWith({ privacyConsent: true, name: '周建国' })
  })

  test('a refused getPhoneNumber leads to the typed field, not to the same popup again; the number typed is sent', async () => {
    const { api, signup } = setup(newcomer())
    signup.start()
    signup.set('consent', true)
    signup.set('name', '周建国')
    expect(signup.phoneTyped).toBe(false)
    await expect(signup.submitWechatPhone({ errMsg: 'getPhoneNumber:fail user deny' })).resolves.toBe(false)
    expect(signup.phoneTyped).toBe(true)
    expect(api.updateProfile).not.toHaveBeenCalled()
    await expect(signup.submitProfile()).resolves.toBe(false)
    expect(signup.error).toBe('请填写正确的 11 位手机号')
    signup.set('phone', '13912341234')
    await expect(signup.submitProfile()).resolves.toBe(true)
    expect(api.updateProfile).toHaveBeenCalledWith({ privacyConsent: true, name: '周建国', phone: '13912341234' })
  })

  test('an accepted getPhoneNumber sends its code; the typed field can be chosen and left again; a new visit starts with WeChat’s', async () => {
    const { api, signup } = setup(newcomer())
    signup.start()
    signup.typePhone(true)
    expect(signup.phoneTyped).toBe(true)
    signup.typePhone(false)
    signup.set('consent', true)
    signup.set('name', '周建国')
    await expect(signup.submitWechatPhone({ code: 'wx-phone-code', errMsg: 'getPhoneNumber:ok' })).resolves.toBe(true)
    expect(api.updateProfile).toHaveBeenCalledWith({ privacyConsent: true, name: '周建国', phoneCode: 'wx-phone-code' })
    expect(signup.phoneTyped).toBe(false)
    signup.typePhone(true)
    signup.start()
    expect(signup.phoneTyped).toBe(false)
  })

  test.each([
    ['submitted as the profile', (signup: SignupStore) => signup.submitProfile('old-code'), false],
    ['from WeChat’s phone button: the typed field is offered', (signup: SignupStore) => signup.submitWechatPhone({ code: 'old-code' }), true],
  ])('the server’s refusal of a phone code is kept to show, %s', async (_, submit, offersTyped) => {
    const updateProfile = fake('updateProfile', async () => {
      throw new ApiRequestError(400, 'invalid_input', '手机号授权已失效，请重新点击获取手机号')
    })
    const { signup } = setup(newcomer(), { updateProfile })
    signup.start()
    signup.set('consent', true)
    signup.set('name', '周建国')
    await expect(submit(signup)).resolves.toBe(false)
    expect(signup.error).toBe('手机号授权已失效，请重新点击获取手机号')
    expect(signup.sending).toBe(false)
    expect(signup.phoneTyped).toBe(offersTyped)
  })
})

describe('SignupStore — step 2 (the identity)', () => {
  test('resident: the only community is chosen for them; address words are trimmed; active → acts as it', async () => {
    const resident = identity({ membershipId: 31 })
    const join = fake('join', async () => profiled({ identities: [resident] }))
    const actAs = fake('actAs', async () => profiled({ acting: resident, identities: [resident] }))
    const { api, session, signup } = setup(profiled(), { join, actAs })
    signup.start()
    await signup.prepare()
    expect(api.listCommunities).toHaveBeenCalledTimes(1)
    expect(signup.problem).toBe('请选择要登记的身份')

    signup.chooseRole('resident')
    expect(signup.communityId).toBe(2)
    expect(api.getCommunityDirectory).toHaveBeenCalledWith(2)
    expect(signup.problem).toBe('请选择您所在的网格')
    signup.chooseGrid(5)
    expect(signup.problem).toBe('请填写门牌号，例如 401')
    signup.set('building', '3号楼')
    signup.set('unit', '2单元')
    signup.set('room', ' 401 ')
    expect(signup.problem).toBeNull()
    expect(signup.request).toEqual({ role: 'resident', household: { gridId: 5, building: '3', unit: '2', room: '401' } })

    await expect(signup.submit()).resolves.toMatchObject({ membershipId: 31, status: 'active' })
    expect(actAs).toHaveBeenCalledWith(31)
    expect(session.user?.membershipId).toBe(31)
    expect(session.needsSignup).toBe(false)
  })

  test('family proxy: the relation is asked for; the request waits for approval and is not acted as', async () => {
    const pending = identity({ membershipId: 32, role: 'proxy', status: 'pending' })
    const join = fake('join', async () => profiled({ identities: [pending] }))
    const { api, signup } = setup(profiled(), { join })
    signup.start()
    await signup.prepare()
    signup.chooseRole('proxy')
    signup.chooseGrid(6)
    signup.set('room', '12')
    expect(signup.problem).toBe('请选择您与老人的关系')
    signup.set('note', '女儿')
    expect(signup.request).toEqual({ role: 'proxy', household: { gridId: 6, building: '', unit: '', room: '12' }, note: '女儿' })
    await expect(signup.submit()).resolves.toMatchObject({ status: 'pending' })
    expect(signup.outcome?.status).toBe('pending')
    expect(api.actAs).not.toHaveBeenCalled()
  })

  test('volunteer and Party member: team, or community and work unit with the branch as a note', async () => {
    const { signup } = setup(profiled())
    signup.start()
    await signup.prepare()
    signup.chooseRole('volunteer')
    expect(signup.problem).toBe('请选择要加入的志愿服务队')
    signup.chooseTeam(3)
    expect(signup.request).toEqual({ role: 'volunteer', communityId: 2, teamId: 3 })

    signup.chooseRole('party_member')
    expect(signup.problem).toBe('请选择您的工作单位')
    signup.chooseWorkUnit(30)
    signup.set('note', '县人民医院第二党支部')
    expect(signup.request).toEqual({ role: 'party_member', communityId: 2, workUnitId: 30, note: '县人民医院第二党支部' })
  })

  test('an invite fixes the role and the community; only what it leaves open is asked', async () => {
    const getInvite = fake('getInvite', async () => invite({ role: 'party_member', orgId: 2, communityId: 2 }))
    const { api, signup } = setup(profiled(), { getInvite })
    signup.start('INVITE-abc123')
    await signup.prepare()
    expect(getInvite).toHaveBeenCalledWith('INVITE-abc123')
    expect(api.listCommunities).not.toHaveBeenCalled()
    expect(api.getCommunityDirectory).toHaveBeenCalledWith(2)
    expect(signup.role).toBe('party_member')
    signup.chooseWorkUnit(30)
    expect(signup.problem).toBeNull()
    expect(signup.request).toEqual({ role: 'party_member', invite: 'INVITE-abc123', workUnitId: 30 })
  })

  test('a resident invite to one grid picks that grid', async () => {
    const getInvite = fake('getInvite', async () => invite({ role: 'resident', orgId: 6, orgName: '… · 和平里小区党支部 · 第4网格' }))
    const { signup } = setup(profiled(), { getInvite })
    signup.start('INVITE-abc123')
    await signup.prepare()
    expect(signup.grids.map((g) => g.id)).toEqual([6])
    expect(signup.gridId).toBe(6)
  })

  test('a grid worker invite needs nothing else', async () => {
    const getInvite = fake('getInvite', async () => invite({ role: 'grid_worker', orgId: 5, orgName: '… · 第1网格' }))
    const { api, signup } = setup(profiled(), { getInvite })
    signup.start('INVITE-abc123')
    await signup.prepare()
    expect(api.getCommunityDirectory).not.toHaveBeenCalled()
    expect(signup.problem).toBeNull()
    expect(signup.request).toEqual({ role: 'grid_worker', invite: 'INVITE-abc123' })
  })

  test('a used-up invite says so; signing up without it lists the communities', async () => {
    const getInvite = fake('getInvite', async () => invite({ usable: false }))
    const { api, signup } = setup(profiled(), { getInvite })
    signup.start('INVITE-abc123')
    await signup.prepare()
    expect(signup.invite.error).toContain('已过期或已用完')
    expect(signup.problem).toContain('已过期或已用完')
    expect(api.listCommunities).not.toHaveBeenCalled()
    signup.dropInvite()
    await new Promise((resolve) => setImmediate(resolve))
    expect(signup.viaInvite).toBe(false)
    expect(api.listCommunities).toHaveBeenCalledTimes(1)
  })

  test('the server’s refusal of a join is kept to show, and sending stops', async () => {
    const join = fake('join', async () => {
      throw new ApiRequestError(403, 'forbidden', '这个身份需要社区发放的邀请码')
    })
    const { signup } = setup(profiled(), { join })
    signup.start()
    await signup.prepare()
    signup.chooseRole('volunteer')
    signup.chooseTeam(3)
    await expect(signup.submit()).resolves.toBeNull()
    expect(signup.error).toBe('这个身份需要社区发放的邀请码')
    expect(signup.sending).toBe(false)
    expect(signup.outcome).toBeNull()
  })
})
