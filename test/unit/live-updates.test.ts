import { LiveUpdates, POLL_MS, type LiveSocket } from '@/stores/live-updates'

/** A socket the test drives: it records what the app sent and plays the server's side. */
class FakeSocket implements LiveSocket {
  sent: string[] = []
  closed = false
  private listeners: { open?: () => void; message?: (text: string) => void; close?: () => void } = {}
  send(text: string) {
    this.sent.push(text)
  }
  close() {
    this.closed = true
  }
  onOpen(listener: () => void) {
    this.listeners.open = listener
  }
  onMessage(listener: (text: string) => void) {
    this.listeners.message = listener
  }
  onClose(listener: () => void) {
    this.listeners.close = listener
  }
  open() {
    this.listeners.open?.()
  }
  frame(frame: object) {
    this.listeners.message?.(JSON.stringify(frame))
  }
  drop() {
    this.listeners.close?.()
  }
}

function setUp({ sockets = true, token = 'a'.repeat(43) as string | null } = {}) {
  const opened: FakeSocket[] = []
  const urls: string[] = []
  const handlers = { orders: jest.fn<void, [number[] | null]>(), messages: jest.fn<void, []>() }
  const state = { token }
  const open = sockets
    ? async (url: string) => {
        urls.push(url)
        const socket = new FakeSocket()
        opened.push(socket)
        return socket
      }
    : null
  const live = new LiveUpdates(open, 'ws://127.0.0.1:3000/api/live', () => state.token, handlers)
  return { live, opened, urls, handlers, state }
}

/** Lets the socket factory's promise settle. */
const settle = () => jest.advanceTimersByTimeAsync(0)

beforeEach(() => jest.useFakeTimers())
afterEach(() => jest.useRealTimers())

test('says hello with the token; after ready, changes arrive as they happen and nothing is polled', async () => {
  const { live, opened, urls, handlers } = setUp()
  live.resume()
  await settle()
  expect(urls).toEqual(['ws://127.0.0.1:3000/api/live'])
  expect(handlers.messages).toHaveBeenCalledTimes(1) // the badge at once on coming to the foreground
  opened[0].open()
  expect(JSON.parse(opened[0].sent[0])).toEqual({ type: 'hello', token: 'a'.repeat(43) })
  opened[0].frame({ type: 'ready' })
  expect(live.connected).toBe(true)

  opened[0].frame({ type: 'orders', ids: [7, 9] })
  opened[0].frame({ type: 'messages' })
  expect(handlers.orders).toHaveBeenCalledWith([7, 9])
  expect(handlers.messages).toHaveBeenCalledTimes(2)
  await jest.advanceTimersByTimeAsync(5 * POLL_MS)
  expect(handlers.orders).toHaveBeenCalledTimes(1)
})

test('without sockets (or before ready) everything shown is asked for every 30 s', async () => {
  const { live, handlers } = setUp({ sockets: false })
  live.resume()
  await jest.advanceTimersByTimeAsync(POLL_MS - 1)
  expect(handlers.orders).not.toHaveBeenCalled()
  await jest.advanceTimersByTimeAsync(1)
  expect(handlers.orders).toHaveBeenCalledWith(null)
  expect(handlers.messages).toHaveBeenCalledTimes(2)
  live.pause()
  await jest.advanceTimersByTimeAsync(5 * POLL_MS)
  expect(handlers.orders).toHaveBeenCalledTimes(1)
})

test('a lost connection: catch up once, poll meanwhile, reconnect after 1 s, then 2 s', async () => {
  const { live, opened, handlers } = setUp()
  live.resume()
  await settle()
  opened[0].open()
  opened[0].frame({ type: 'ready' })
  opened[0].drop()
  expect(live.connected).toBe(false)
  expect(handlers.orders).toHaveBeenCalledWith(null) // what changed meanwhile is unknown
  await jest.advanceTimersByTimeAsync(999)
  expect(opened).toHaveLength(1)
  await jest.advanceTimersByTimeAsync(1)
  expect(opened).toHaveLength(2)
  opened[1].drop() // refused again before ready
  await jest.advanceTimersByTimeAsync(1999)
  expect(opened).toHaveLength(2)
  await jest.advanceTimersByTimeAsync(1)
  expect(opened).toHaveLength(3)
  // Events of a socket given up on change nothing.
  opened[0].frame({ type: 'orders', ids: [1] })
  expect(handlers.orders).toHaveBeenCalledTimes(1)
})

test('signed out by the server: no reconnecting with that token; a new identity connects again', async () => {
  const { live, opened } = setUp()
  live.resume()
  await settle()
  opened[0].open()
  opened[0].frame({ type: 'signed_out' })
  opened[0].drop()
  await jest.advanceTimersByTimeAsync(60_000)
  expect(opened).toHaveLength(1)
  live.restart()
  await settle()
  expect(opened).toHaveLength(2)
})

test('in the background: the socket is closed and nothing runs; nobody signed in: nothing is opened', async () => {
  const { live, opened, handlers, state } = setUp()
  live.resume()
  await settle()
  live.pause()
  expect(opened[0].closed).toBe(true)
  await jest.advanceTimersByTimeAsync(5 * POLL_MS)
  expect(opened).toHaveLength(1)
  expect(handlers.orders).not.toHaveBeenCalled()

  state.token = null
  live.resume()
  await jest.advanceTimersByTimeAsync(5 * POLL_MS)
  expect(opened).toHaveLength(1)
  expect(handlers.orders).not.toHaveBeenCalled()
})
