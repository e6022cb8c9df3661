import { Button } from '@nutui/nutui-react-taro'
import { Text, View } from '@tarojs/components'
import { observer } from 'mobx-react-lite'
import { useEffect, useState } from 'react'
import type { ServiceDto } from '../../../../types/api'
import { DISPATCH_MODES, DISPATCH_MODE_LABELS, type DispatchMode } from '../../../domain'
import { ChoiceChips } from '../../../components/choice-chips'
import { Sheet } from '../../../components/sheet'
import { messageOf } from '../../../stores/errors'
import { useStores } from '../../../stores/root-store'
import { toast } from '../../../utils/navigation'
import './dispatch-sheet.scss'

/** What each way means for the resident's order, said before the committee chooses it. */
const MODE_HINTS: Record<DispatchMode, string> = {
  committee: '居民下单后先进入社区党委的待处理，由党委审核后派单、发布或呼叫。',
  hall: '居民下单后立即发布到接单大厅，本社区的党员和志愿者都可以接单。',
  team: '居民下单后立即派给选定的服务队，由队员接单，队长可以指派。',
}

/** The 派单方式 of a service, in words: how its row and the sheet say it. */
export function dispatchLine(service: ServiceDto): string {
  if (service.dispatchMode === 'team' && service.dispatchTeamName) return `直接派给「${service.dispatchTeamName}」`
  return DISPATCH_MODE_LABELS[service.dispatchMode]
}

export interface DispatchSheetProps {
  /** The service whose 派单方式 is chosen; the sheet is shown while set. */
  service: ServiceDto | null
  onClose: () => void
}

/** Choosing where a new order of a service goes: the committee's queue, the hall, or one of the community's teams. */
export const DispatchSheet = observer(function DispatchSheet({ service, onClose }: DispatchSheetProps) {
  const { services } = useStores()
  const [mode, setMode] = useState<DispatchMode>('committee')
  const [teamId, setTeamId] = useState<number | null>(null)

  useEffect(() => {
    if (!service) return
    setMode(service.dispatchMode)
    setTeamId(service.dispatchTeamId)
    // Every time it opens: a team may have gained or lost its volunteers meanwhile.
    void services.loadTeams()
  }, [service?.code])

  // Only teams someone can take an order in; the server refuses the others too.
  const teams = (services.teams ?? []).filter((team) => team.memberCount > 0)
  const saving = service !== null && services.saving === service.code

  const save = async () => {
    if (!service) return
    if (mode === 'team' && teamId === null) return toast('请选择派给哪一支服务队')
    try {
      if (await services.setDispatch(service.code, { mode, teamId: mode === 'team' ? teamId : null })) {
        toast('已保存')
        onClose()
      }
    } catch (error) {
      toast(messageOf(error))
      // A team may have been emptied meanwhile: show the teams as they are now.
      if (mode === 'team') void services.loadTeams()
    }
  }

  return (
    <Sheet visible={service !== null} title={service ? `派单方式 · ${service.name}` : '派单方式'} onClose={onClose}>
      <View className="dispatch-sheet">
        <ChoiceChips
          className="dispatch-sheet__modes"
          options={DISPATCH_MODES.map((value) => ({ value, label: DISPATCH_MODE_LABELS[value] }))}
          value={mode}
          onChange={setMode}
        />
        <Text className="dispatch-sheet__hint">{MODE_HINTS[mode]}</Text>
        {mode !== 'committee' && <Text className="dispatch-sheet__hint">居民标为“紧急”的订单，仍先交社区党委处理。</Text>}
        {mode === 'team' && (
          <View className="dispatch-sheet__teams">
            <Text className="dispatch-sheet__label">服务队</Text>
            {services.teamsError ? (
              <Text className="dispatch-sheet__error" onClick={() => services.loadTeams()}>
                {services.teamsError}，点此重试
              </Text>
            ) : !services.teams ? (
              <Text className="dispatch-sheet__hint">加载中…</Text>
            ) : teams.length === 0 ? (
              <Text className="dispatch-sheet__hint">本社区还没有有队员的服务队：先在「志愿服务队」页新建服务队，再邀请志愿者加入。</Text>
            ) : (
              <ChoiceChips options={teams.map((team) => ({ value: team.id, label: `${team.name}（${team.memberCount}人）` }))} value={teamId} onChange={setTeamId} />
            )}
          </View>
        )}
        <Button className="dispatch-sheet__save" type="primary" block size="large" loading={saving} disabled={saving} onClick={save}>
          保存
        </Button>
      </View>
    </Sheet>
  )
})
