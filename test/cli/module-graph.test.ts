// What `analyze` loads, read from the module graph rather than the clock: an ESM loader hook
// records every module Node loads, and a small analysis must not pull in danfojs-node (with
// TensorFlow) or vega: they cost seconds of start-up and are needed only for --timeline-csv,
// charts and reports.
import test from 'ava'
import {spawnSync} from 'node:child_process'
import {mkdtempSync, readFileSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {pathToFileURL} from 'node:url'

import {recording, runBin} from '../helpers/paths.js'

const HEAVY = ['danfojs-node', '@tensorflow', 'vega', 'vega-lite', 'vega-embed'] as const

/** Runs gctrace with a loader hook; returns the exit code and the package names of every module loaded. */
function loadedPackages(args: string[]): {status: number | null; stdout: string; packages: Set<string>} {
  const dir = mkdtempSync(join(tmpdir(), 'gctrace-modules-'))
  const log = join(dir, 'loaded.txt')
  const hooks = join(dir, 'hooks.mjs')
  writeFileSync(
    hooks,
    `import {appendFileSync} from 'node:fs'
export async function load(url, context, nextLoad) {
  appendFileSync(${JSON.stringify(log)}, url + '\\n')
  return nextLoad(url, context)
}
`,
  )
  const register = join(dir, 'register.mjs')
  writeFileSync(register, `import {register} from 'node:module'\nregister(${JSON.stringify(pathToFileURL(hooks).href)})\n`)
  writeFileSync(log, '')
  const run = spawnSync(process.execPath, ['--import', pathToFileURL(register).href, runBin, ...args], {encoding: 'utf8', env: {...process.env, NO_COLOR: '1'}})
  const packages = new Set<string>()
  for (const url of readFileSync(log, 'utf8').split('\n')) {
    const match = /\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url)
    if (match?.[1] !== undefined) packages.add(match[1])
  }
  return {status: run.status, stdout: run.stdout, packages}
}

function smallTrace(): string {
  const dir = mkdtempSync(join(tmpdir(), 'gctrace-small-'))
  const path = join(dir, 'small.log')
  const lines = readFileSync(recording('go1.19-healthy-steady'), 'utf8').split('\n').slice(0, 20)
  writeFileSync(path, lines.join('\n') + '\n')
  return path
}

test('analyze on a 20-line trace loads neither danfojs-node nor vega', (t) => {
  const {status, stdout, packages} = loadedPackages(['analyze', smallTrace()])
  t.is(status, 0)
  t.regex(stdout, /Segment 1 of 1/)
  // The hook sees the parser's own dependencies: the check is live.
  t.true(packages.has('parsimmon'), [...packages].join(', '))
  t.true(packages.has('@oclif/core'), [...packages].join(', '))
  for (const heavy of HEAVY) t.false(packages.has(heavy), `${heavy} was loaded`)
})

test('analyze --timeline-csv does load danfojs-node: the check above can see it', (t) => {
  const out = join(mkdtempSync(join(tmpdir(), 'gctrace-timeline-')), 'timeline.csv')
  const {status, packages} = loadedPackages(['analyze', recording('go1.19-seed-madvfree-10x256mb', ''), '--timeline-csv', out])
  t.is(status, 0)
  t.true(packages.has('danfojs-node'), [...packages].join(', '))
  t.false(packages.has('vega'))
})
