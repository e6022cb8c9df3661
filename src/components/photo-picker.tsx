import { Image, Text, View } from '@tarojs/components'
import { observer } from 'mobx-react-lite'
import { useStores } from '../stores/root-store'
import { messageOf } from '../stores/errors'
import { toast } from '../utils/navigation'
import './photo-picker.scss'

export interface PhotoPickerProps {
  /** Uploaded photo URLs (as the API returned them). */
  value: string[]
  onChange: (urls: string[]) => void
  /** Most photos allowed. @default 6 */
  max?: number
  /** Prefix for showing the photos (the API base). @default '' */
  mediaBase?: string
}

/** Pick, compress and upload photos; shows thumbnails with a remove button. */
export const PhotoPicker = observer(function PhotoPicker({ value, onChange, max = 6, mediaBase = '' }: PhotoPickerProps) {
  const { media } = useStores()

  const add = async () => {
    let paths: string[]
    try {
      paths = await media.pick(max - value.length)
    } catch {
      return // the user closed the picker
    }
    try {
      onChange([...value, ...(await media.upload(paths))])
    } catch (error) {
      toast(messageOf(error))
    }
  }

  return (
    <View className="photo-picker">
      {value.map((url, index) => (
        <View key={url} className="photo-picker__item">
          <Image className="photo-picker__image" src={mediaBase + url} mode="aspectFill" nativeProps={{ alt: `照片 ${index + 1}` }} ariaLabel={`照片 ${index + 1}`} />
          <Text className="photo-picker__remove" onClick={() => onChange(value.filter((other) => other !== url))}>
            ×
          </Text>
        </View>
      ))}
      {media.uploading > 0 && <View className="photo-picker__item photo-picker__item--busy">上传中…</View>}
      {value.length < max && media.uploading === 0 && (
        <View className="photo-picker__item photo-picker__add" onClick={add}>
          <Text className="photo-picker__plus">＋</Text>
          <Text>{value.length}/{max}</Text>
        </View>
      )}
    </View>
  )
})
