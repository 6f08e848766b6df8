// Whether a parse started in the middle of a log forgets where it started: a design experiment
// for a threaded parse (docs/benchmarks.md, "How far threads can go"), not part of `npm run bench`.
// The file is parsed whole, once; then, from each of N line starts spread over it, a fresh
// TraceParser parses from that line to the end. Its cycles and scavenger reports are compared,
// row by row with line numbers offset, to the whole parse's: the rows before the first one from
// which every later row is the same are where the fresh reader's lack of history showed (a cut
// line whose head it never saw, a reading scored without the cycle before it). A threaded parse
// can stitch its parts exactly only if that stretch is short; this measures how short.
// Prints one JSON line per start and a summary: {start, lines, differingRows, convergedAfterLines}.
//
// Usage: node bench/converge.js FILE [N]   (default N 20; GCTRACE_DIST=… for another build)
import {readFileSync} from 'node:fs'
import {resolve} from 'node:path'
import {pathToFileURL} from 'node:url'

const dist = process.env.GCTRACE_DIST ? pathToFileURL(`${resolve(process.env.GCTRACE_DIST)}/`).href : new URL('../dist/', import.meta.url).href
const {TraceParser} = await import(new URL('src/trace/parse-trace.js', dist).href)

const [file, count] = process.argv.slice(2)
if (file === undefined) {
  process.stderr.write('usage: node bench/converge.js FILE [N]\n')
  process.exit(2)
}
const starts = Number(count ?? 20)
const bytes = readFileSync(file)
const CHUNK_BYTES = 64 << 10

function parse(from) {
  const parser = new TraceParser()
  for (let at = from; at < bytes.length; at += CHUNK_BYTES) parser.pushBytes(bytes.subarray(at, Math.min(at + CHUNK_BYTES, bytes.length)))
  return parser.end()
}

/** Every cycle and scavenger report as [line, the rest as JSON], in line order, with line numbers shifted by `offset`. */
function rowsOf(trace, offset) {
  const rows = []
  for (const segment of trace.segments) {
    for (const table of [segment.cycles, segment.scavenger]) {
      for (let i = 0; i < table.length; i++) {
        const {line, ...rest} = table.at(i)
        rows.push([line + offset, JSON.stringify(rest)])
      }
    }
  }
  return rows.sort((a, b) => a[0] - b[0])
}

const whole = rowsOf(parse(0), 0)
const byLine = new Map(whole.map(([line, value]) => [line, value]))
const results = []
for (let k = 1; k <= starts; k++) {
  // The first line start after an even share of the file.
  let from = Math.floor((bytes.length * k) / (starts + 1))
  from = bytes.indexOf(0x0a, from) + 1
  let linesBefore = 0
  for (let at = bytes.indexOf(0x0a); at >= 0 && at < from; at = bytes.indexOf(0x0a, at + 1)) linesBefore++
  const rows = rowsOf(parse(from), linesBefore)
  // The last row that differs from the whole parse's row on its line (or has no row there).
  let lastDiffering = -1
  let differing = 0
  for (let i = 0; i < rows.length; i++) {
    const [line, value] = rows[i]
    if (byLine.get(line) !== value) {
      lastDiffering = i
      differing++
    }
  }
  // Rows the whole parse has after the start that the part does not.
  const partLines = new Set(rows.map(([line]) => line))
  let missing = 0
  let lastMissingLine = 0
  for (const [line] of whole) {
    if (line <= linesBefore || partLines.has(line)) continue
    missing++
    lastMissingLine = line
  }
  const lastLine = Math.max(lastDiffering < 0 ? 0 : rows[lastDiffering][0], lastMissingLine)
  const result = {start: linesBefore + 1, lines: rows.length, differingRows: differing, missingRows: missing, convergedAfterLines: lastLine === 0 ? 0 : lastLine - linesBefore}
  results.push(result)
  process.stdout.write(JSON.stringify(result) + '\n')
}
const after = results.map((r) => r.convergedAfterLines).sort((a, b) => a - b)
process.stdout.write(JSON.stringify({starts: results.length, convergedAfterLines: {min: after[0], median: after[Math.floor(after.length / 2)], max: after.at(-1)}}) + '\n')
