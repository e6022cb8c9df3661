/**
 * The text scale: follows the phone's font setting (WeChat) until the reader chooses 长辈版 or
 * standard text, keeps that choice across starts, and stays within what layouts are checked for.
 */
import { RootStore } from '@/stores/root-store'
import type { KeyValueStorage } from '@/stores/session-store'
import { ELDER_SCALE, TEXT_SIZE_KEY, TextScaleStore, scaleOf, type FontSettings } from '@/stores/text-scale-store'
import type { Api } from '@/services/api'

function memoryStorage(initial: Record<string, string> = {}): KeyValueStorage & { values: Map<string, string> } {
  const values = new Map(Object.entries(initial))
  return { values, get: (key) => values.get(key) ?? null, set: (key, value) => void values.set(key, value), remove: (key) => void values.delete(key) }
}

describe('scaleOf: the phone setting as a factor', () => {
  test.each<[string, FontSettings | null, number]>([
    ['no setting (H5, old WeChat)', null, 1],
    ['the standard size', { fontSizeScaleFactor: 1, fontSizeSetting: 17 }, 1],
    ['a larger WeChat font, by its factor', { fontSizeScaleFactor: 1.25 }, 1.25],
    ['rounded to 0.05', { fontSizeScaleFactor: 1.12 }, 1.1],
    ['only the px setting (17 is standard)', { fontSizeSetting: 22 }, 1.3],
    ['never smaller than our own sizes', { fontSizeScaleFactor: 0.85 }, 1],
    ['never beyond the size layouts are checked at', { fontSizeScaleFactor: 2 }, ELDER_SCALE],
    ['nonsense is the standard size', { fontSizeScaleFactor: Number.NaN }, 1],
  ])('%s', (_what, settings, scale) => {
    expect(scaleOf(settings)).toBe(scale)
  })
})

test('before any choice the text follows the phone, and home may ask', () => {
  const store = new TextScaleStore(memoryStorage(), () => ({ fontSizeScaleFactor: 1.25 }))
  expect({ chosen: store.chosen, elder: store.elder, scale: store.scale }).toEqual({ chosen: false, elder: false, scale: 1.25 })
  expect(store.rootStyle).toEqual({ '--sandan-text-scale': '1.25' })
})

test('长辈版 is 1.5× whatever the phone says; standard follows the phone; the choice is stored', () => {
  const storage = memoryStorage()
  const store = new TextScaleStore(storage, () => ({ fontSizeScaleFactor: 1.2 }))
  store.choose('elder')
  expect({ scale: store.scale, elder: store.elder, chosen: store.chosen, stored: storage.values.get(TEXT_SIZE_KEY) }).toEqual({
    scale: 1.5, elder: true, chosen: true, stored: 'elder',
  })
  store.choose('standard')
  expect({ scale: store.scale, elder: store.elder, stored: storage.values.get(TEXT_SIZE_KEY) }).toEqual({ scale: 1.2, elder: false, stored: 'standard' })
})

test('a stored choice survives a restart; a stored value it does not know counts as no choice', () => {
  expect(new TextScaleStore(memoryStorage({ [TEXT_SIZE_KEY]: 'elder' })).scale).toBe(ELDER_SCALE)
  const unknown = new TextScaleStore(memoryStorage({ [TEXT_SIZE_KEY]: 'huge' }))
  expect({ chosen: unknown.chosen, scale: unknown.scale }).toEqual({ chosen: false, scale: 1 })
})

test('the phone setting is read again when the app comes back; a failing read is the standard size', () => {
  let settings: FontSettings = { fontSizeScaleFactor: 1 }
  const store = new TextScaleStore(memoryStorage(), () => settings)
  settings = { fontSizeScaleFactor: 1.4 }
  store.refreshSystemScale()
  expect(store.scale).toBe(1.4)
  const failing = new TextScaleStore(memoryStorage(), () => {
    throw new Error('getAppBaseInfo:fail not supported')
  })
  expect(failing.scale).toBe(1)
})

test('the root store builds it from the app storage and the device', () => {
  const stores = new RootStore({} as Api, memoryStorage({ [TEXT_SIZE_KEY]: 'standard' }), {
    apiBase: '', demoLogin: false, pickPhotos: async () => [], fontSettings: () => ({ fontSizeSetting: 20.4 }),
  })
  expect({ chosen: stores.textScale.chosen, scale: stores.textScale.scale }).toEqual({ chosen: true, scale: 1.2 })
})
