import { Button, Input } from '@nutui/nutui-react-taro'
import { Text, View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import { observer } from 'mobx-react-lite'
import { useEffect, useState, type ReactNode } from 'react'
import { JOIN_RULES, ORDER_RULES, ROLE_LABELS, type Role } from '../../domain'
import { ChoiceChips } from '../../components/choice-chips'
import { StateView } from '../../components/state-view'
import { messageOf } from '../../stores/errors'
import { useStores } from '../../stores/root-store'
import { SELF_SERVICE_ROLES, type SelfServiceRole } from '../../stores/signup-store'
import { ROUTES, goToTab, toast } from '../../utils/navigation'
import './index.scss'

const isWeapp = process.env.TARO_ENV === 'weapp'
const isH5 = process.env.TARO_ENV === 'h5'

const ROLE_CHOICES: Record<SelfServiceRole, { title: string; text: string }> = {
  resident: { title: '居民登记', text: '住在社区，为自己家点单' },
  proxy: { title: '亲情代理', text: '替住在社区的父母长辈点单（需审核）' },
  party_member: { title: '在职党员双报到', text: '到居住地社区报到，认领服务（需审核）' },
  volunteer: { title: '志愿者入队', text: '加入志愿服务队，认领服务（需审核）' },
}

/** Who decides a request of each role, as the waiting screen tells it. */
const APPROVERS: Partial<Record<Role, string>> = {
  proxy: '家里已登记的居民或社区党委审核通过后，您就可以为家人点单。',
  party_member: '社区党委审核通过后，您就可以在接单大厅认领服务。',
  volunteer: '服务队队长或社区党委审核通过后，您就可以接单。',
}

const PRIVACY_NOTICE =
  '为了给您提供社区服务，我们需要您的姓名和手机号：社区党组织审核登记、派单，服务人员上门前联系您时使用。' +
  '手机号对其他居民隐藏，住址只给处理您订单的人看。信息只用于社区服务，不会提供给无关的人。'

const RELATIONS = ['儿子', '女儿', '儿媳', '女婿', '孙子女', '其他亲属'].map((r) => ({ value: r, label: r }))

/** Takes the code from an H5 link (`?invite=`) or a mini-program code (`scene`, URL-encoded by WeChat). */
function inviteCodeOf(params: Partial<Record<string, string>>): string | undefined {
  if (params.invite) return params.invite
  if (!params.scene) return undefined
  try {
    return decodeURIComponent(params.scene)
  } catch {
    return params.scene
  }
}

/**
 * WeChat's own privacy popup (base library 2.32.3+), where the app declares what it collects.
 * Elsewhere, or on older clients, the notice on this page is what the person agrees to.
 */
function requirePrivacyAuthorize(): Promise<boolean> {
  if (!isWeapp || typeof Taro.requirePrivacyAuthorize !== 'function') return Promise.resolve(true)
  return new Promise((resolve) => {
    try {
      Taro.requirePrivacyAuthorize({ success: () => resolve(true), fail: () => resolve(false) })
    } catch {
      resolve(true)
    }
  })
}

function Field({ label, required = false, hint, children }: { label: string; required?: boolean; hint?: string; children: ReactNode }) {
  return (
    <View className="signup-field">
      <Text className="signup-field__label">
        {label}
        {required && <Text className="signup-field__required">*</Text>}
      </Text>
      {hint && <Text className="signup-field__hint">{hint}</Text>}
      {children}
    </View>
  )
}

const ErrorLine = observer(function ErrorLine() {
  const { signup } = useStores()
  return signup.error ? <Text className="signup__error">{signup.error}</Text> : null
})

/** Step 1: the privacy notice, then name and phone. Nothing is sent before the box is ticked. */
const ProfileStep = observer(function ProfileStep() {
  const { session, signup } = useStores()
  const boundPhone = session.me?.phone ?? ''

  const toggleConsent = async () => {
    if (signup.consent) return signup.set('consent', false)
    if (await requirePrivacyAuthorize()) signup.set('consent', true)
    else toast('需要同意隐私保护指引才能登记')
  }

  const submit = async (phoneCode?: string) => {
    if (!(await signup.submitProfile(phoneCode)) && signup.error) toast(signup.error)
  }

  const onPhoneNumber = (detail: { code?: string; errMsg?: string }) => {
    if (detail.code) return void submit(detail.code)
    toast('没有拿到手机号。社区和服务人员需要联系您，请再点一次并选择允许')
  }

  // The WeChat button opens its phone popup on tap: only offer it once the rest is filled in.
  const ready = signup.profileProblem(true) === null

  return (
    <View className="signup__step">
      <View className="signup__card signup__privacy">
        <Text className="signup__card-title">隐私保护指引</Text>
        <Text className="signup__notice">{PRIVACY_NOTICE}</Text>
        {isWeapp && (
          <Text className="signup__link" onClick={() => Taro.openPrivacyContract?.({})}>
            查看完整的《隐私保护指引》
          </Text>
        )}
        <View className={`signup__consent ${signup.consent ? 'signup__consent--checked' : ''}`} onClick={toggleConsent}>
          <Text className="signup__checkbox">{signup.consent ? '✓' : ''}</Text>
          <Text className="signup__consent-text">我已阅读并同意《隐私保护指引》</Text>
        </View>
      </View>

      <Field label="您的姓名" required>
        <Input
          className="signup__name"
          value={signup.name}
          onChange={(name) => signup.set('name', name)}
          placeholder="请填写真实姓名，方便社区联系"
          maxLength={ORDER_RULES.contactNameMax}
        />
      </Field>

      {isH5 && (
        <Field label="手机号" required={!boundPhone} hint={boundPhone ? `已绑定 ${boundPhone}，不更换可以不填` : undefined}>
          <Input
            className="signup__phone"
            type="tel"
            value={signup.phone}
            onChange={(phone) => signup.set('phone', phone)}
            placeholder="11 位手机号"
            maxLength={11}
          />
        </Field>
      )}
      {!isH5 && boundPhone && (
        <Field label="手机号">
          <Text className="signup__bound">已绑定 {boundPhone}</Text>
        </Field>
      )}

      <ErrorLine />
      <View className="signup__footer">
        {isH5 || boundPhone ? (
          <Button className="signup__next" type="primary" size="large" block loading={signup.sending} disabled={signup.sending} onClick={() => submit()}>
            下一步
          </Button>
        ) : (
          <>
            <Button
              className="signup__next"
              type="primary"
              size="large"
              block
              loading={signup.sending}
              openType={ready ? 'getPhoneNumber' : undefined}
              onGetPhoneNumber={(e) => onPhoneNumber(e.detail)}
              onClick={() => !ready && toast(signup.profileProblem(true)!)}
            >
              微信授权手机号，下一步
            </Button>
            <Text className="signup__footnote">手机号由微信提供，不用手动输入</Text>
          </>
        )}
      </View>
    </View>
  )
})

/** The household address: 楼栋, 单元 and 门牌 (a village house may have only the last). */
const AddressFields = observer(function AddressFields({ forElder }: { forElder: boolean }) {
  const { signup } = useStores()
  return (
    <Field label={forElder ? '老人的住址' : '您的住址'} required hint="农村或平房只填门牌号即可">
      <View className="address-row">
        <View className="address-row__part">
          <Input className="signup__building" value={signup.building} onChange={(v) => signup.set('building', v)} placeholder="如 3" maxLength={20} />
          <Text className="address-row__unit">号楼</Text>
        </View>
        <View className="address-row__part">
          <Input className="signup__unit" value={signup.unit} onChange={(v) => signup.set('unit', v)} placeholder="如 2" maxLength={20} />
          <Text className="address-row__unit">单元</Text>
        </View>
      </View>
      <View className="address-row__part address-row__part--room">
        <Input className="signup__room" value={signup.room} onChange={(v) => signup.set('room', v)} placeholder="门牌号，如 401" maxLength={20} />
      </View>
    </Field>
  )
})

/** What is picked inside the community: grid and address, team, or work unit. */
const DirectoryFields = observer(function DirectoryFields() {
  const { signup } = useStores()
  const { directory, role } = signup
  if (!signup.needsDirectory) return null
  if (directory.loading) return <StateView kind="loading" message="正在加载社区信息…" />
  if (directory.error) {
    const community = signup.communityId ?? signup.usableInvite?.communityId ?? signup.usableInvite?.orgId
    return <StateView kind="error" message={directory.error} actionText="重试" onAction={() => community && signup.loadDirectory(community)} />
  }
  if (!directory.value) return null
  const { teams, workUnits } = directory.value
  return (
    <>
      {signup.needsAddress && (
        <>
          <Field label={role === 'proxy' ? '老人所在的网格' : '您所在的网格'} required>
            <ChoiceChips
              className="signup__grids"
              options={signup.grids.map((g) => ({ value: g.id, label: g.fullName }))}
              value={signup.gridId}
              onChange={(id) => signup.chooseGrid(id)}
            />
          </Field>
          <AddressFields forElder={role === 'proxy'} />
        </>
      )}
      {role === 'proxy' && (
        <Field label="您与老人的关系" required>
          <ChoiceChips className="signup__relations" options={RELATIONS} value={signup.note || null} onChange={(note) => signup.set('note', note)} />
        </Field>
      )}
      {signup.needsTeam && (
        <Field label="要加入的志愿服务队" required>
          {teams.length ? (
            <ChoiceChips className="signup__teams" options={teams.map((t) => ({ value: t.id, label: t.name }))} value={signup.teamId} onChange={(id) => signup.chooseTeam(id)} />
          ) : (
            <Text className="signup-field__hint">这个社区还没有志愿服务队</Text>
          )}
        </Field>
      )}
      {signup.needsWorkUnit && (
        <>
          <Field label="您的工作单位" required>
            {workUnits.length ? (
              <ChoiceChips
                className="signup__work-units"
                options={workUnits.map((w) => ({ value: w.id, label: w.name }))}
                value={signup.workUnitId}
                onChange={(id) => signup.chooseWorkUnit(id)}
              />
            ) : (
              <Text className="signup-field__hint">这个社区还没有登记驻区单位，请联系社区党委</Text>
            )}
          </Field>
          <Field label="所在党支部（选填）">
            <Input className="signup__note" value={signup.note} onChange={(v) => signup.set('note', v)} placeholder="如 县人民医院第二党支部" maxLength={100} />
          </Field>
        </>
      )}
    </>
  )
})

/** Step 2: the identity asked for, given by an invite or chosen here. */
const IdentityStep = observer(function IdentityStep({ onDone }: { onDone: (active: boolean) => void }) {
  const { signup } = useStores()
  const { invite, communities } = signup
  const usable = signup.usableInvite
  const role = signup.role

  const submit = async () => {
    const identity = await signup.submit()
    if (identity) onDone(identity.status === 'active')
    else if (signup.error) toast(signup.error)
  }

  if (signup.viaInvite && invite.loading) return <StateView kind="loading" message="正在核对邀请码…" />
  if (signup.viaInvite && !usable) {
    return (
      <View className="signup__step">
        <StateView kind="error" message={invite.error ?? '邀请码无效'} actionText="重试" onAction={() => signup.loadInvite()} />
        <View className="signup__footer">
          <Button className="signup__without-invite" size="large" block onClick={() => signup.dropInvite()}>
            不用邀请码，自己登记
          </Button>
        </View>
      </View>
    )
  }

  const needsApproval = role !== null && !usable && JOIN_RULES[role] === 'approval'
  return (
    <View className="signup__step">
      {usable ? (
        <View className="signup__card signup__invite">
          <Text className="signup__invite-title">
            凭邀请码加入：{usable.teamName ?? usable.orgName.split(' · ').pop()}（{ROLE_LABELS[usable.role]}）
          </Text>
          <Text className="signup__invite-org">{usable.orgName}</Text>
        </View>
      ) : (
        <>
          <Field label="您要登记什么身份" required>
            <View className="role-options">
              {SELF_SERVICE_ROLES.map((r) => (
                <View
                  key={r}
                  className={`role-option role-option--${r} ${signup.chosenRole === r ? 'role-option--selected' : ''}`}
                  onClick={() => signup.chooseRole(r)}
                >
                  <Text className="role-option__title">{ROLE_CHOICES[r].title}</Text>
                  <Text className="role-option__text">{ROLE_CHOICES[r].text}</Text>
                </View>
              ))}
            </View>
          </Field>
          {role && (
            <Field label="所在社区" required>
              {communities.loading && !communities.value ? (
                <StateView kind="loading" />
              ) : communities.error && !communities.value ? (
                <StateView kind="error" message={communities.error} actionText="重试" onAction={() => signup.loadCommunities()} />
              ) : (
                <ChoiceChips
                  className="signup__communities"
                  options={(communities.value ?? []).map((c) => ({ value: c.id, label: c.name }))}
                  value={signup.communityId}
                  onChange={(id) => void signup.chooseCommunity(id)}
                />
              )}
            </Field>
          )}
        </>
      )}

      {role && <DirectoryFields />}

      {needsApproval && <Text className="signup__approval">提交后需要审核：{APPROVERS[role]}</Text>}
      <ErrorLine />
      {role && (
        <View className="signup__footer">
          <Button className="signup__submit" type="primary" size="large" block loading={signup.sending} disabled={signup.sending} onClick={submit}>
            {needsApproval ? '提交申请' : '提交登记'}
          </Button>
        </View>
      )}
    </View>
  )
})

/** A request that waits for someone's approval: say so plainly, and who decides. */
const Waiting = observer(function Waiting() {
  const { signup } = useStores()
  const role = signup.outcome?.role
  return (
    <View className="signup__done">
      <Text className="signup__done-icon">✓</Text>
      <Text className="signup__done-title">已提交，等待社区审核</Text>
      <Text className="signup__done-text">{(role && APPROVERS[role]) ?? '审核通过后即可使用。'}审核进度可以在「我的」查看。</Text>
      <Button className="signup__back" type="primary" size="large" block onClick={() => goToTab(ROUTES.me)}>
        回到我的
      </Button>
    </View>
  )
})

/** Sign-up: from 我的, from home, or by an invite link / mini-program code. */
function SignupPage() {
  const stores = useStores()
  const { session, signup } = stores
  const { params } = useRouter()
  const [started, setStarted] = useState(false)
  const [loginError, setLoginError] = useState<string | null>(null)

  // A fresh form per visit (the store outlives the page), before anything is shown.
  useEffect(() => {
    signup.start(inviteCodeOf(params))
    setStarted(true)
  }, [])

  // Someone arriving by a mini-program code has no session yet: a WeChat login is silent.
  const login = async () => {
    setLoginError(null)
    try {
      const { code } = await Taro.login()
      await stores.loginWithWechat(code)
    } catch (error) {
      setLoginError(messageOf(error))
    }
  }
  useEffect(() => {
    if (isWeapp && started && !session.restoring && !session.signedIn) void login()
  }, [started, session.restoring, session.signedIn])

  const atIdentityStep = started && session.signedIn && !session.needsProfile
  useEffect(() => {
    if (atIdentityStep) void signup.prepare()
  }, [atIdentityStep])

  const done = (active: boolean) => {
    if (!active) return // the waiting screen takes over
    toast('登记成功')
    goToTab(ROUTES.home)
  }

  if (!started || session.restoring) return <StateView kind="loading" />
  if (!session.signedIn) {
    if (isWeapp) {
      return loginError ? <StateView kind="error" message={loginError} actionText="重新登录" onAction={login} /> : <StateView kind="loading" message="正在登录…" />
    }
    return <StateView kind="empty" message="请先登录，再进行登记" actionText="去登录" onAction={() => goToTab(ROUTES.me)} />
  }
  if (signup.outcome?.status === 'pending') return <Waiting />

  const firstTime = session.identities.length === 0
  return (
    <View className="signup">
      <View className="signup__header">
        <Text className="signup__title">{session.needsProfile ? '第 1 步：个人信息' : firstTime ? '第 2 步：登记身份' : '登记/申请新身份'}</Text>
        {firstTime && <Text className="signup__subtitle">共 2 步，登记后即可点单</Text>}
      </View>
      {session.needsProfile ? <ProfileStep /> : <IdentityStep onDone={done} />}
    </View>
  )
}

export default observer(SignupPage)
