import { Button, Input } from '@nutui/nutui-react-taro'
import { Text, View } from '@tarojs/components'
import { useEffect, useState } from 'react'
import type { CorrectHouseholdRequest } from '../../../../types/people'
import { ChoiceChips } from '../../../components/choice-chips'
import { Sheet } from '../../../components/sheet'
import './address-sheet.scss'

export interface AddressSheetProps {
  visible: boolean
  /** Whose household, and its address now. */
  subject?: string
  /** The grids it may move to (the actor's area); the picker shows only when there is a choice. */
  grids?: ReadonlyArray<{ id: number; name: string }>
  /** The household's grid now: chosen when the sheet opens. */
  gridId?: number
  busy?: boolean
  onSubmit: (address: CorrectHouseholdRequest) => void
  onClose: () => void
}

/** Correcting a household's grid and 楼栋/单元/门牌; the address fields start empty each time. */
export function AddressSheet({ visible, subject, grids = [], gridId, busy = false, onSubmit, onClose }: AddressSheetProps) {
  const [grid, setGrid] = useState<number | null>(gridId ?? null)
  const [building, setBuilding] = useState('')
  const [unit, setUnit] = useState('')
  const [room, setRoom] = useState('')
  useEffect(() => {
    if (!visible) return
    setGrid(gridId ?? null)
    setBuilding('')
    setUnit('')
    setRoom('')
  }, [visible, gridId])
  const moving = grid !== null && grid !== gridId
  return (
    <Sheet visible={visible} title="更正住址" onClose={onClose}>
      <View className="address-sheet">
        {subject && <Text className="address-sheet__subject">{subject}</Text>}
        {grids.length > 1 && (
          <View className="address-sheet__grids">
            <Text className="address-sheet__label">所在网格</Text>
            <ChoiceChips className="address-sheet__grid" options={grids.map((g) => ({ value: g.id, label: g.name }))} value={grid} onChange={setGrid} />
          </View>
        )}
        <Text className="address-sheet__label">门牌</Text>
        <View className="address-sheet__row">
          <Input className="address-sheet__building" value={building} onChange={setBuilding} placeholder="楼栋，如 3" maxLength={20} />
          <Input className="address-sheet__unit" value={unit} onChange={setUnit} placeholder="单元，如 2" maxLength={20} />
        </View>
        <Input className="address-sheet__room" value={room} onChange={setRoom} placeholder="门牌号，如 401（必填）" maxLength={20} />
        <Text className="address-sheet__hint">
          {moving ? '这一户的家人和全部订单会一起转到所选网格，由该网格的网格员跟进，并记入身份记录和订单进展。' : '同一户的家人和订单会一起更正，并记入身份记录。'}
        </Text>
        <Button
          className="address-sheet__submit"
          type="primary"
          size="large"
          block
          loading={busy}
          disabled={busy || !room.trim()}
          onClick={() => onSubmit({ ...(moving ? { gridId: grid } : {}), building: building.trim(), unit: unit.trim(), room: room.trim() })}
        >
          {moving ? '更正并转网格' : '更正'}
        </Button>
      </View>
    </Sheet>
  )
}
