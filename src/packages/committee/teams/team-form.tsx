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

/** Making or editing a team: its name and the services it offers (skills, from the catalogue). */
export const TeamForm = observer(function TeamForm({ visible, team, onClose, onSaved }: TeamFormProps) {
  const { community } = useStores()
  const [name, setName] = useState('')
  const [skills, setSkills] = useState<string[]>([])

  useEffect(() => {
    if (!visible) return
    setName(team?.name ?? '')
    setSkills(team?.skills ?? [])
    if (!community.skillChoices) void community.loadSkillChoices()
  }, [visible, team?.id])

  const toggle = (skill: string) => setSkills((chosen) => (chosen.includes(skill) ? chosen.filter((s) => s !== skill) : [...chosen, skill]))
  // A skill the catalogue no longer offers is still shown while the team has it, so it can be removed.
  const choices = [...(community.skillChoices ?? []), ...skills.filter((s) => !community.skillChoices?.includes(s))]

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
              <Text key={skill} className={`team-form__skill ${skills.includes(skill) ? 'team-form__skill--on' : ''}`} onClick={() => toggle(skill)}>
                {skills.includes(skill) ? `✓ ${skill}` : skill}
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
