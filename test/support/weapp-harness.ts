/**
 * Runs the built WeChat mini-program (`dist/`) in miniprogram-simulate, without DevTools.
 *
 * The real build is exercised end to end: WeChat's official WXML compiler (wcc) turns
 * `base.wxml` into render functions, j-component/exparser render them, Taro's runtime, React
 * and the mobx stores from `dist/*.js` drive `setData`, and taps reach Taro's `eh` handler.
 * What WeChat itself provides is stood in for below; each stand-in says why it exists.
 *
 * `launchWeapp` may be called more than once per jest file: each call is a fresh app (new
 * webpack runtime, Taro, React, stores) and closes the previous app (`closeWeapp`).
 */
import { readFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import WebSocket from 'ws'

export const DIST_DIR = resolve(__dirname, '..', '..', 'dist')

/** `url` is the full URL as the app asked for it, e.g. `http://127.0.0.1:3000/api/me`. */
export interface WxRequest { url: string; method: string; data: unknown; header: Record<string, string> }
/** `data`: parsed JSON (wx.request's default `dataType: 'json'`) or a string. */
export interface WxResponse { statusCode: number; data: unknown; header?: Record<string, string> }
export type RequestHandler = (req: WxRequest) => Promise<WxResponse>

/** A rendered node: j-component's wrapper of an exparser node (the part tests need). */
export interface SimNode {
  readonly dom: Element
  readonly instance: Record<string, unknown> & { data: Record<string, unknown> }
  dispatchEvent(name: string, options?: object): void
}
interface ExparserNode { shadowRoot?: ExparserNode; childNodes?: ExparserNode[]; __componentNode__?: SimNode; querySelectorAll?(selector: string): ExparserNode[] }
type Instance = Record<string, unknown> & { setData(data: object, cb?: () => void): void }
type Lifetimes = Record<string, (this: Instance) => void>
interface ComponentOptions { lifetimes?: Lifetimes; created?: () => void }

export interface LaunchOptions {
  /** Answers every `wx.request`; back it with the real server via `injectHandler`. */
  request: RequestHandler
  /** Initial `wx` storage, e.g. `{ 'sandan.token': token }` to start signed in. */
  storage?: Record<string, string>
  distDir?: string
  /**
   * Where `wx.connectSocket` really connects (ws://127.0.0.1:<port> of a listening test server),
   * in place of the origin the weapp build bakes in. Absent: sockets never open, as with no network.
   */
  socketOrigin?: string
  /**
   * WeChat APIs stood in for (e.g. `requirePrivacyAuthorize`), put on `wx` before the app loads:
   * Taro offers only the `wx.*` names present when it starts. Gone again at the next launch.
   */
  wx?: Record<string, unknown>
}
export interface WeappApp {
  /** `wx` storage: `wx.getStorageSync` & co. read and write this map. */
  storage: Map<string, string>
  /** Every request the app made, in order. */
  requests: WxRequest[]
  /** Resolves once no request is in flight and the renders they caused have run. */
  idle(timeout?: number): Promise<void>
  /** Opens a page as WeChat would (onLoad(query), onShow, first render, onReady). */
  openPage(route: string, query?: Record<string, string>): Promise<WeappPage>
}
export interface WeappPage {
  root: SimNode
  /** Class/tag selectors across the whole page (nested components included); not `#id`. */
  $$(selector: string): SimNode[]
  /** Fires a page event WeChat would, e.g. `onReachBottom` (scrolled down) or `onPullDownRefresh`. */
  fire(event: 'onReachBottom' | 'onPullDownRefresh'): void
  /** onHide + onUnload, then detaches the page. */
  close(): void
}

// ---- setData counters: what WeChat's performance audit scores (calls and payload size) ----
/** One setData call: on which page (undefined for nested components), the data paths set (e.g. `root.cn.[0].cn`) and the JSON size. */
export interface SetDataCall { route?: string; keys: string[]; bytes: number }
let log: SetDataCall[] = []
export function resetCounters(): void {
  log = []
}
/** setData calls since the last reset, with JSON bytes (UTF-8): all, or one page's (e.g. 'pages/orders/index'). */
export function counters(route?: string): { calls: number; bytes: number } {
  const calls = route ? log.filter((call) => call.route === route) : log
  return { calls: calls.length, bytes: calls.reduce((sum, call) => sum + call.bytes, 0) }
}
/** The calls one by one: which paths, how many bytes. */
export const setDataLog = (): SetDataCall[] => [...log]

// ---- environment: jsdom + simulate, installed once per jest sandbox ----
interface Simulate {
  load(path: string, options?: object): string
  render(id: string): SimNode & { attach(parent: Element): void; detach(): void }
}
let simulate: Simulate | null = null
let registerComponent: (options: ComponentOptions) => void = () => {}
const g = globalThis as unknown as Record<string, unknown>
// Per launch:
let distDir = DIST_DIR
let distModules = new Map<string, { exports: unknown }>()
/** Component() definitions by file, replayed when simulate loads that file again (see runJs). */
let definitions = new Map<string, ComponentOptions>()
let currentFile = ''
let openPages: WeappPage[] = []
/** What the last launch's stand-ins (`LaunchOptions.wx`) replaced on `wx`: simulate's mock, or nothing. */
let replaced = new Map<string, unknown>()
/** The app launched last, until `closeWeapp` sends it to the background. */
let runningApp: Record<string, (options?: object) => void> | null = null

/**
 * Leaves the app as a person leaving WeChat would: its pages close and it goes to the background
 * (onHide), which stops what it does while in the foreground (the unread-count polling timer
 * would otherwise keep jest from exiting). Call it after the last test of a file.
 */
/** The sockets the running app opened (`socketOrigin`): closed with it. */
const sockets: WebSocket[] = []

export function closeWeapp(): void {
  openPages.forEach((page) => page.close())
  runningApp?.onHide?.call(runningApp)
  runningApp = null
  sockets.splice(0).forEach((socket) => socket.terminate())
}

function installEnvironment(): Simulate {
  if (simulate) return simulate
  // j-component renders into a DOM and dispatches DOM CustomEvents, but the jest project runs
  // in `node`: give the sandbox jsdom's window (its CustomEvent, not Node's, must be global).
  // jsdom comes with Taro's webpack runner, without @types (hence the local type).
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { JSDOM } = require('jsdom') as { JSDOM: new (html: string) => { window: Window & typeof globalThis } }
  const { window } = new JSDOM('<!doctype html><html><head></head><body></body></html>')
  Object.assign(g, { window, document: window.document, CustomEvent: window.CustomEvent, TouchEvent: window.TouchEvent })
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  simulate = require('miniprogram-simulate') as Simulate
  registerComponent = g.Component as typeof registerComponent
  // Component(): simulate's, plus a setData counter on every instance.
  g.Component = (options: ComponentOptions) => {
    const created = options.lifetimes?.created ?? options.created
    const definition = { ...options, lifetimes: { ...options.lifetimes, created(this: Instance) { countSetData(this); created?.call(this) } } }
    definitions.set(currentFile, definition)
    registerComponent(definition)
  }
  // simulate "runs" a component file with require() and expects a Component() call. A webpack
  // chunk runs once per app, so loading a page (or `comp`) again replays its first definition.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const utils = require('miniprogram-simulate/src/utils') as { runJs(path: string): void }
  utils.runJs = (path: string) => {
    const known = definitions.get(path)
    if (known) return registerComponent(known)
    currentFile = path
    requireDist(path)
  }
  return simulate
}

function countSetData(instance: Instance): void {
  const original = instance.setData
  instance.setData = function (data: object, cb?: () => void) {
    log.push({ route: this.route as string | undefined, keys: Object.keys(data), bytes: Buffer.byteLength(JSON.stringify(data)) })
    return original.call(this, data, cb)
  }
}

/**
 * A tiny CommonJS loader for dist/. jest's require would run babel over 400 kB of minified
 * bundle and keep one module cache for the whole file (no fresh app per launch). The function
 * is created in the sandbox's realm, so the bundle's free globals (wx, App, Page…) are ours.
 */
function requireDist(file: string): unknown {
  const path = file.endsWith('.js') ? file : `${file}.js`
  const cached = distModules.get(path)
  if (cached) return cached.exports
  const module = { exports: {} }
  distModules.set(path, module)
  const run = new Function('require', 'module', 'exports', readFileSync(path, 'utf8'))
  // A require() of anything outside dist/ (a package) goes to jest's own require.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  run((rel: string) => (rel.startsWith('.') ? requireDist(join(dirname(path), rel)) : require(rel)), module, module.exports)
  return module.exports
}

type RequestOptions = WxRequest & { success?(r: object): void; fail?(r: object): void; complete?(r: object): void }

/** Loads dist/app.js, runs the app's onLaunch/onShow and waits for the launch requests. */
export async function launchWeapp(options: LaunchOptions): Promise<WeappApp> {
  const sim = installEnvironment()
  closeWeapp()
  distDir = options.distDir ?? DIST_DIR
  distModules = new Map()
  definitions = new Map()
  const storage = new Map(Object.entries(options.storage ?? {}))
  const requests: WxRequest[] = []
  let inFlight = 0
  let pageStack: Instance[] = []
  let pendingQuery: Record<string, string> = {}
  const launched: { app?: Record<string, (options?: object) => void> } = {}

  // simulate mocks wx.* as no-ops; the app needs working network and storage.
  Object.assign(g.wx as object, {
    webpackJsonp: [], // Taro's webpack keeps its chunk registry on `wx`: fresh per app
    getStorageSync: (key: string) => storage.get(key) ?? '', // WeChat's answer for a missing key
    setStorageSync: (key: string, value: string) => void storage.set(key, value),
    removeStorageSync: (key: string) => void storage.delete(key),
    request(o: RequestOptions) {
      const req: WxRequest = { url: o.url, method: (o.method ?? 'GET').toUpperCase(), data: o.data, header: { ...o.header } }
      requests.push(req)
      inFlight += 1
      const answer = (ok: boolean, result: object) => {
        inFlight -= 1
        ;(ok ? o.success : o.fail)?.(result)
        o.complete?.(result)
      }
      // Asynchronous, as in WeChat: the caller has its RequestTask before any callback.
      setTimeout(() => options.request(req).then(
        (res) => answer(true, { data: res.data, statusCode: res.statusCode, header: res.header ?? {}, cookies: [], errMsg: 'request:ok' }),
        (error: unknown) => answer(false, { errMsg: `request:fail ${String(error)}` }),
      ))
      return { abort() {}, onHeadersReceived() {}, offHeadersReceived() {}, onChunkReceived() {}, offChunkReceived() {} }
    },
  })
  // wx.connectSocket as WeChat has it: a SocketTask at once, success (or fail) after, frames as
  // { data } — over a real WebSocket to the test server.
  Object.assign(g.wx as object, {
    connectSocket(o: { url: string; success?: (r: object) => void; fail?: (r: object) => void; complete?: (r: object) => void }) {
      if (!options.socketOrigin) return { send() {}, close() {}, onOpen() {}, onMessage() {}, onClose() {}, onError() {} }
      const socket = new WebSocket(o.url.replace(/^wss?:\/\/[^/]+/, options.socketOrigin))
      sockets.push(socket)
      socket.on('error', () => undefined) // reported through onError/onClose, as WeChat does
      const task = {
        send: ({ data }: { data: string }) => socket.send(data),
        close: ({ code = 1000, reason = '' }: { code?: number; reason?: string } = {}) => socket.close(code, reason),
        onOpen: (listener: (r: object) => void) => socket.on('open', () => listener({ header: {} })),
        onMessage: (listener: (r: { data: string }) => void) => socket.on('message', (data) => listener({ data: String(data) })),
        onClose: (listener: (r: { code: number; reason: string }) => void) => socket.on('close', (code, reason) => listener({ code, reason: String(reason) })),
        onError: (listener: (r: { errMsg: string }) => void) => socket.on('error', (error) => listener({ errMsg: error.message })),
      }
      setTimeout(() => {
        o.success?.({ errMsg: 'connectSocket:ok' })
        o.complete?.({ errMsg: 'connectSocket:ok' })
      })
      return task
    },
  })
  const wx = g.wx as Record<string, unknown>
  replaced.forEach((value, name) => (value === undefined ? delete wx[name] : (wx[name] = value)))
  replaced = new Map(Object.keys(options.wx ?? {}).map((name) => [name, wx[name]]))
  Object.assign(wx, options.wx)
  // WeChat's app-level globals; simulate has only Component and Behavior.
  // App() receives Taro's app object (createReactApp), which getApp() returns in WeChat.
  g.App = (appObject: typeof launched.app) => void (launched.app = appObject)
  g.getApp = () => launched.app
  // Taro reads the page stack (getCurrentInstance, hydrating transfer elements).
  g.getCurrentPages = () => [...pageStack]
  // Page(): simulate has no pages, so a page becomes a Component whose methods are the page's
  // functions (onLoad…, and `eh`, Taro's handler bound in base.wxml) and whose lifetimes play
  // the page lifecycle.
  g.Page = (page: Record<string, unknown> & { data?: object }) => {
    const route = currentFile.slice(distDir.length + 1)
    const call = (instance: Instance, name: string, arg?: object) => (instance[name] as (a?: object) => void)(arg)
    ;(g.Component as (o: object) => void)({
      data: page.data ?? {},
      methods: Object.fromEntries(Object.entries(page).filter(([, v]) => typeof v === 'function')),
      lifetimes: {
        attached(this: Instance) {
          Object.assign(this, { route, __route__: route })
          pageStack.push(this)
          call(this, 'onLoad', pendingQuery)
          call(this, 'onShow')
        },
        detached(this: Instance) {
          call(this, 'onHide')
          call(this, 'onUnload')
          pageStack = pageStack.filter((p) => p !== this)
        },
      },
    })
  }

  requireDist(join(distDir, 'app.js'))
  const { app } = launched
  if (!app) throw new Error(`${distDir}/app.js did not call App()`)
  const launch = { path: 'pages/home/index', query: {}, scene: 1001, referrerInfo: {} }
  app.onLaunch.call(app, launch)
  app.onShow.call(app, launch)
  runningApp = app

  const idle = async (timeout = 10_000) => {
    const deadline = Date.now() + timeout
    // Quiet twice in a row: an answer's handlers may start the next request.
    for (let quiet = 0; quiet < 2; quiet = inFlight ? 0 : quiet + 1) {
      if (Date.now() > deadline) throw new Error(`${inFlight} request(s) unanswered after ${timeout} ms`)
      await settle(20)
    }
  }
  // The session restore and catalogue load finish before any page opens, so a page's first
  // render (and its setData figures) do not depend on the speed of the launch requests.
  await idle()

  return {
    storage,
    requests,
    idle,
    async openPage(route, query = {}) {
      pendingQuery = query
      const root = sim.render(sim.load(join(distDir, route), { rootPath: distDir }))
      const parent = document.body.appendChild(document.createElement('div'))
      root.attach(parent) // → attached → onLoad, onShow
      // Taro renders asynchronously; its first setData fills `root.cn`. Then WeChat's onReady.
      await waitFor(() => (root.instance.data.root as { cn?: unknown[] } | undefined)?.cn?.length, { what: `${route} renders` })
      ;(root.instance.onReady as () => void).call(root.instance)
      const page: WeappPage = {
        root,
        $$: (selector) => queryAll(root, selector),
        fire: (event) => (root.instance[event] as () => void).call(root.instance),
        close() {
          if (!openPages.includes(page)) return
          openPages = openPages.filter((p) => p !== page)
          root.detach()
          parent.remove()
        },
      }
      openPages.push(page)
      return page
    },
  }
}

// ---- queries, taps, waiting ----

/**
 * Nodes matching `selector` below `scope` (a page root or any node found), in its own tree and
 * in nested custom components (Taro's `comp`, used past 15 levels of nesting). j-component's
 * own querySelectorAll searches only a component's shadow root: nothing from a plain `view`.
 */
export function queryAll(scope: SimNode, selector: string): SimNode[] {
  const found = new Set<ExparserNode>()
  const collect = (tree: ExparserNode) => tree.querySelectorAll?.(selector).forEach((n) => found.add(n))
  const walk = (node: ExparserNode): void => {
    if (node.shadowRoot) {
      collect(node.shadowRoot)
      walk(node.shadowRoot)
    }
    node.childNodes?.forEach(walk)
  }
  const start = (scope as unknown as { _exparserNode: ExparserNode })._exparserNode
  collect(start)
  walk(start)
  // j-component's wrapper class (its module exports the RootComponent subclass); required only
  // now because exparser must see jsdom's document first, or its nodes get no DOM.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const Wrapper = Object.getPrototypeOf(require('j-component/src/render/component')) as new (n: ExparserNode) => SimNode
  return [...found].map((n) => n.__componentNode__ ?? new Wrapper(n))
}

/**
 * Elements the page renders below its root, in the composed tree: nested components' contents
 * and host elements count, text nodes do not (WXML nodes, as in WeChat's audit).
 */
export function countElements(root: SimNode): number {
  return root.dom.querySelectorAll('*').length
}

export const textOf = (node: SimNode): string => node.dom.textContent ?? ''

/** A tap as WeChat delivers it: exparser → the template's `bindtap="eh"` → Taro's events. */
export async function tap(node: SimNode): Promise<void> {
  node.dispatchEvent('tap')
  await settle()
}

/** Lets queued timers, promises and the setData calls they cause run. */
export async function settle(ms = 10): Promise<void> {
  await new Promise((done) => setTimeout(done, ms))
}

/** Polls until `predicate` returns something truthy (stores update asynchronously), returns it. */
export async function waitFor<T>(predicate: () => T, { timeout = 5000, interval = 20, what = 'condition' } = {}): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeout
  for (let lastError: unknown; ; await settle(interval)) {
    try {
      const value = predicate()
      if (value) return value as NonNullable<T>
    } catch (error) {
      lastError = error
    }
    if (Date.now() > deadline) throw new Error(`waitFor timed out after ${timeout} ms: ${what}${lastError ? ` (${String(lastError)})` : ''}`)
  }
}

export interface InjectableServer {
  inject(o: { method: string; url: string; headers: Record<string, string>; payload?: unknown }): Promise<{ statusCode: number; body: string; headers: Record<string, unknown> }>
}

/**
 * A request handler backed by a fastify app (`app.inject`, no socket): strips the API base the
 * weapp build bakes in and, as wx.request does for GET, puts object `data` in the query string.
 */
export function injectHandler(server: InjectableServer, apiBase = 'http://127.0.0.1:3000'): RequestHandler {
  return async ({ url, method, data, header }) => {
    if (!url.startsWith(apiBase)) throw new Error(`request outside the API: ${url}`)
    let path = url.slice(apiBase.length)
    const isGet = method === 'GET'
    if (isGet && data && typeof data === 'object' && Object.keys(data).length) {
      path += (path.includes('?') ? '&' : '?') + new URLSearchParams(data as Record<string, string>).toString()
    }
    const res = await server.inject({ method, url: path, headers: header, ...(isGet || data === undefined ? {} : { payload: data }) })
    const json = String(res.headers['content-type'] ?? '').includes('json')
    return { statusCode: res.statusCode, data: json ? JSON.parse(res.body) : res.body, header: res.headers as Record<string, string> }
  }
}
