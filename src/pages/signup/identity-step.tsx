import { Button, Input } from '@nutui/nutui-react-taro'
import { Text, View } from '@tarojs/components'
import { observer } from 'mobx-react-lite'
import { JOIN_RULES, ROLE_LABELS, type Role } from '../../domain'
import { ChoiceChips } from '../../components/choice-chips'
import { StateView } from '../../components/state-view'
import { useStores } from '../../stores/root-store'
import { SELF_SERVICE_ROLES, type SelfServiceRole } from '../../stores/signup-store'
import { ROUTES, goToTab, toast } from '../../utils/navigation'
import { ErrorLine, Field } from './fields'

const ROLE_CHOICES: Record<SelfServiceRole, { title: string; text: string }> = {
  resident: { title: '居民登记', text: '住在社区，为自己家点单' },
  proxy: { title: '亲情代理', text: '替住在社区的父母长辈点单（需审核）' },
  party_member: { title: '在职党员双报到', text: '到居住地社区报到，认领服务（需审核）' },
  volunteer: { title: '志愿者入队', text: '加入志愿服务队，认领服务（需审核）' },
}

/** Who decides a request of each role, as the waiting screen tells it. */
const APPROVERS: Partial<Record<Role, string>> = {
  // Only when the address is already registered to someone: a home lets in its own family.
  resident: '这个住址已有居民登记，家里已登记的居民或社区党委确认后，您就可以为家里点单。',
  proxy: '家里已登记的居民或社区党委审核通过后，您就可以为家人点单。',
  party_member: '社区党委审核通过后，您就可以在接单大厅认领服务。',
  volunteer: '服务队队长或社区党委审核通过后，您就可以接单。',
}

const RELATIONS = ['儿子', '女儿', '儿媳', '女婿', '孙子女', '其他亲属'].map((r) => ({ value: r, label: r }))

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
            <Input className="signup__note" value={signup.note} onChange={(v) => signup.set('note', v)} placeholder="如 县医院第二党支部" maxLength={100} />
          </Field>
        </>
      )}
    </>
  )
})

/** Step 2: the identity asked for, given by an invite or chosen here. */
export const IdentityStep = observer(function IdentityStep({ onDone }: { onDone: (active: boolean) => void }) {
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
export const Waiting = observer(function Waiting() {
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
