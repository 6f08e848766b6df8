// What each part of mending a cut line on its bytes costs: a design experiment, not part of
// `npm run bench`. Takes every gc or scav line of FILE that does not parse as it stands (the head
// of a line other output cut apart) with the line after it (its tail), keeps the pairs the byte
// path's mender takes (HeldCutLine: held as 'cut', cuts found), and times the mender's steps on
// them, each added to the ones before: holding the head; finding the cuts from which the tail
// goes on; the app-text bound of every cut; the first reading; every reading. Then the cuts alone,
// by the templates the head expected where it stopped. Each figure is the minimum over RUNS runs,
// in ns a head. bench/mending.js times the reader's whole work instead.
//
// Usage: node bench/mending-parts.js [FILE] [RUNS]   (default bench/.cache/trace-100k.log, 15; GCTRACE_DIST=… for another build)
import {readFileSync} from 'node:fs'
import {resolve} from 'node:path'
import {pathToFileURL} from 'node:url'

const dist = process.env.GCTRACE_DIST ? pathToFileURL(`${resolve(process.env.GCTRACE_DIST)}/`).href : new URL('../dist/', import.meta.url).href
const {HeldCutLine} = await import(new URL('src/trace/mend-bytes.js', dist).href)
const {CutHead119} = await import(new URL('src/trace/gc-line.js', dist).href)
const {CutScavHead} = await import(new URL('src/trace/scavenger-line.js', dist).href)
const {parseRuntimeText} = await import(new URL('src/trace/runtime-line.js', dist).href)
const {AppTextStart} = await import(new URL('src/trace/app-text-shape.js', dist).href)

const file = process.argv[2] ?? new URL('.cache/trace-100k.log', import.meta.url).pathname
const runs = Number(process.argv[3] ?? 15)
const lines = readFileSync(file, 'latin1').split('\n')
const held = new HeldCutLine()
// Where a head stopped and what it expected there, read as the mender reads it.
const stops = {gc: new CutHead119(), scav: new CutScavHead()}
const pairs = []
for (let i = 1; i + 1 < lines.length; i++) {
  const line = lines[i]
  if (!(line.startsWith('gc ') || line.startsWith('scav ')) || parseRuntimeText(line).ok) continue
  const head = Buffer.from(line, 'latin1')
  const tail = Buffer.from(lines[i + 1], 'latin1')
  const lastApp = new AppTextStart().setText(lines[i - 1])
  if (held.hold(head, 0, head.length) !== 'cut' || !held.cutsBefore(tail, 0, tail.length)) continue
  const stop = line.startsWith('gc ') ? stops.gc : stops.scav
  stop.read(head, 0, head.length)
  pairs.push({head, tail, lastApp, expected: stop.expected.join(' | ')})
}

function minimumNs(over, step) {
  let best = Number.POSITIVE_INFINITY
  for (let r = 0; r < runs; r++) {
    const started = process.hrtime.bigint()
    for (const pair of over) step(pair)
    best = Math.min(best, Number(process.hrtime.bigint() - started))
  }
  return Math.round(best / over.length)
}

const hold = ({head}) => held.hold(head, 0, head.length)
const cuts = (pair) => {
  hold(pair)
  held.cutsBefore(pair.tail, 0, pair.tail.length)
}
const steps = {
  hold,
  '+ cuts': cuts,
  '+ bounds': (pair) => {
    cuts(pair)
    for (const cut of held.cuts) held.appTextDistance(cut, pair.lastApp)
  },
  '+ first reading': (pair) => {
    cuts(pair)
    for (const cut of held.cuts) held.appTextDistance(cut, pair.lastApp)
    held.readingAt(held.cuts[0])
  },
  '+ every reading': (pair) => {
    cuts(pair)
    for (const cut of held.cuts) held.appTextDistance(cut, pair.lastApp)
    for (const cut of held.cuts) held.readingAt(cut)
  },
}
let cutCount = 0
for (const pair of pairs) {
  cuts(pair)
  cutCount += held.cuts.length
}
const figures = {heads: pairs.length, runs, cutsPerHead: Number((cutCount / pairs.length).toFixed(2)), nsPerHead: {}, cutsByExpected: []}
for (const [name, step] of Object.entries(steps)) figures.nsPerHead[name] = minimumNs(pairs, step)
const byExpected = new Map()
for (const pair of pairs) byExpected.set(pair.expected, [...(byExpected.get(pair.expected) ?? []), pair])
for (const [expected, group] of byExpected) {
  figures.cutsByExpected.push({heads: group.length, nsForCuts: Math.max(0, minimumNs(group, cuts) - minimumNs(group, hold)), expected: expected.length > 100 ? `${expected.slice(0, 100)}…` : expected})
}
figures.cutsByExpected.sort((a, b) => b.heads - a.heads)
process.stdout.write(JSON.stringify(figures, null, 1) + '\n')
