import { Image, View } from '@tarojs/components'
import Taro from '@tarojs/taro'

export interface PhotoRowProps {
  /** Full URLs, in the order they were taken. */
  urls: string[]
  /** What the photos are; a screen reader hears it with the photo's place, 现场照片 1/3. */
  label: string
  /** The block the row is styled under: the row is `${block}__photos`, each photo `${block}__photo`. */
  block: string
}

/**
 * A row of photos that open full screen when tapped. Each says what it is: `alt` on the <img>
 * Taro's H5 Image renders, and `aria-label` for WeChat's screen reader (Taro 4.2's weapp
 * templates do not pass aria-* attributes on yet; it is there for when they do).
 */
export function PhotoRow({ urls, label, block }: PhotoRowProps) {
  if (urls.length === 0) return null
  return (
    <View className={`${block}__photos`}>
      {urls.map((url, index) => {
        const alt = `${label} ${index + 1}/${urls.length}`
        return (
          <Image
            key={url}
            className={`${block}__photo`}
            src={url}
            mode="aspectFill"
            nativeProps={{ alt }}
            ariaLabel={alt}
            onClick={() => void Taro.previewImage({ urls, current: url })}
          />
        )
      })}
    </View>
  )
}
