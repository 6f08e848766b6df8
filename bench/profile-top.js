// Summarises a V8 .cpuprofile (from `node --cpu-prof`): self time by function and by file.
// Usage: node bench/profile-top.js FILE.cpuprofile [N]
import {readFileSync} from 'node:fs'
import {relative} from 'node:path'
import {fileURLToPath} from 'node:url'

import {ROOT} from './make-inputs.js'

function shortUrl(url) {
  if (url === '') return ''
  const path = url.startsWith('file://') ? fileURLToPath(url) : url
  // bench/run.js measures a copy of the build under bench/.cache/build-PID/: name files as in the repository.
  return (path.startsWith(ROOT) ? relative(ROOT, path) : path).replace(/^bench\/\.cache\/build(?:-\d+)?\//, '')
}

/**
 * Returns {totalMs, functions, files, inclusive}: self time by function (top `top`), self time by
 * file, and total (inclusive) time of the named functions of dist/src/ (top `top`).
 */
export function summarizeProfile(path, top = 15) {
  const profile = JSON.parse(readFileSync(path, 'utf8'))
  const byId = new Map(profile.nodes.map((n) => [n.id, n]))
  const parent = new Map()
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id)
  const keyOf = (id) => {
    const {functionName, url, lineNumber} = byId.get(id).callFrame
    const file = shortUrl(url)
    const name = (functionName || '(anonymous)').slice(0, 80)
    const where = file === '' ? '' : `${file}:${lineNumber + 1}`
    return {key: `${name} ${where}`, name, where, file}
  }
  const selfUs = new Map()
  let totalUs = 0
  for (let i = 0; i < profile.samples.length; i++) {
    const dt = profile.timeDeltas[i] ?? 0
    totalUs += dt
    selfUs.set(profile.samples[i], (selfUs.get(profile.samples[i]) ?? 0) + dt)
  }
  const functions = new Map()
  const files = new Map()
  for (const [id, us] of selfUs) {
    const {key, name, where, file} = keyOf(id)
    const entry = functions.get(key) ?? {name, where, selfMs: 0}
    entry.selfMs += us / 1000
    functions.set(key, entry)
    const fileKey = file === '' ? '(native / VM)' : file.replace(/^.*node_modules\//, 'node_modules/')
    files.set(fileKey, (files.get(fileKey) ?? 0) + us / 1000)
  }
  // Inclusive time: each sample counts once for every distinct named dist/src function on its stack.
  const inclusive = new Map()
  for (let i = 0; i < profile.samples.length; i++) {
    const dt = profile.timeDeltas[i] ?? 0
    const seen = new Set()
    for (let id = profile.samples[i]; id !== undefined; id = parent.get(id)) {
      const k = keyOf(id)
      if (!k.file.startsWith('dist/src/') || k.name === '(anonymous)' || seen.has(k.key)) continue
      seen.add(k.key)
      const entry = inclusive.get(k.key) ?? {name: k.name, where: k.where, totalMs: 0}
      entry.totalMs += dt / 1000
      inclusive.set(k.key, entry)
    }
  }
  const totalMs = totalUs / 1000
  const share = (ms) => ms / Math.max(totalMs, 1e-9)
  return {
    totalMs,
    functions: [...functions.values()].sort((a, b) => b.selfMs - a.selfMs).slice(0, top).map((f) => ({...f, share: share(f.selfMs)})),
    inclusive: [...inclusive.values()].sort((a, b) => b.totalMs - a.totalMs).slice(0, top).map((f) => ({...f, share: share(f.totalMs)})),
    files: [...files].map(([file, selfMs]) => ({file, selfMs, share: share(selfMs)})).sort((a, b) => b.selfMs - a.selfMs).slice(0, top),
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [path, n] = process.argv.slice(2)
  const summary = summarizeProfile(path, Number(n ?? 20))
  console.log(`total sampled ${(summary.totalMs / 1000).toFixed(1)} s`)
  for (const f of summary.functions) console.log(`${(100 * f.share).toFixed(1).padStart(5)}%  ${f.selfMs.toFixed(0).padStart(7)} ms  ${f.name}  ${f.where}`)
  console.log('inclusive (dist/src):')
  for (const f of summary.inclusive) console.log(`${(100 * f.share).toFixed(1).padStart(5)}%  ${f.totalMs.toFixed(0).padStart(7)} ms  ${f.name}  ${f.where}`)
  console.log('by file:')
  for (const f of summary.files) console.log(`${(100 * f.share).toFixed(1).padStart(5)}%  ${f.selfMs.toFixed(0).padStart(7)} ms  ${f.file}`)
}
