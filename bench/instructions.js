// How many machine instructions the parse takes, for builds side by side: a design experiment, not
// part of `npm run bench`. Wall-clock times on a shared machine swing by ±50 % from one run to
// the next, far more than a step of a few per cent; an instruction count does not. Each build's
// bench/parse-only.js runs under valgrind's cachegrind (no cache simulation), with V8 on one
// thread (`--single-threaded`: no background compiler or collector, whose timing otherwise moves
// the count by ±1 %), and the same on a 20-line file, whose count (Node's start-up and loading
// the modules) is taken off. Prints one JSON line per build: {dist, instructions, startUp, parse}.
// Counts are not times (a log2 is one call, a division one instruction), so a change that moves
// them by less than ~0.5 % is noise here, and a kept change is also timed.
//
// Usage: node bench/instructions.js [FILE] DIST [DIST …]   (default FILE bench/.cache/trace-100k.log;
// DIST: a build's dist/ directory, e.g. ./dist and a worktree's). Needs valgrind (apt-get install valgrind).
import {execFileSync, spawn} from 'node:child_process'
import {existsSync, readFileSync, statSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join, resolve} from 'node:path'

const here = new URL('.', import.meta.url).pathname
const args = process.argv.slice(2)
const file = args.length > 0 && existsSync(args[0]) && statSync(args[0]).isFile() ? args.shift() : `${here}.cache/trace-100k.log`
// The start-up's file: the first 20 lines of a recording, as the bench's start-up row reads.
const small = join(tmpdir(), 'gctrace-instructions-20-lines.log')
writeFileSync(small, readFileSync(resolve(here, '../fixtures/recordings/go1.19-healthy-steady/trace.log'), 'utf8').split('\n').slice(0, 20).join('\n') + '\n')
if (args.length === 0) {
  process.stderr.write('usage: node bench/instructions.js [FILE] DIST [DIST …]\n')
  process.exit(2)
}
try {
  execFileSync('valgrind', ['--version'], {stdio: 'ignore'})
} catch {
  process.stderr.write('bench/instructions.js: valgrind is not installed (apt-get install valgrind)\n')
  process.exit(3)
}

/** Instructions of bench/parse-only.js over `input` with the build in `dist`. */
function count(dist, input) {
  return new Promise((done, fail) => {
    const child = spawn('valgrind', ['--tool=cachegrind', '--cache-sim=no', '--cachegrind-out-file=/dev/null', process.execPath, '--single-threaded', `${here}parse-only.js`, input], {
      env: {...process.env, GCTRACE_DIST: resolve(dist)},
      stdio: ['ignore', 'ignore', 'pipe'],
    })
    let err = ''
    child.stderr.on('data', (data) => (err += data))
    child.on('close', () => {
      const refs = /I\s+refs:\s+([\d,]+)/.exec(err)
      if (refs === null) fail(new Error(`no count for ${dist}: ${err.slice(-300)}`))
      else done(Number((refs[1] ?? '').replaceAll(',', '')))
    })
  })
}

// Two at a time: the machine has two cores, and a count does not depend on what runs beside it.
for (let i = 0; i < args.length; i += 2) {
  const pair = args.slice(i, i + 2)
  const figures = await Promise.all(pair.map(async (dist) => ({dist, instructions: await count(dist, file), startUp: await count(dist, small)})))
  for (const {dist, instructions, startUp} of figures) process.stdout.write(JSON.stringify({dist, file, instructions, startUp, parse: instructions - startUp}) + '\n')
}
