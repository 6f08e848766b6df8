// Baseline 2: Node's readline plus one hand-written regular expression for the Go 1.19 gc line,
// extracting the cycle number, the clock, the heap triple and the goal as numbers. It reads only
// whole, uncut gc lines (no splices, no other line kinds): the floor a real parser is held to.
// Prints one JSON line: {lines, cycles, loopMs, check}. `check` folds the extracted numbers
// together so that none of the work can be skipped.
import {createReadStream} from 'node:fs'
import {createInterface} from 'node:readline'

const GC_119 = /^gc (\d+) @(\d+\.\d+)s \d+%: [\d.+]+ ms clock, [\d.+/]+ ms cpu, (\d+)->(\d+)->(\d+) MB, (\d+) MB goal, \d+ MB stacks, \d+ MB globals, \d+ P/

const file = process.argv[2]
const started = process.hrtime.bigint()
const rl = createInterface({input: createReadStream(file), crlfDelay: Infinity})
let lines = 0
let cycles = 0
let check = 0
rl.on('line', (line) => {
  lines++
  const m = GC_119.exec(line)
  if (m === null) return
  cycles++
  const seq = Number(m[1])
  const at = Number(m[2])
  const heapStart = Number(m[3])
  const heapEnd = Number(m[4])
  const heapLive = Number(m[5])
  const goal = Number(m[6])
  check = (check + seq + at + heapStart + heapEnd + heapLive + goal) % 1e9
})
rl.on('close', () => {
  const loopMs = Number(process.hrtime.bigint() - started) / 1e6
  process.stdout.write(JSON.stringify({lines, cycles, loopMs, check}) + '\n')
})
