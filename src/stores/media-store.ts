import { makeAutoObservable, runInAction } from 'mobx'
import type { Api } from '../services/api'

/** Photo uploads, with a count of those in flight for progress display. */
export class MediaStore {
  uploading = 0

  constructor(private readonly api: Pick<Api, 'uploadPhoto'>) {
    makeAutoObservable<MediaStore, 'api'>(this, { api: false })
  }

  /** Uploads local files one by one and returns their server URLs, in order. */
  async upload(filePaths: string[]): Promise<string[]> {
    const urls: string[] = []
    for (const path of filePaths) {
      this.uploading += 1
      try {
        urls.push((await this.api.uploadPhoto(path)).url)
      } finally {
        runInAction(() => (this.uploading -= 1))
      }
    }
    return urls
  }
}
