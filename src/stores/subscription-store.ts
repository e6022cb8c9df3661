import { makeAutoObservable, runInAction } from 'mobx'
import type { NoticeKind } from '../domain'
import type { Api } from '../services/api'

type SubscriptionApi = Pick<Api, 'getSubscribeTemplates' | 'acceptSubscriptions'>

/** WeChat's subscribe dialog (`wx.requestSubscribeMessage`): each template id accepted, rejected or banned. */
export type RequestSubscribe = (templateIds: string[]) => Promise<Record<string, string>>

/**
 * One-time WeChat subscriptions (一次性订阅消息): on the taps where a message will matter (placing
 * an order, claiming one) the app asks, in WeChat's own dialog, to send the next one of those
 * kinds, and tells the server what was accepted. H5 has no such dialog: `request` is absent and
 * asking does nothing. A subscription is a courtesy: its failures never stop what the tap does.
 */
export class SubscriptionStore {
  /** Template id per notice kind, as the server configures them; empty until loaded (or none set). */
  templates = new Map<NoticeKind, string>()

  constructor(
    private readonly api: SubscriptionApi,
    private readonly request?: RequestSubscribe,
  ) {
    makeAutoObservable<SubscriptionStore, 'api' | 'request'>(this, { api: false, request: false })
  }

  /** Loaded ahead of the taps: WeChat opens its dialog only in direct answer to one. */
  async load(): Promise<void> {
    if (!this.request) return
    try {
      const { templates } = await this.api.getSubscribeTemplates()
      runInAction(() => (this.templates = new Map(templates.map((t) => [t.kind, t.templateId]))))
    } catch {
      // No templates known: the taps simply ask for nothing.
    }
  }

  /** Asks for the templates of `kinds` (those configured) and records what the person accepted; resolves how many. */
  async ask(kinds: readonly NoticeKind[]): Promise<number> {
    // WeChat's dialog takes at most three templates at a time.
    const ids = [...new Set(kinds.flatMap((kind) => this.templates.get(kind) ?? []))].slice(0, 3)
    if (!this.request || ids.length === 0) return 0
    try {
      const answers = await this.request(ids)
      const accepted = ids.filter((id) => answers[id] === 'accept')
      if (accepted.length > 0) await this.api.acceptSubscriptions({ accepted })
      return accepted.length
    } catch {
      return 0
    }
  }
}
