import { makeAutoObservable, runInAction } from 'mobx'
import type { MessageDto } from '../../types/messages'
import type { Api } from '../services/api'
import { messageOf } from './errors'
import { PagedList } from './paged-list'

type MessageApi = Pick<Api, 'listMessages' | 'unreadMessages' | 'markMessagesRead'>

/**
 * The message centre (消息): the person's messages, newest first, and how many are unread (the
 * tab badge). Marking read shows at once and is undone if the server refuses. Everything belongs
 * to one acting identity: the root store calls `reset` on a switch.
 */
export class MessageStore {
  list: PagedList<MessageDto>
  /** Unread messages in all (not only those loaded): the number on the 消息 tab. */
  unread = 0
  /** Why the last mark-read failed (its change was undone); null after a success. */
  markError: string | null = null
  /**
   * Bumped by every local change of `unread` (a mark, a reset): a count the server computed
   * before it is out of date, so answers to requests sent earlier are dropped.
   */
  private version = 0
  /** Bumped only by `reset`: an undo must not touch the next identity's count. */
  private epoch = 0
  private pendingUnread: Promise<void> | null = null

  constructor(
    private readonly api: MessageApi,
    /** Whether someone is signed in and acting: nobody else has messages to ask about. */
    private readonly active: () => boolean = () => true,
  ) {
    this.list = this.newList()
    makeAutoObservable<MessageStore, 'api' | 'active' | 'version' | 'epoch' | 'pendingUnread'>(this, {
      api: false,
      active: false,
      version: false,
      epoch: false,
      pendingUnread: false,
    })
  }

  /** Asks the server for the unread count; calls made while one is under way share it. */
  refreshUnread(): Promise<void> {
    if (!this.active()) return Promise.resolve()
    if (this.pendingUnread) return this.pendingUnread
    const version = this.version
    const pending: Promise<void> = this.api
      .unreadMessages()
      .then(({ unread }) => this.takeUnread(unread, version))
      // A badge is a hint: on failure the last count stays, and the next poll tries again.
      .catch(() => undefined)
      .finally(() => {
        if (this.pendingUnread === pending) this.pendingUnread = null
      })
    this.pendingUnread = pending
    return pending
  }

  /**
   * Marks messages read (one opened): at once on screen, then on the server, whose count wins.
   * On failure the messages are unread again, `markError` says why, and the error is rethrown.
   */
  async markRead(ids: number[]): Promise<void> {
    const flipped = this.list.items.filter((message) => ids.includes(message.id) && !message.read)
    if (flipped.length === 0) return
    await this.mark({ ids: flipped.map((message) => message.id) }, flipped)
  }

  /** 全部已读: every message, loaded or not. */
  async markAllRead(): Promise<void> {
    if (this.unread === 0 && this.list.items.every((message) => message.read)) return
    await this.mark({ all: true }, this.list.items.filter((message) => !message.read))
  }

  /** New messages arrived (live updates, or the poll while they are down): the count, and the list if shown. */
  changed(): void {
    void this.refreshUnread()
    void this.list.refreshQuietly()
  }

  /** Forgets the messages and the count: they belonged to the previous identity. */
  reset(): void {
    this.version += 1
    this.epoch += 1
    this.pendingUnread = null // its answer is the previous identity's: the next ask goes out anew
    this.unread = 0
    this.markError = null
    this.list = this.newList()
  }

  private async mark(request: { ids: number[] } | { all: true }, flipped: MessageDto[]): Promise<void> {
    const { epoch } = this
    // Counted before: messages not loaded here may be unread too (全部已读 clears them as well).
    const before = this.unread
    const version = ++this.version
    this.markError = null
    flipped.forEach((message) => (message.read = true))
    this.unread = 'all' in request ? 0 : Math.max(0, this.unread - flipped.length)
    const took = before - this.unread
    try {
      const { unread } = await this.api.markMessagesRead(request)
      this.takeUnread(unread, version)
    } catch (error) {
      runInAction(() => {
        if (epoch !== this.epoch) return
        flipped.forEach((message) => (message.read = false))
        this.unread += took
        this.version += 1 // a count asked for meanwhile saw the messages read
        this.markError = messageOf(error)
      })
      throw error
    }
  }

  /** The server's count, unless the user changed something since it was asked for. */
  private takeUnread(unread: number, askedAt: number): void {
    runInAction(() => {
      if (askedAt === this.version) this.unread = unread
    })
  }

  private newList(): PagedList<MessageDto> {
    return new PagedList<MessageDto>(
      async (page) => {
        const version = this.version
        const answer = await this.api.listMessages(page)
        // Every page carries the count too: the badge follows what the list shows.
        this.takeUnread(answer.unread, version)
        return answer
      },
      (message) => message.id,
    )
  }
}
