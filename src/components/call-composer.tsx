import { Text, View } from '@tarojs/components'
import { MAX_HEADCOUNT, SLOT_KIND_LABELS, type SlotKind, type SlotSpec } from '../domain'
import type { CallOptions } from '../stores/catalogue-store'
import { ChoiceChips } from './choice-chips'
import './call-composer.scss'

export interface CallComposerProps {
  value: SlotSpec[]
  onChange: (slots: SlotSpec[]) => void
  options: CallOptions
}

/** The kinds a committee calls by hand; a named person is what 派单 is for. */
const CALLABLE: SlotKind[] = ['department', 'party_members', 'team', 'hall']

const KIND_HINTS: Record<SlotKind, string> = {
  person: '',
  hall: '党员、志愿者都可以在接单大厅认领',
  party_members: '在职党员在接单大厅认领',
  team: '这支队伍的队员认领，队长也可以指派',
  department: '这个单位的人员认领',
}

/**
 * The 党委呼叫 form: one row per kind of responder with how many people it needs and, for a team
 * or a department, which one. Steppers rather than typed numbers: big targets, no keyboard.
 */
export function CallComposer({ value, onChange, options }: CallComposerProps) {
  const update = (index: number, slot: SlotSpec) => onChange(value.map((s, i) => (i === index ? slot : s)))
  const add = (kind: SlotKind) => onChange([...value, { kind, headcount: 1 }])
  const remove = (index: number) => onChange(value.filter((_, i) => i !== index))
  const units = (kind: SlotKind) => (kind === 'team' ? options.teams : kind === 'department' ? options.workUnits : null)

  return (
    <View className="call-composer">
      {value.map((slot, index) => {
        const choices = units(slot.kind)
        return (
          <View key={index} className={`call-slot call-slot--${slot.kind}`}>
            <View className="call-slot__head">
              <Text className="call-slot__kind">{SLOT_KIND_LABELS[slot.kind]}</Text>
              <Text className="call-slot__remove" onClick={() => remove(index)}>
                移除
              </Text>
            </View>
            <Text className="call-slot__hint">{KIND_HINTS[slot.kind]}</Text>
            {choices && (
              <ChoiceChips
                className="call-slot__units"
                options={choices.map((unit) => ({ value: unit.id, label: unit.name }))}
                value={slot.unitId ?? null}
                onChange={(unitId) => update(index, { ...slot, unitId })}
              />
            )}
            <View className="call-slot__count">
              <Text className="call-slot__label">需要人数</Text>
              <Text
                className={`call-slot__step ${slot.headcount <= 1 ? 'call-slot__step--off' : ''}`}
                aria-label="减少一人"
                onClick={() => slot.headcount > 1 && update(index, { ...slot, headcount: slot.headcount - 1 })}
              >
                −
              </Text>
              <Text className="call-slot__number">{slot.headcount} 人</Text>
              <Text
                className={`call-slot__step ${slot.headcount >= MAX_HEADCOUNT ? 'call-slot__step--off' : ''}`}
                aria-label="增加一人"
                onClick={() => slot.headcount < MAX_HEADCOUNT && update(index, { ...slot, headcount: slot.headcount + 1 })}
              >
                +
              </Text>
            </View>
          </View>
        )
      })}
      <Text className="call-composer__label">添加响应力量</Text>
      <View className="call-composer__add">
        {CALLABLE.map((kind) => (
          <Text key={kind} className={`call-composer__kind call-composer__kind--${kind}`} onClick={() => add(kind)}>
            ＋ {SLOT_KIND_LABELS[kind]}
          </Text>
        ))}
      </View>
    </View>
  )
}
