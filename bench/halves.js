// How far the parse could go on two threads: a design experiment, not part of `npm run bench`.
// The file is split at the first line start after its middle; the main thread parses the first
// half with a TraceParser while a worker thread parses the second half with another, both fed
// bytes as `readInto` feeds a plain log. Nothing joins the two halves: the reader's state at the
// split (a held cut line, the last cycle and app line that mending scores against, the open
// segment) and the two halves' tables would have to be stitched, exactly, for this to be the
// product's parse (docs/benchmarks.md, "What 1.0 would take"). So this measures an upper bound:
// what two cores give before any stitching costs.
// Prints one JSON line: {loopMs, mainMs, workerMs, cycles, maxRssMB}; loopMs is from opening the
// file to both halves parsed (worker start-up included). Compare it with bench/baseline-regex.js
// and bench/parse-only.js on the same file.
//
// Usage: node bench/halves.js FILE   (GCTRACE_DIST=… for another build)
import {closeSync, openSync, readSync, statSync} from 'node:fs'
import {resolve} from 'node:path'
import {pathToFileURL} from 'node:url'
import {isMainThread, parentPort, Worker, workerData} from 'node:worker_threads'

const dist = process.env.GCTRACE_DIST ? pathToFileURL(`${resolve(process.env.GCTRACE_DIST)}/`).href : new URL('../dist/', import.meta.url).href
const CHUNK_BYTES = 64 << 10

/** Parses bytes [from, to) of `file` as one plain log; the parser's trace. */
async function parseRange(file, from, to) {
  const {TraceParser} = await import(new URL('src/trace/parse-trace.js', dist).href)
  const parser = new TraceParser()
  const fd = openSync(file, 'r')
  try {
    for (let at = from; at < to; ) {
      const chunk = Buffer.allocUnsafe(CHUNK_BYTES)
      const bytes = readSync(fd, chunk, 0, Math.min(CHUNK_BYTES, to - at), at)
      if (bytes === 0) break
      at += bytes
      parser.pushBytes(bytes === CHUNK_BYTES ? chunk : chunk.subarray(0, bytes))
    }
  } finally {
    closeSync(fd)
  }
  return parser.end()
}

if (isMainThread) {
  const file = process.argv[2]
  if (file === undefined) {
    process.stderr.write('usage: node bench/halves.js FILE\n')
    process.exit(2)
  }
  const started = process.hrtime.bigint()
  const size = statSync(file).size
  const probe = Buffer.alloc(1 << 20)
  const fd = openSync(file, 'r')
  const probed = readSync(fd, probe, 0, probe.length, Math.floor(size / 2))
  closeSync(fd)
  const newline = probe.subarray(0, probed).indexOf(0x0a)
  const split = newline < 0 ? size : Math.floor(size / 2) + newline + 1
  const worker = new Worker(new URL(import.meta.url), {workerData: {file, from: split, to: size}})
  const second = new Promise((done, fail) => {
    worker.once('message', done)
    worker.once('error', fail)
  })
  const first = await parseRange(file, 0, split)
  const mainMs = Number(process.hrtime.bigint() - started) / 1e6
  const {workerMs, cycles} = await second
  const loopMs = Number(process.hrtime.bigint() - started) / 1e6
  await worker.terminate()
  process.stdout.write(JSON.stringify({loopMs, mainMs, workerMs, cycles: first.lines.cycles + cycles, maxRssMB: process.resourceUsage().maxRSS / 1024}) + '\n')
} else {
  const started = process.hrtime.bigint()
  const {file, from, to} = workerData
  const trace = await parseRange(file, from, to)
  parentPort?.postMessage({workerMs: Number(process.hrtime.bigint() - started) / 1e6, cycles: trace.lines.cycles})
}
