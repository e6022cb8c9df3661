import { makeAutoObservable, runInAction } from 'mobx'
import type { LiveFrameDto } from '../../types/live'

/** A WebSocket as the app sees it (Taro's SocketTask on weapp and H5; a fake in tests). */
export interface LiveSocket {
  send(text: string): void
  close(): void
  onOpen(listener: () => void): void
  onMessage(listener: (text: string) => void): void
  /** Closed by either side or lost; Taro's H5 socket does not report the server's close code. */
  onClose(listener: () => void): void
}
export type OpenSocket = (url: string) => Promise<LiveSocket>

/** What a change means to the stores: orders to ask for again (null: all shown), new messages. */
export interface LiveHandlers {
  orders(ids: number[] | null): void
  messages(): void
}

/** While live updates are down, everything shown is asked for again this often. */
export const POLL_MS = 30_000
const RETRY_MIN_MS = 1000
const RETRY_MAX_MS = 30_000

/**
 * Keeps the lists, the open order and the unread badge fresh: a WebSocket says what changed while
 * it is up; while it is down (no socket API, network lost, server restarting) the same handlers
 * run every POLL_MS instead, and it reconnects with backoff. After a reconnect everything shown
 * is asked for again, since changes may have been missed. Runs only while the app is in the
 * foreground and someone is signed in.
 */
export class LiveUpdates {
  /** Whether changes arrive as they happen (else by polling). */
  connected = false
  private socket: LiveSocket | null = null
  private running = false
  /** Bumped on every (re)start: events of an older socket are ignored. */
  private generation = 0
  private retryMs = RETRY_MIN_MS
  private retryTimer: ReturnType<typeof setTimeout> | null = null
  private pollTimer: ReturnType<typeof setInterval> | null = null
  /** The server refused this token: no reconnecting with it (a new identity restarts). */
  private refused = false

  constructor(
    private readonly open: OpenSocket | null,
    private readonly url: string,
    private readonly token: () => string | null,
    private readonly handlers: LiveHandlers,
  ) {
    makeAutoObservable<LiveUpdates, 'open' | 'url' | 'token' | 'handlers' | 'socket' | 'running' | 'generation' | 'retryMs' | 'retryTimer' | 'pollTimer' | 'refused'>(this, {
      open: false,
      url: false,
      token: false,
      handlers: false,
      socket: false,
      running: false,
      generation: false,
      retryMs: false,
      retryTimer: false,
      pollTimer: false,
      refused: false,
    })
  }

  /**
   * The app came to the foreground: connect. The badge is asked for at once; the page on show
   * asks for its own data (useDidShow), so orders are not asked for twice.
   */
  resume(): void {
    if (this.running) return
    this.running = true
    if (this.token()) this.handlers.messages()
    this.connect()
  }

  /** The app went to the background: no socket, no polling. */
  pause(): void {
    this.running = false
    this.disconnect()
    this.stopPolling()
  }

  /** Another identity or none: the socket belonged to the previous one. */
  restart(): void {
    this.refused = false
    if (!this.running) return
    this.disconnect()
    this.retryMs = RETRY_MIN_MS
    this.connect()
  }

  private connect(): void {
    const token = this.token()
    if (!this.running || !this.open || !token || this.refused) return this.startPolling()
    const generation = ++this.generation
    const current = () => generation === this.generation
    this.open(this.url)
      .then((socket) => {
        if (!current()) return socket.close()
        this.socket = socket
        socket.onOpen(() => current() && socket.send(JSON.stringify({ type: 'hello', token })))
        socket.onMessage((text) => current() && this.received(text))
        socket.onClose(() => current() && this.lost())
      })
      .catch(() => current() && this.lost())
    // Until the server says ready, changes come by polling.
    this.startPolling()
  }

  private received(text: string): void {
    let frame: LiveFrameDto
    try {
      frame = JSON.parse(text) as LiveFrameDto
    } catch {
      return
    }
    if (frame.type === 'ready') {
      this.retryMs = RETRY_MIN_MS
      this.stopPolling()
      runInAction(() => (this.connected = true))
    } else if (frame.type === 'orders') this.handlers.orders(frame.ids)
    else if (frame.type === 'messages') this.handlers.messages()
    else if (frame.type === 'signed_out') this.refused = true
  }

  private lost(): void {
    const wasConnected = this.connected
    this.socket = null
    this.generation++
    runInAction(() => (this.connected = false))
    if (!this.running) return
    this.startPolling()
    if (wasConnected) this.catchUp()
    if (this.refused) return
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null
      this.connect()
    }, this.retryMs)
    this.retryMs = Math.min(this.retryMs * 2, RETRY_MAX_MS)
  }

  private disconnect(): void {
    this.generation++
    if (this.retryTimer !== null) clearTimeout(this.retryTimer)
    this.retryTimer = null
    this.socket?.close()
    this.socket = null
    this.connected = false
  }

  private catchUp(): void {
    if (!this.token()) return
    this.handlers.orders(null)
    this.handlers.messages()
  }

  private startPolling(): void {
    if (this.pollTimer !== null || !this.running) return
    this.pollTimer = setInterval(() => this.catchUp(), POLL_MS)
  }

  private stopPolling(): void {
    if (this.pollTimer !== null) clearInterval(this.pollTimer)
    this.pollTimer = null
  }
}
