// What mending a cut line costs the reader, alone: a design experiment, not part of `npm run bench`.
// Takes every gc or scav line of FILE that does not parse as it stands (the head of a line other
// output cut apart), with the line before it (an app line: how app lines start scores the
// readings) and the line after it (its tail), and times an EventReader fed just those triples.
// Prints one JSON line: {heads, usPerHead (minimum over the runs), runs, mended, ambiguous}.
// Compare two builds with GCTRACE_DIST (bench/run.js's convention): the minimum of many short
// runs is steadier on a shared machine than one long parse.
//
// Usage: node bench/mending.js [FILE] [RUNS]   (default bench/.cache/trace-100k.log, 20 runs)
import {readFileSync} from 'node:fs'
import {resolve} from 'node:path'
import {pathToFileURL} from 'node:url'

const dist = process.env.GCTRACE_DIST ? pathToFileURL(`${resolve(process.env.GCTRACE_DIST)}/`).href : new URL('../dist/', import.meta.url).href
const {EventReader} = await import(new URL('src/trace/read-events.js', dist).href)
const {parseRuntimeText} = await import(new URL('src/trace/runtime-line.js', dist).href)

const file = process.argv[2] ?? new URL('.cache/trace-100k.log', import.meta.url).pathname
const runs = Number(process.argv[3] ?? 20)
// Lines as the byte path hands them to the reader: each its own flat string, not a slice of the file.
const lines = readFileSync(file, 'latin1').split('\n')
const triples = []
for (let i = 1; i + 1 < lines.length; i++) {
  const line = lines[i]
  if ((line.startsWith('gc ') || line.startsWith('scav ')) && !parseRuntimeText(line).ok) triples.push([lines[i - 1], line, lines[i + 1]].map((text) => Buffer.from(text, 'latin1').toString('latin1')))
}

let best = Number.POSITIVE_INFINITY
let splices
for (let r = 0; r < runs; r++) {
  const reader = new EventReader(() => {}, {appEvents: false})
  const started = process.hrtime.bigint()
  for (const [app, head, tail] of triples) {
    reader.push(app)
    reader.push(head)
    reader.push(tail)
  }
  best = Math.min(best, Number(process.hrtime.bigint() - started) / 1e3 / triples.length)
  splices = reader.splices
}
process.stdout.write(JSON.stringify({heads: triples.length, usPerHead: Number(best.toFixed(2)), runs, mended: splices.mended, ambiguous: splices.ambiguous}) + '\n')
