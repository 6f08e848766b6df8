// Baseline 1: Node's readline splitting the file into lines, counting them. Nothing else.
// Prints one JSON line: {lines, loopMs}. loopMs is the time from opening the file to the last
// line, without Node's own start-up.
import {createReadStream} from 'node:fs'
import {createInterface} from 'node:readline'

const file = process.argv[2]
const started = process.hrtime.bigint()
const rl = createInterface({input: createReadStream(file), crlfDelay: Infinity})
let lines = 0
rl.on('line', () => {
  lines++
})
rl.on('close', () => {
  const loopMs = Number(process.hrtime.bigint() - started) / 1e6
  process.stdout.write(JSON.stringify({lines, loopMs}) + '\n')
})
