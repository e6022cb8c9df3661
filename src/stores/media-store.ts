import { makeAutoObservable, runInAction } from 'mobx'
import type { Api } from '../services/api'

/** Where photos come from and where uploaded ones are served; given by the app (services). */
export interface MediaOptions {
  /** Origin the API serves uploaded photos from ('' = same origin, as on H5). */
  apiBase: string
  /** Lets the user pick up to `count` photos; resolves local paths, rejects when the picker is closed. */
  pickPhotos(count: number): Promise<string[]>
}

/** Photo picking and uploads, with a count of those in flight for progress display. */
export class MediaStore {
  uploading = 0

  constructor(
    private readonly api: Pick<Api, 'uploadPhoto'>,
    private readonly options: MediaOptions,
  ) {
    makeAutoObservable<MediaStore, 'api' | 'options'>(this, { api: false, options: false, apiBase: false, url: false, pick: false })
  }

  /** The prefix that turns a photo path from the API into a URL, for components that take one. */
  get apiBase(): string {
    return this.options.apiBase
  }

  /** The URL to show a photo at: the API answers paths such as `/api/uploads/…`. */
  url(path: string): string {
    return this.options.apiBase + path
  }

  /** Lets the user pick up to `count` photos; rejects when the picker is closed. */
  pick(count: number): Promise<string[]> {
    return this.options.pickPhotos(count)
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
