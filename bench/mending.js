// What mending a cut line costs the reader, alone: a design experiment, not part of `npm run bench`.
// Takes every gc or scav line of FILE that does not parse as it stands (the head of a line other
// output cut apart), with the line before it (an app line: how app lines start scores the
// readings) and the line after it (its tail), and times an EventReader fed just those triples.
// Prints one JSON line: {heads, runs, text, bytes}, each of `text` and `bytes` {usPerHead (minimum
// over the runs), mended, ambiguous}: the triples fed as text (EventReader.push) and as bytes
// (ByteLines, as `analyze` reads a plain log: the byte path's mender takes the heads it can, the
// text path the rest). The two must count the same mended and ambiguous lines.
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
const {ByteLines} = await import(new URL('src/trace/byte-lines.js', dist).href)

const file = process.argv[2] ?? new URL('.cache/trace-100k.log', import.meta.url).pathname
const runs = Number(process.argv[3] ?? 20)
// Lines as the byte path hands them to the reader: each its own flat string, not a slice of the file.
const lines = readFileSync(file, 'latin1').split('\n')
const triples = []
for (let i = 1; i + 1 < lines.length; i++) {
  const line = lines[i]
  if ((line.startsWith('gc ') || line.startsWith('scav ')) && !parseRuntimeText(line).ok) triples.push([lines[i - 1], line, lines[i + 1]].map((text) => Buffer.from(text, 'latin1').toString('latin1')))
}

/** Minimum µs per head over the runs of `feed` into a fresh reader, and that reader's splice counts. */
function measure(feed) {
  let best = Number.POSITIVE_INFINITY
  let splices
  for (let r = 0; r < runs; r++) {
    const reader = new EventReader(() => {}, {appEvents: false})
    const started = process.hrtime.bigint()
    feed(reader)
    best = Math.min(best, Number(process.hrtime.bigint() - started) / 1e3 / triples.length)
    splices = reader.splices
  }
  return {usPerHead: Number(best.toFixed(2)), mended: splices.mended, ambiguous: splices.ambiguous}
}

const text = measure((reader) => {
  for (const [app, head, tail] of triples) {
    reader.push(app)
    reader.push(head)
    reader.push(tail)
  }
})
const bytes = Buffer.from(triples.map((triple) => triple.join('\n')).join('\n') + '\n', 'latin1')
const chunks = []
for (let i = 0; i < bytes.length; i += 64 << 10) chunks.push(bytes.subarray(i, i + (64 << 10)))
const asBytes = ByteLines === undefined ? undefined : measure((reader) => {
  const lines = new ByteLines(reader, (line) => reader.push(line, null), true)
  for (const chunk of chunks) lines.push(chunk)
  lines.end()
  reader.end()
})
process.stdout.write(JSON.stringify({heads: triples.length, runs, text, bytes: asBytes}) + '\n')
