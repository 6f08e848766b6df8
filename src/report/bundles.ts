// The vega, vega-lite and vega-embed browser bundles, read from node_modules when a report is
// written, so that the HTML file carries everything it needs to draw and opens offline.
import {existsSync, readFileSync} from 'node:fs'
import {dirname, join} from 'node:path'
import {fileURLToPath} from 'node:url'

export interface Bundle {
  name: string
  version: string
  /** The minified UMD build: defines the global vega, vegaLite or vegaEmbed. */
  source: string
}

/** In the order they must run: vega-lite needs vega, vega-embed both. */
const PACKAGES = ['vega', 'vega-lite', 'vega-embed'] as const

export function readVegaBundles(): Bundle[] {
  return PACKAGES.map((name) => {
    const root = packageRoot(name)
    const version = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {version: string}).version
    return {name, version, source: readFileSync(join(root, 'build', `${name}.min.js`), 'utf8')}
  })
}

/** The versions only (for "how this file was made"), without reading the bundles. */
export function vegaVersions(): Record<string, string> {
  return Object.fromEntries(PACKAGES.map((name) => [name, (JSON.parse(readFileSync(join(packageRoot(name), 'package.json'), 'utf8')) as {version: string}).version]))
}

/** The package's folder: up from its resolved entry point to the package.json that names it. */
function packageRoot(name: string): string {
  let dir = dirname(fileURLToPath(import.meta.resolve(name)))
  for (;;) {
    const manifest = join(dir, 'package.json')
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as {name?: string}).name === name) return dir
    const parent = dirname(dir)
    if (parent === dir) throw new Error(`cannot find the ${name} package folder`)
    dir = parent
  }
}
