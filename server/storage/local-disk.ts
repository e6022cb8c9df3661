import { createReadStream } from 'node:fs'
import { mkdir, stat, writeFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { KEY_PATTERN, UPLOAD_URL_PREFIX, type Storage } from './storage'

const CONTENT_TYPES: Record<string, string> = { jpg: 'image/jpeg', png: 'image/png', webp: 'image/webp' }

export function createLocalDiskStorage(root: string): Storage {
  return {
    async put(key, bytes) {
      if (!KEY_PATTERN.test(key)) throw new Error(`invalid storage key: ${key}`)
      const path = join(root, key)
      await mkdir(dirname(path), { recursive: true })
      await writeFile(path, bytes, { flag: 'wx' })
      return UPLOAD_URL_PREFIX + key
    },
    async get(key) {
      if (!KEY_PATTERN.test(key)) return null
      const path = join(root, key)
      try {
        if (!(await stat(path)).isFile()) return null
      } catch {
        return null
      }
      return { stream: createReadStream(path), contentType: CONTENT_TYPES[key.split('.').pop()!] }
    },
  }
}
