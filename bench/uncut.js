// How much of the gap to readline + regex the cut lines are: a design experiment, not part of
// `npm run bench`. The input is copied without its cut lines — every line the baseline's own
// regexps do not read as a whole Go 1.19 gc or scav line, yet that holds runtime text (a cut
// line's head, its tail) — so that what is left is the whole lines and the app lines around them.
// Then the parse loop (bench/parse-only.js) and readline + regex (bench/baseline-regex.js) run in
// turn on both files, as child processes, ROUNDS times. The baseline reads no cut line at all (its
// regexp fails on one); the parse mends every one. Prints one JSON line per round and file:
// {file, regexMs, parseMs, ratio}; the copy is made once beside the input (`….uncut.log`).
//
// Usage: node bench/uncut.js [FILE] [ROUNDS]   (default bench/.cache/trace-1m.log, 3 rounds)
import {execFileSync} from 'node:child_process'
import {createReadStream, createWriteStream, existsSync, renameSync, statSync} from 'node:fs'
import {once} from 'node:events'
import {createInterface} from 'node:readline'

const file = process.argv[2] ?? new URL('.cache/trace-1m.log', import.meta.url).pathname
const rounds = Number(process.argv[3] ?? 3)
const uncut = file.replace(/(\.log)?$/, '.uncut.log')

// Whole lines as the baseline reads them (bench/baseline-regex.js), anchored at both ends.
const WHOLE_GC = /^gc \d+ @\d+\.\d+s \d+%: [\d.+]+ ms clock, [\d.+/]+ ms cpu, \d+->\d+->\d+ MB, \d+ MB goal, \d+ MB stacks, \d+ MB globals, \d+ P( \(forced\))?$/
const WHOLE_SCAV = /^scav \d+ KiB work, \d+ KiB total, \d+% util$/
// Runtime text anywhere in a line (byte-lines.ts's needles): an app line holds none of it.
const RUNTIME_TEXT = /gc|sc|GC|pacer: | MB | ms c| KiB work|% util/

if (!existsSync(uncut) || statSync(uncut).mtimeMs < statSync(file).mtimeMs) {
  const partial = `${uncut}.partial`
  const out = createWriteStream(partial)
  let kept = 0
  let dropped = 0
  for await (const line of createInterface({input: createReadStream(file), crlfDelay: Infinity})) {
    if (WHOLE_GC.test(line) || WHOLE_SCAV.test(line) || !RUNTIME_TEXT.test(line)) {
      if (!out.write(`${line}\n`)) await once(out, 'drain')
      kept++
    } else dropped++
  }
  out.end()
  await once(out, 'finish')
  renameSync(partial, uncut)
  process.stderr.write(`${uncut}: ${kept} lines kept, ${dropped} dropped (cut lines' heads and tails, pacer lines, GC forced notices)\n`)
}

const loopMs = (script, input) => JSON.parse(execFileSync(process.execPath, [new URL(script, import.meta.url).pathname, input], {encoding: 'utf8', maxBuffer: 1 << 20})).loopMs
for (let round = 1; round <= rounds; round++) {
  for (const input of [uncut, file]) {
    const regexMs = loopMs('baseline-regex.js', input)
    const parseMs = loopMs('parse-only.js', input)
    process.stdout.write(JSON.stringify({round, file: input, regexMs: Math.round(regexMs), parseMs: Math.round(parseMs), ratio: Number((regexMs / parseMs).toFixed(3))}) + '\n')
  }
}
