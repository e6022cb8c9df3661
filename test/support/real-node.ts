/**
 * PGlite's CommonJS build loads `fs`, `zlib`… with dynamic `import()`, which jest's module
 * sandbox refuses without --experimental-vm-modules. Loading it through Node's own require
 * (jest patches `createRequire`, but not the base class it inherits from) runs it outside the
 * sandbox, where dynamic import works. Only test helpers need this; the server imports normally.
 */
import type * as PGliteModule from '@electric-sql/pglite'

type CreateRequire = (path: string) => NodeJS.Require
// eslint-disable-next-line @typescript-eslint/no-require-imports
const sandboxModule = require('node:module') as object
const realCreateRequire = (Object.getPrototypeOf(sandboxModule) as { createRequire: CreateRequire }).createRequire
  ?? (sandboxModule as { createRequire: CreateRequire }).createRequire

export const nodeRequire = realCreateRequire(__filename)
export const { PGlite } = nodeRequire('@electric-sql/pglite') as typeof PGliteModule
/** Blob from the same realm as PGlite (it checks `instanceof Blob` on load). */
export const { Blob: RealBlob } = nodeRequire('node:buffer') as typeof import('node:buffer')
