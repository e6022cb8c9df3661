/**
 * test/support/weapp-harness.ts reaches into miniprogram-simulate, j-component and exparser
 * (none of it public API). Their packages ask for `latest` of each other, so package.json pins
 * them (devDependencies and "overrides"); this canary checks each internal the harness uses
 * on a tiny component of its own — no dist/ needed — and names the one that changed.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { queryAll, settle, type SimNode } from '../support/weapp-harness'

const root = join(__dirname, '..', '..')
const PACKAGES = ['miniprogram-simulate', 'j-component', 'miniprogram-exparser', 'miniprogram-compiler'] as const

/** "miniprogram-simulate 1.6.2 (pinned 1.6.2), …": what is installed, against package.json. */
function versions(): string {
  const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as Record<string, Record<string, string> | undefined>
  const pinned = { ...manifest.overrides, ...manifest.devDependencies }
  return PACKAGES.map((name) => {
    const installed = (JSON.parse(readFileSync(require.resolve(`${name}/package.json`), 'utf8')) as { version: string }).version
    return `${name} ${installed} (pinned ${pinned[name] ?? 'nowhere'})`
  }).join(', ')
}

/** Fails with the internal's name, what the harness expects of it, and the versions in use. */
function expectInternal(internal: string, ok: unknown, expected: string): void {
  if (!ok) {
    throw new Error(
      `miniprogram-simulate internal changed: ${internal} — the harness expects ${expected}. ` +
        `Installed: ${versions()}. Adapt test/support/weapp-harness.ts (and this canary), then the pins in package.json.`,
    )
  }
}

interface Simulate {
  load(path: string, options?: object): string
  render(id: string): SimNode & { attach(parent: Element): void; detach(): void; _exparserNode?: unknown }
}
type Instance = Record<string, unknown> & { setData(data: object, cb?: () => void): void; data: Record<string, unknown> }

const g = globalThis as unknown as Record<string, unknown>
let simulate: Simulate
let utils: { runJs?: unknown }
const dir = mkdtempSync(join(tmpdir(), 'sandan-canary-'))
const componentPath = join(dir, 'canary')

beforeAll(() => {
  // The same environment the harness installs: jsdom's window, then simulate.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { JSDOM } = require('jsdom') as { JSDOM: new (html: string) => { window: Window & typeof globalThis } }
  const { window } = new JSDOM('<!doctype html><html><head></head><body></body></html>')
  Object.assign(g, { window, document: window.document, CustomEvent: window.CustomEvent, TouchEvent: window.TouchEvent })
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  simulate = require('miniprogram-simulate') as Simulate
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  utils = require('miniprogram-simulate/src/utils') as { runJs?: unknown }

  writeFileSync(`${componentPath}.json`, '{ "component": true }')
  writeFileSync(`${componentPath}.wxml`, '<view class="canary" bindtap="onTap">{{text}}</view>')
  // Only run if simulate bypasses utils.runJs: the test below then says so.
  writeFileSync(`${componentPath}.js`, 'Component({ data: { text: "from the file" } })')
})

afterAll(() => rmSync(dir, { recursive: true, force: true }))

test('require("miniprogram-simulate") exports load() and render(), and defines the globals Component and wx', () => {
  expectInternal('miniprogram-simulate exports', typeof simulate.load === 'function' && typeof simulate.render === 'function', 'load(path, options) and render(id) functions')
  expectInternal('global Component', typeof g.Component === 'function', 'simulate to define globalThis.Component (the harness wraps it to count setData)')
  expectInternal('global wx', typeof g.wx === 'object' && g.wx !== null, 'simulate to define a mock globalThis.wx (the harness adds request and storage to it)')
})

test('load() goes through a replaceable utils.runJs; render, lifetimes, setData, queryAll and tap work as the harness uses them', async () => {
  expectInternal('miniprogram-simulate/src/utils runJs', typeof utils.runJs === 'function', 'an exported, replaceable runJs(path) function')

  const calls: string[] = []
  const lifetimes: string[] = []
  let setDataCalls = 0
  let taps = 0
  const register = g.Component as (options: object) => void
  utils.runJs = (path: string) => {
    calls.push(path)
    register({
      data: { text: 'hello' },
      methods: { onTap: () => void (taps += 1) },
      lifetimes: {
        created(this: Instance) {
          lifetimes.push('created')
          // What the harness does in `created`: replace the instance's setData with a counting one.
          const original = this.setData
          this.setData = function (this: Instance, data: object, cb?: () => void) {
            setDataCalls += 1
            return original.call(this, data, cb)
          }
        },
        attached: () => void lifetimes.push('attached'),
        detached: () => void lifetimes.push('detached'),
      },
    })
  }

  const id = simulate.load(componentPath, { rootPath: dir })
  expectInternal('load() → utils.runJs(path)', calls.length === 1 && calls[0] === componentPath, `load to call utils.runJs("${componentPath}") once; it called it with ${JSON.stringify(calls)}`)

  const rendered = simulate.render(id)
  expectInternal('render(id)', typeof rendered.attach === 'function' && typeof rendered.detach === 'function', 'an object with attach(parent) and detach()')
  expectInternal('render(id)._exparserNode', rendered._exparserNode && typeof rendered._exparserNode === 'object', 'the private exparser node the harness walks (queryAll)')
  expectInternal('Component lifetimes.created', lifetimes[0] === 'created', '`lifetimes.created` to run when the component is rendered')

  const parent = document.body.appendChild(document.createElement('div'))
  rendered.attach(parent)
  expectInternal('Component lifetimes.attached', lifetimes.includes('attached'), 'attach() to run `lifetimes.attached` (pages play onLoad/onShow there)')

  const instance = rendered.instance as Instance
  expectInternal('instance.data', instance.data?.text === 'hello', 'instance.data to hold the component data')
  instance.setData({ text: 'updated' })
  expectInternal('instance.setData replaced in created', setDataCalls === 1, 'later setData calls to go through the function set in `created`')
  expectInternal('instance.setData renders', rendered.dom.textContent === 'updated', 'setData to update the jsdom tree at `dom`')

  const found = queryAll(rendered, '.canary')
  expectInternal('exparser shadowRoot.querySelectorAll + j-component/src/render/component', found.length === 1 && found[0].dom?.textContent === 'updated', 'queryAll to find `.canary` through the exparser shadow root and wrap it with j-component\'s Component class')
  found[0].dispatchEvent('tap')
  await settle() // j-component delivers events a microtask later; the harness's tap() waits too
  expectInternal('Component dispatchEvent("tap") → bindtap', taps === 1, 'a tap to reach the method bound with bindtap')

  rendered.detach()
  expectInternal('Component lifetimes.detached', lifetimes.includes('detached'), 'detach() to run `lifetimes.detached` (pages play onHide/onUnload there)')
  parent.remove()
})
