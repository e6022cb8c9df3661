import Taro from '@tarojs/taro'

/**
 * Lets the user pick up to `count` photos and returns local paths, compressed on weapp so a
 * photo from a modern phone (4–8 MB) uploads as a few hundred KB over a weak signal.
 */
export async function pickPhotos(count: number): Promise<string[]> {
  const picked = await Taro.chooseImage({ count, sizeType: ['compressed'], sourceType: ['album', 'camera'] })
  if (process.env.TARO_ENV !== 'weapp') return picked.tempFilePaths
  return Promise.all(
    picked.tempFilePaths.map(async (src) => {
      try {
        return (await Taro.compressImage({ src, quality: 70 })).tempFilePath
      } catch {
        return src
      }
    }),
  )
}
