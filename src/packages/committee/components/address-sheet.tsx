import { Button, Input } from '@nutui/nutui-react-taro'
import { Text, View } from '@tarojs/components'
import { useEffect, useState } from 'react'
import type { CorrectHouseholdRequest } from '../../../../types/people'
import { Sheet } from '../../../components/sheet'
import './address-sheet.scss'

export interface AddressSheetProps {
  visible: boolean
  /** Whose household, and its address now. */
  subject?: string
  busy?: boolean
  onSubmit: (address: CorrectHouseholdRequest) => void
  onClose: () => void
}

/** Correcting a household's 楼栋/单元/门牌 within its grid; the fields start empty each time. */
export function AddressSheet({ visible, subject, busy = false, onSubmit, onClose }: AddressSheetProps) {
  const [building, setBuilding] = useState('')
  const [unit, setUnit] = useState('')
  const [room, setRoom] = useState('')
  useEffect(() => {
    if (!visible) return
    setBuilding('')
    setUnit('')
    setRoom('')
  }, [visible])
  return (
    <Sheet visible={visible} title="更正住址" onClose={onClose}>
      <View className="address-sheet">
        {subject && <Text className="address-sheet__subject">{subject}</Text>}
        <View className="address-sheet__row">
          <Input className="address-sheet__building" value={building} onChange={setBuilding} placeholder="楼栋，如 3" maxLength={20} />
          <Input className="address-sheet__unit" value={unit} onChange={setUnit} placeholder="单元，如 2" maxLength={20} />
        </View>
        <Input className="address-sheet__room" value={room} onChange={setRoom} placeholder="门牌号，如 401（必填）" maxLength={20} />
        <Text className="address-sheet__hint">同一户的家人和订单会一起更正，并记入身份记录。</Text>
        <Button
          className="address-sheet__submit"
          type="primary"
          size="large"
          block
          loading={busy}
          disabled={busy || !room.trim()}
          onClick={() => onSubmit({ building: building.trim(), unit: unit.trim(), room: room.trim() })}
        >
          更正
        </Button>
      </View>
    </Sheet>
  )
}
