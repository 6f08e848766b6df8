// gctrace's parse stage alone, in one process: openInput → readInto (what analyze reads a file
// with: lines until the log's format is known, then a plain log as bytes) → TraceParser, no
// analysis, no rendering. Prints one JSON line: {lines, cycles, loopMs, heapUsedMB, maxRssMB}. loopMs is
// the time from opening the file to parser.end(), without Node's start-up or module loading.
// It imports ../dist/src/…, or GCTRACE_DIST/src/… (bench/run.js points that at its copy of the build).
import {resolve} from 'node:path'
import {pathToFileURL} from 'node:url'

const dist = process.env.GCTRACE_DIST ? pathToFileURL(`${resolve(process.env.GCTRACE_DIST)}/`).href : new URL('../dist/', import.meta.url).href
const {openInput} = await import(new URL('src/input/open-input.js', dist).href)
const {readInto} = await import(new URL('src/cli/load-analysis.js', dist).href)
const {createLogReading} = await import(new URL('src/input/log-format.js', dist).href)
const {TraceParser} = await import(new URL('src/trace/parse-trace.js', dist).href)

const file = process.argv[2]
const started = process.hrtime.bigint()
const input = await openInput(file)
const parser = new TraceParser()
await readInto(parser, input, undefined, {name: input.name, reading: createLogReading()})
const trace = parser.end()
const lines = parser.linesSoFar
const loopMs = Number(process.hrtime.bigint() - started) / 1e6
const counts = trace.lines ?? {}
process.stdout.write(
  JSON.stringify({
    lines,
    cycles: counts.cycles ?? null,
    unrecognized: counts.unrecognized ?? null,
    segments: Array.isArray(trace.segments) ? trace.segments.length : null,
    loopMs,
    heapUsedMB: process.memoryUsage().heapUsed / 2 ** 20,
    maxRssMB: process.resourceUsage().maxRSS / 1024,
  }) + '\n',
)
