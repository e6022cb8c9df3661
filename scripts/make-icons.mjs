// Draws the app's icons as PNG files into src/assets/ (committed): the tab bar's (WeChat wants
// local PNGs, 81 × 81), the service tiles' and the loading/empty/error states' (drawn, not
// emoji: older phones and fonts show emoji as empty boxes). Each is a few SVG strokes on a 24-unit grid,
// rendered by the installed Chromium. Run again after changing a shape:
//   node scripts/make-icons.mjs
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { chromium } from 'playwright-core'

const root = fileURLToPath(new URL('..', import.meta.url))
const RED = '#c8161d'
const GREY = '#666666'
const TINT = '#fdecec'

/** Shapes on a 24 × 24 grid, drawn with round 2-unit strokes; `fill` shapes are filled as well. */
const TAB_SHAPES = {
  home: { stroke: 'M3 11.5 12 4l9 7.5M5.5 9.5V20h13V9.5', fill: 'M10 20v-5.5h4V20' },
  orders: { stroke: 'M6 4.5h12V21H6zM9 3h6v3H9zM9 11h6M9 15h6', fill: '' },
  // A speech bubble with three dots: what was said to you.
  messages: { stroke: 'M5 4.5h14A1.5 1.5 0 0 1 20.5 6v9a1.5 1.5 0 0 1-1.5 1.5h-7.5L7 20.5v-4H5A1.5 1.5 0 0 1 3.5 15V6A1.5 1.5 0 0 1 5 4.5zM8 10.5h.01M12 10.5h.01M16 10.5h.01', fill: '' },
  me: { stroke: 'M12 12a4 4 0 1 0 0-8 4 4 0 0 0 0 8zM4.5 21a7.5 7.5 0 0 1 15 0z', fill: '' },
}

const SERVICE_SHAPES = {
  // A bell: the call for help.
  emergency: 'M6 17V11a6 6 0 0 1 12 0v6l1.5 2h-15zM10 21h4M12 3v2',
  // A bowl with steam.
  meals: 'M4 12h16a8 7 0 0 1-16 0zM9 4.5c-1 1.2 1 2.3 0 3.5M14 4.5c-1 1.2 1 2.3 0 3.5',
  // A walking stick beside a person.
  mobility: 'M7 4a2 2 0 1 0 4 0 2 2 0 1 0-4 0zM9 7.5v7M9 14.5 6 21M9 14.5l3.5 6.5M9 9l4.5 3M9 9l-3.5 3.5M16.5 12.5V21M16.5 12.5a1.5 1.5 0 0 0-3 0',
  // A medical cross.
  medical: 'M9.5 4h5v5.5H20v5h-5.5V20h-5v-5.5H4v-5h5.5z',
  // A shopping bag.
  errands: 'M5 8h14l-1.2 13H6.2zM9 8V6.5a3 3 0 0 1 6 0V8',
  // A wrench.
  repair: 'M14.5 4.2a5 5 0 0 0-4.8 6.6L4 16.5 7.5 20l5.7-5.7a5 5 0 0 0 6.6-4.8l-3 3-3.3-.8-.8-3.3z',
  // Scales.
  legal: 'M12 4v16M7 20h10M5 7h14M5 7l-2.5 6a2.5 2.5 0 0 0 5 0zM19 7l-2.5 6a2.5 2.5 0 0 0 5 0z',
  // A heart with a pulse.
  health: 'M12 20s-8-4.8-8-10.5A4.5 4.5 0 0 1 12 7a4.5 4.5 0 0 1 8 2.5C20 15.2 12 20 12 20zM5 12h4l1.5-2.5 2 5 1.5-2.5h5',
  // A speech bubble.
  counseling: 'M4 5h16v11H10l-4 4v-4H4zM8.5 9.5h7M8.5 12.5h4.5',
  // Three dots: anything else.
  other: 'M6.5 12h.01M12 12h.01M17.5 12h.01',
}

/** The loading, empty and error states (StateView): grey line drawings. */
const STATE_SHAPES = {
  // An hourglass.
  loading: 'M6 3h12M6 21h12M7 3c0 5 10 5 10 9s-10 4-10 9M17 3c0 5-10 5-10 9s10 4 10 9',
  // An open tray, empty.
  empty: 'M3 13l3-8h12l3 8v6H3zM3 13h5l1.5 2.5h5L16 13h5',
  // A warning sign.
  error: 'M12 3.5 21.5 20h-19zM12 10v4.5M12 17.5h.01',
}

const svg = (size, body) => `<svg xmlns="http://www.w3.org/2000/svg" width="${size}" height="${size}" viewBox="0 0 24 24">${body}</svg>`
const stroked = (d, color, width = 2) =>
  d ? `<path d="${d}" fill="none" stroke="${color}" stroke-width="${width}" stroke-linecap="round" stroke-linejoin="round"/>` : ''

/** The tab bar: grey outlines, and the selected tab filled in red (a change of shape, not only of colour). */
function tabIcon(shape, selected) {
  const color = selected ? RED : GREY
  const filled = selected ? `<path d="${shape.stroke}" fill="${color}" fill-opacity="0.18"/>` : ''
  return svg(81, `<g transform="translate(1.5 1.5) scale(0.875)">${filled}${stroked(shape.stroke, color)}${shape.fill ? `<path d="${shape.fill}" fill="${color}"/>` : ''}</g>`)
}

/** A service tile: a red line drawing on a light red disc. */
function serviceIcon(d) {
  return svg(96, `<circle cx="12" cy="12" r="12" fill="${TINT}"/><g transform="translate(4.2 4.2) scale(0.65)">${stroked(d, RED, 2.2)}</g>`)
}

async function render(page, markup, size, file) {
  await page.setViewportSize({ width: size, height: size })
  await page.setContent(`<html><body style="margin:0;background:transparent">${markup}</body></html>`)
  await page.locator('svg').screenshot({ path: file, omitBackground: true })
  console.log('wrote', file.slice(root.length))
}

const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu'] })
const page = await browser.newPage({ deviceScaleFactor: 1 })
const tabDir = join(root, 'src', 'assets', 'tab')
const serviceDir = join(root, 'src', 'assets', 'services')
const stateDir = join(root, 'src', 'assets', 'states')
mkdirSync(tabDir, { recursive: true })
mkdirSync(serviceDir, { recursive: true })
mkdirSync(stateDir, { recursive: true })
for (const [name, shape] of Object.entries(TAB_SHAPES)) {
  await render(page, tabIcon(shape, false), 81, join(tabDir, `${name}.png`))
  await render(page, tabIcon(shape, true), 81, join(tabDir, `${name}-selected.png`))
}
for (const [code, d] of Object.entries(SERVICE_SHAPES)) await render(page, serviceIcon(d), 96, join(serviceDir, `${code}.png`))
for (const [kind, d] of Object.entries(STATE_SHAPES)) await render(page, svg(96, stroked(d, GREY, 1.6)), 96, join(stateDir, `${kind}.png`))
await browser.close()
