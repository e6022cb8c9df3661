import { Button, Input } from '@nutui/nutui-react-taro'
import { Text, View } from '@tarojs/components'
import { observer } from 'mobx-react-lite'
import { useEffect, useState } from 'react'
import type { TeamDto } from '../../../../types/community'
import { messageOf } from '../../../stores/errors'
import { NAME_MAX } from '../../../stores/community-store'
import { useStores } from '../../../stores/root-store'
import { confirmAction, toast } from '../../../utils/navigation'
import { Sheet } from '../../../components/sheet'
import './team-form.scss'

export interface TeamFormProps {
  visible: boolean
  /** The team being edited; null to make a new one. */
  team: TeamDto | null
  onClose: () => void
  onSaved: (team: TeamDto) => void
}

/** Making or editing a team: its name and the services it offers (skills: chosen by name, sent as catalogue codes). */
export const TeamForm = observer(function TeamForm({ visible, team, onClose, onSaved }: TeamFormProps) {
  const { community } = useStores()
  const [name, setName] = useState('')
  /** Catalogue codes, in the order chosen. */
  const [skills, setSkills] = useState<string[]>([])

  useEffect(() => {
    if (!visible) return
    setName(team?.name ?? '')
    setSkills(team?.skills.map((skill) => skill.code) ?? [])
    if (!community.skillChoices) void community.loadSkillChoices()
  }, [visible, team?.id])

  const toggle = (code: string) => setSkills((chosen) => (chosen.includes(code) ? chosen.filter((s) => s !== code) : [...chosen, code]))
  // The catalogue lists only services switched on: one switched off stays on show for a team that has it, to be kept or removed.
  const offered = community.skillChoices ?? []
  const choices = [...offered, ...(team?.skills ?? []).filter((skill) => !offered.some((c) => c.code === skill.code))]

  const submit = async () => {
    const trimmed = name.trim()
    if (!trimmed) return toast('请填写服务队名称')
    if (!team) {
      // Teams cannot be deleted (volunteers and invites point at them): ask first.
      const confirmed = await confirmAction('新建服务队', `服务队建好后不能删除，只能改名。确定新建「${trimmed}」吗？`)
      if (!confirmed) return
    }
    try {
      const saved = team ? await community.updateTeam(team.id, { name: trimmed, skills }) : await community.createTeam({ name: trimmed, skills })
      if (saved) onSaved(saved)
    } catch (error) {
      toast(messageOf(error))
    }
  }

  return (
    <Sheet visible={visible} title={team ? '编辑服务队' : '新建服务队'} onClose={onClose}>
      <View className="team-form">
        <Text className="team-form__label">名称</Text>
        <Input className="team-form__name" value={name} onChange={setName} placeholder="如 党员先锋服务队" maxLength={NAME_MAX} />
        <Text className="team-form__hint">{`最多 ${NAME_MAX} 个字，本社区内不能重名`}</Text>

        <Text className="team-form__label">技能（可多选）</Text>
        <Text className="team-form__hint">派单时优先推荐技能与服务类型相符的志愿者</Text>
        {community.skillsError ? (
          <Text className="team-form__error" onClick={() => community.loadSkillChoices()}>
            {community.skillsError}，点此重试
          </Text>
        ) : !community.skillChoices ? (
          <Text className="team-form__hint">加载中…</Text>
        ) : (
          <View className="team-form__skills">
            {choices.map((skill) => (
              <Text
                key={skill.code}
                className={`team-form__skill ${skills.includes(skill.code) ? 'team-form__skill--on' : ''}`}
                onClick={() => toggle(skill.code)}
              >
                {skills.includes(skill.code) ? `✓ ${skill.name}` : skill.name}
              </Text>
            ))}
          </View>
        )}

        <Button className="team-form__submit" type="primary" block size="large" loading={community.saving} disabled={community.saving} onClick={submit}>
          {team ? '保存' : '新建服务队'}
        </Button>
      </View>
    </Sheet>
  )
})
