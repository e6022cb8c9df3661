import { Button } from '@nutui/nutui-react-taro'
import { Text, View } from '@tarojs/components'
import { observer } from 'mobx-react-lite'
import { useEffect, useState, type ReactNode } from 'react'
import type { CreateInviteRequest, InviteDto } from '../../../../types/people'
import { orgIdOf } from '../../../domain'
import { ChoiceChips } from '../../../components/choice-chips'
import { Sheet } from '../../../components/sheet'
import { messageOf } from '../../../stores/errors'
import { useStores } from '../../../stores/root-store'
import { toast } from '../../../utils/navigation'
import {
  committeeSeats,
  defaultMaxUses,
  gridsWithin,
  groupByCompound,
  INVITE_ROLE_LABELS,
  INVITE_TARGETS,
  invitableRoles,
  type InviteRole,
} from './rules'
import './invite-form.scss'

export interface InviteFormProps {
  visible: boolean
  onClose: () => void
  /** The invite just made, to show its code. */
  onCreated: (invite: InviteDto) => void
}

/** 0 stands for "no limit" among the chips (their values are numbers). */
const UNLIMITED = 0
const USES = [1, 10, 50] as const
const DAYS = [7, 30, 90] as const

function Field({ label, hint, children }: { label: string; hint?: string; children: ReactNode }) {
  return (
    <View className="invite-form__field">
      <Text className="invite-form__label">{label}</Text>
      {hint && <Text className="invite-form__hint">{hint}</Text>}
      {children}
    </View>
  )
}

/** Making an invite: the role (what the acting identity may grant), where it points, how often and how long it works. */
export const InviteForm = observer(function InviteForm({ visible, onClose, onCreated }: InviteFormProps) {
  const { session, people, community } = useStores()
  const user = session.user
  const actor = session.actor
  const roles = actor ? invitableRoles(actor) : []
  const [role, setRole] = useState<InviteRole | null>(null)
  const [picked, setPicked] = useState<number | null>(null)
  const [teamId, setTeamId] = useState<number | null>(null)
  const [maxUses, setMaxUses] = useState<number>(UNLIMITED)
  const [days, setDays] = useState<number>(30)

  const streetAdmin = user?.role === 'street_admin'
  const communityId = user && !streetAdmin ? orgIdOf(user.communityPath) : null
  const directory = communityId === null ? undefined : people.directory(communityId)
  // A community-level committee seats members on its own committee or a compound's (小区党支部).
  const offersSeats = role === 'committee' && !streetAdmin && !!user && user.orgPath === user.communityPath
  const tree = community.trees?.find((c) => c.id === communityId)

  const choose = (next: InviteRole) => {
    setRole(next)
    setPicked(null)
    setTeamId(null)
    setMaxUses(defaultMaxUses(next) ?? UNLIMITED)
  }

  useEffect(() => {
    if (!visible) return
    if (roles.length && (role === null || !roles.includes(role))) choose(roles[0])
    if (communityId !== null && !people.directory(communityId)) void people.loadDirectory(communityId)
    if (streetAdmin && !people.communities) void people.loadCommunities()
  }, [visible, communityId, streetAdmin])
  useEffect(() => {
    if (visible && offersSeats && !community.trees) void community.loadTree()
  }, [visible, offersSeats])

  if (!user || !role) return null
  const target = INVITE_TARGETS[role]
  const grids = directory ? gridsWithin(directory.grids, user.orgPath) : []

  // The org the invite names: a picked grid, community or committee seat (its own by default), or one fixed by the acting identity.
  const orgId = target === 'grid' || streetAdmin ? picked : target === 'community' ? communityId : offersSeats ? (picked ?? user.orgId) : user.orgId
  // An invite-only role cannot be unlimited: leaving maxUses out means one use for those.
  const usesOptions = [...(defaultMaxUses(role) === null ? [UNLIMITED] : []), ...USES]
  const missing = orgId === null ? (target === 'grid' ? '请选择网格' : '请选择社区') : role === 'volunteer' && teamId === null ? '请选择服务队' : null
  const loadingChoices = !people.directoryError && (streetAdmin ? !people.communities : !directory)

  const submit = async () => {
    if (missing || orgId === null) return toast(missing ?? '请选择社区')
    const request: CreateInviteRequest = {
      role,
      orgId,
      ...(role === 'volunteer' && teamId !== null ? { teamId } : {}),
      ...(maxUses === UNLIMITED ? {} : { maxUses }),
      days,
    }
    try {
      onCreated(await people.createInvite(request))
    } catch (error) {
      toast(messageOf(error))
    }
  }

  const where =
    streetAdmin ? (
      <Field label="社区">
        <ChoiceChips options={(people.communities ?? []).map((c) => ({ value: c.id, label: c.name }))} value={picked} onChange={setPicked} />
      </Field>
    ) : target === 'grid' ? (
      <Field label="网格" hint={role === 'resident' ? '居民扫码后登记到这个网格的住户' : '网格员负责这个网格'}>
        {groupByCompound(grids).map(([compound, ofCompound]) => (
          <View key={compound} className="invite-form__group">
            {compound && <Text className="invite-form__group-name">{compound}</Text>}
            <ChoiceChips className="invite-form__grids" options={ofCompound.map((g) => ({ value: g.id, label: g.name }))} value={picked} onChange={setPicked} />
          </View>
        ))}
      </Field>
    ) : offersSeats ? (
      <Field label="加入组织" hint="社区党委成员管理全社区；小区党支部成员管理本小区">
        {community.treeError ? (
          <Text className="invite-form__error" onClick={() => community.loadTree()}>
            {community.treeError}，点此重试
          </Text>
        ) : !tree ? (
          <Text className="invite-form__hint">加载中…</Text>
        ) : (
          <ChoiceChips className="invite-form__seats" options={committeeSeats(tree, user.orgId)} value={picked ?? user.orgId} onChange={setPicked} />
        )}
      </Field>
    ) : (
      <Field label={target === 'community' ? '服务社区' : '加入组织'}>
        <Text className="invite-form__fixed">{target === 'community' ? (directory?.name ?? '') : user.orgName}</Text>
      </Field>
    )

  return (
    <Sheet visible={visible} title="生成邀请码" onClose={onClose}>
      <View className="invite-form">
        <Field label="邀请身份">
          <ChoiceChips options={roles.map((r) => ({ value: r, label: INVITE_ROLE_LABELS[r] }))} value={role} onChange={choose} />
        </Field>
        {people.directoryError ? (
          <Text className="invite-form__error" onClick={() => (streetAdmin ? people.loadCommunities() : communityId !== null && people.loadDirectory(communityId))}>
            {people.directoryError}，点此重试
          </Text>
        ) : loadingChoices ? (
          <Text className="invite-form__hint">加载中…</Text>
        ) : (
          where
        )}
        {role === 'volunteer' && directory && (
          <Field label="服务队" hint="扫码的志愿者加入这支服务队">
            <ChoiceChips options={directory.teams.map((t) => ({ value: t.id, label: t.name }))} value={teamId} onChange={setTeamId} />
          </Field>
        )}
        <Field label="可用次数" hint={maxUses === 1 ? '一码一人：用过一次即失效' : undefined}>
          <ChoiceChips options={usesOptions.map((n) => ({ value: n, label: n === UNLIMITED ? '不限' : `${n} 次` }))} value={maxUses} onChange={setMaxUses} />
        </Field>
        <Field label="有效期">
          <ChoiceChips options={DAYS.map((n) => ({ value: n, label: `${n} 天` }))} value={days} onChange={setDays} />
        </Field>
        <Button
          className="invite-form__submit"
          type="primary"
          block
          size="large"
          loading={people.creatingInvite}
          disabled={people.creatingInvite}
          onClick={submit}
        >
          生成邀请码
        </Button>
      </View>
    </Sheet>
  )
})
