// gctrace benchmark: `npm run bench` (builds first), or `node bench/run.js` on an existing build.
//
//   --quick            100 k cycles only (instead of 1 M and 5 M)
//   --only 1m|5m       one of the full run's inputs only
//   --runs N           repeat each large-file measurement N times and keep the median (default 1)
//   --ratio-runs N     runs of each of the ratio's three (readline, regex, parse only), in turn (default 3)
//   --startup-runs N   runs for each start-up median (default 10, at least 10)
//   --profile          also run `node --cpu-prof` on `analyze` of the first input and list the
//                      functions with the most self time
//   --no-docs          print only; leave docs/benchmarks.md alone
//   --render FILE      write docs/benchmarks.md from a saved run (bench/.cache/results-*.json)
//                      without measuring anything
//
// It builds its inputs under bench/.cache/ (see make-inputs.js), measures, prints every figure and
// writes them to docs/benchmarks.md between the markers. It asserts nothing: no figure fails it.
import {spawn, spawnSync} from 'node:child_process'
import {closeSync, cpSync, createReadStream, existsSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, rmSync, statSync, symlinkSync, writeFileSync, writeSync} from 'node:fs'
import {cpus, loadavg, release, totalmem} from 'node:os'
import {join, relative} from 'node:path'

import {ensureInput, findSources, modelRecording, ROOT, RSS_SOURCE} from './make-inputs.js'
import {summarizeProfile} from './profile-top.js'

const CACHE = join(ROOT, 'bench/.cache')
const DOCS = join(ROOT, 'docs/benchmarks.md')
/**
 * What is measured is a copy of the build taken when the script starts (bin/, dist/src/,
 * package.json; node_modules linked), so that a rebuild while a long run goes on cannot change the
 * code under test halfway through.
 */
const BUILD = join(CACHE, `build-${process.pid}`)
const CLI = join(BUILD, 'bin/run.js')
const NODE = process.execPath
const TIME = '/usr/bin/time'
const START = '<!-- bench:start -->'
const END = '<!-- bench:end -->'

// ---------------------------------------------------------------------------------------------
// Options

const argv = process.argv.slice(2)
const option = (name, fallback) => {
  const i = argv.indexOf(name)
  return i >= 0 && argv[i + 1] !== undefined ? Number(argv[i + 1]) : fallback
}
const QUICK = argv.includes('--quick')
const RUNS = Math.max(1, option('--runs', 1))
const RATIO_RUNS = Math.max(1, option('--ratio-runs', 3))
const STARTUP_RUNS = Math.max(10, option('--startup-runs', 10))
const PROFILE = argv.includes('--profile')
const WRITE_DOCS = !argv.includes('--no-docs')
const ONLY = argv.includes('--only') ? String(argv[argv.indexOf('--only') + 1]).split(',') : undefined
const SIZES = QUICK ? [{label: '100k', cycles: 100_000, rss: true, report: true, stamped: true}] : [
  {label: '1m', cycles: 1_000_000, rss: true, report: true, stamped: true},
  {label: '5m', cycles: 5_000_000, rss: false, report: false},
].filter((size) => ONLY === undefined || ONLY.includes(size.label))
if (SIZES.length === 0) {
  console.error(`bench: --only takes 1m or 5m`)
  process.exit(2)
}

// ---------------------------------------------------------------------------------------------
// Formatting

const int = (n) => Math.round(n).toLocaleString('en-US')
const fixed = (n, d = 1) => (n === null || n === undefined || Number.isNaN(n) ? 'n/a' : n.toFixed(d))
const mb = (bytes) => `${(bytes / 1e6).toFixed(1)} MB`
const secs = (ms) => (ms >= 10_000 ? `${(ms / 1000).toFixed(1)} s` : ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(0)} ms`)
const rate = (count, ms) => `${int((count * 1000) / ms)}/s`
const mbps = (bytes, ms) => `${((bytes / 1e6) * 1000) / ms >= 100 ? (((bytes / 1e6) * 1000) / ms).toFixed(0) : (((bytes / 1e6) * 1000) / ms).toFixed(1)} MB/s`
const rssMiB = (kb) => (kb === null || kb === undefined ? 'n/a' : `${(kb / 1024).toFixed(0)} MiB`)
const ratio = (a, b) => (a > 0 && b > 0 ? a / b : null)
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b)
  const mid = s.length >> 1
  return s.length % 2 === 1 ? s[mid] : (s[mid - 1] + s[mid]) / 2
}
const say = (text = '') => process.stdout.write(`${text}\n`)

// ---------------------------------------------------------------------------------------------
// Running children

const HAVE_TIME = (() => {
  if (!existsSync(TIME)) return false
  const probe = spawnSync(TIME, ['-v', 'true'], {encoding: 'utf8'})
  return probe.status === 0 && /Maximum resident set size/.test(probe.stderr)
})()

/**
 * Runs `args` (a command line) to completion. Returns wall time (spawn to exit, as seen here), peak
 * RSS of the child (from /usr/bin/time -v, else VmHWM polled from /proc every 20 ms), exit code,
 * and its stdout/stderr (kept up to 1 MB each).
 */
function runMeasured(args, {measureRss = true, env = process.env, stdinFile} = {}) {
  return new Promise((resolve) => {
    const timeFile = join(CACHE, `time-${process.pid}.txt`)
    const useTime = measureRss && HAVE_TIME
    const command = useTime ? [TIME, '-v', '-o', timeFile, ...args] : args
    const out = []
    const err = []
    let outBytes = 0
    let errBytes = 0
    let hwmKb = null
    const started = process.hrtime.bigint()
    // stdinFile: the child reads it through a pipe, as from a live program (not as a seekable file).
    const child = spawn(command[0], command.slice(1), {cwd: ROOT, env, stdio: [stdinFile === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe']})
    if (stdinFile !== undefined) {
      const source = createReadStream(stdinFile)
      source.pipe(child.stdin)
      child.stdin.on('error', () => source.destroy())
    }
    child.stdout.on('data', (d) => {
      if (outBytes < 1 << 20) out.push(d)
      outBytes += d.length
    })
    child.stderr.on('data', (d) => {
      if (errBytes < 1 << 20) err.push(d)
      errBytes += d.length
    })
    let poll
    if (measureRss && !useTime) {
      const read = () => {
        try {
          const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))
          if (m) hwmKb = Math.max(hwmKb ?? 0, Number(m[1]))
        } catch {
          // exited between polls
        }
      }
      poll = setInterval(read, 20)
    }
    child.on('close', (code, signal) => {
      const wallMs = Number(process.hrtime.bigint() - started) / 1e6
      if (poll) clearInterval(poll)
      let peakRssKb = hwmKb
      let exitCode = code
      if (useTime && existsSync(timeFile)) {
        const report = readFileSync(timeFile, 'utf8')
        const m = /Maximum resident set size \(kbytes\): (\d+)/.exec(report)
        if (m) peakRssKb = Number(m[1])
        const e = /Exit status: (\d+)/.exec(report)
        if (e) exitCode = Number(e[1])
        // time(1) says "Exit status: 0" for a child killed by a signal (Node aborts on heap exhaustion).
        const killed = /Command terminated by signal (\d+)/.exec(report)
        if (killed) exitCode = 128 + Number(killed[1])
        rmSync(timeFile, {force: true})
      }
      resolve({wallMs, peakRssKb, exitCode, signal, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8'), stdoutBytes: outBytes})
    })
  })
}

/** The last JSON line a helper script printed, or undefined. */
function jsonOf(result) {
  const last = result.stdout.trim().split('\n').at(-1)
  try {
    return JSON.parse(last)
  } catch {
    return undefined
  }
}

function failure(result) {
  const stderr = (result.stderr ?? '').trim()
  const why = (stderr.split('\n').find((l) => /error/i.test(l)) ?? stderr.split('\n').at(-1) ?? '').slice(0, 200)
  return `exit ${result.exitCode ?? result.signal}${why ? `: ${why}` : ''}`
}

/** Reads a file once so that every measurement after it finds it in the page cache. */
function warm(path) {
  return new Promise((resolve, reject) => {
    const s = createReadStream(path, {highWaterMark: 1 << 20})
    s.on('data', () => {})
    s.on('end', resolve)
    s.on('error', reject)
  })
}

/** Runs each of `measures` RATIO_RUNS times, one after another in turn; keeps each one's median run. */
async function mediansInTurn(measures) {
  const results = measures.map(() => [])
  for (let i = 0; i < RATIO_RUNS; i++) for (const [k, measure] of measures.entries()) results[k].push(await measure())
  return results.map(medianRun)
}

function medianRun(results) {
  const ok = results.filter((r) => r.exitCode === 0)
  if (ok.length === 0) return results[0]
  const key = (r) => r.loopMs ?? r.wallMs
  const sorted = ok.sort((a, b) => key(a) - key(b))
  return sorted[(sorted.length - 1) >> 1]
}

/** Runs `measure` `RUNS` times; keeps the run with the median wall time. */
async function medianOf(measure) {
  const results = []
  for (let i = 0; i < RUNS; i++) results.push(await measure())
  return medianRun(results)
}

// ---------------------------------------------------------------------------------------------
// What the CLI offers today

function cliHelp(args) {
  const r = spawnSync(NODE, [CLI, ...args, '--help'], {cwd: ROOT, encoding: 'utf8', env: {...process.env, NO_COLOR: '1'}})
  return {ok: r.status === 0, text: `${r.stdout}${r.stderr}`}
}

function detectFeatures() {
  const analyze = cliHelp(['analyze'])
  const report = cliHelp(['report'])
  let reportOut = null
  if (report.ok) {
    const m = /(--out(?:put)?(?:-file)?)[= ]/.exec(report.text) ?? /(-o)[, ]/.exec(report.text)
    reportOut = m ? m[1] : null
  }
  return {analyzeRss: analyze.ok && /--rss\b/.test(analyze.text), report: report.ok, reportOut}
}

// ---------------------------------------------------------------------------------------------
// Measurements

async function measureStartup(smallFile) {
  const version = []
  const small = []
  const env = {...process.env, NO_COLOR: '1'}
  for (let i = 0; i < 2; i++) {
    await runMeasured([NODE, CLI, '--version'], {measureRss: false, env})
    await runMeasured([NODE, CLI, 'analyze', smallFile], {measureRss: false, env})
  }
  let failed
  for (let i = 0; i < STARTUP_RUNS; i++) {
    // Interleaved, so that a slow moment of the machine hits both.
    const v = await runMeasured([NODE, CLI, '--version'], {measureRss: false, env})
    const a = await runMeasured([NODE, CLI, 'analyze', smallFile], {measureRss: false, env})
    if (v.exitCode !== 0) failed ??= `--version: ${failure(v)}`
    if (a.exitCode !== 0) failed ??= `analyze (20 lines): ${failure(a)}`
    version.push(v.wallMs)
    small.push(a.wallMs)
  }
  return {versionMs: median(version), smallAnalyzeMs: median(small), runs: STARTUP_RUNS, failed, versionText: (await runMeasured([NODE, CLI, '--version'], {measureRss: false})).stdout.trim()}
}

async function measureInput(meta, features, size) {
  const file = meta.trace.path
  const env = {...process.env, NO_COLOR: '1', ...(size.heapMiB === undefined ? {} : {NODE_OPTIONS: `--max-old-space-size=${size.heapMiB}`})}
  await warm(file)
  if (meta.rss) await warm(meta.rss.path)
  const r = {}
  const step = (name) => process.stdout.write(`  ${name}… `)
  const done = (result, extra = '') => say(result.exitCode === 0 ? `${secs(result.wallMs)}${extra}` : `failed (${failure(result)})`)

  // The ratio's three figures, each the median of RATIO_RUNS runs taken in turn (readline, regex,
  // parse, readline, …): on a shared machine one run of each swung the ratio by a third.
  const measured = (script, extraEnv = {}) => async () => {
    const x = await runMeasured([NODE, join(ROOT, script), file], {env: {...env, ...extraEnv}})
    return {...x, ...jsonOf(x)}
  }
  step(`readline, readline + regex, parse only: ${RATIO_RUNS} runs each, in turn (child processes)`)
  const [readline, regex, parse] = await mediansInTurn([
    measured('bench/baseline-readline.js'),
    measured('bench/baseline-regex.js'),
    measured('bench/parse-only.js', {GCTRACE_DIST: join(BUILD, 'dist')}),
  ])
  Object.assign(r, {readline, regex, parse})
  say('')
  step('  readline')
  done(r.readline, ` (loop ${secs(r.readline.loopMs ?? 0)}), ${int(r.readline.lines ?? 0)} lines`)
  step('  readline + regex')
  done(r.regex, ` (loop ${secs(r.regex.loopMs ?? 0)}), ${int(r.regex.cycles ?? 0)} whole gc lines matched`)
  step('  parse only (readInto + TraceParser, timed inside the process)')
  done(r.parse, r.parse.loopMs ? ` (loop ${secs(r.parse.loopMs)}), ${int(r.parse.cycles ?? 0)} cycles, ${int(r.parse.unrecognized ?? 0)} unrecognized` : '')

  step('gctrace analyze (end to end)')
  r.analyze = await medianOf(() => runMeasured([NODE, CLI, 'analyze', file], {env}))
  done(r.analyze)

  if (size.stamped) {
    const stamped = stampedCopy(file)
    step(`gctrace analyze, the same log with a stamp before every line (${mb(statSync(stamped).size)})`)
    r.stamped = {...(await medianOf(() => runMeasured([NODE, CLI, 'analyze', stamped], {env}))), inputBytes: statSync(stamped).size}
    done(r.stamped)
  }

  step('gctrace analyze - --passthrough (the live pipe: the file through a pipe, app lines to stdout)')
  r.live = await medianOf(() => runMeasured([NODE, CLI, 'analyze', '-', '--passthrough'], {env, stdinFile: file}))
  done(r.live)

  if (size.rss) {
    if (features.analyzeRss && meta.rss) {
      step('gctrace analyze --rss (end to end)')
      r.analyzeRss = await medianOf(() => runMeasured([NODE, CLI, 'analyze', file, '--rss', meta.rss.path], {env}))
      done(r.analyzeRss)
    } else {
      say('  gctrace analyze --rss: not available yet (analyze --help lists no --rss); skipped')
      r.analyzeRss = 'not available yet'
    }
  }

  if (size.report) {
    step('gctrace analyze --json (the whole document, every cycle, to stdout)')
    r.json = await medianOf(() => runMeasured([NODE, CLI, 'analyze', file, '--json'], {env}))
    done(r.json, `, output ${mb(r.json.stdoutBytes ?? 0)}`)
  }

  if (size.report) {
    if (features.report) {
      step('gctrace report (end to end)')
      const out = join(CACHE, `report-${size.label}`)
      rmSync(out, {recursive: true, force: true})
      const args = features.reportOut ? [NODE, CLI, 'report', file, features.reportOut, out] : [NODE, CLI, 'report', file]
      r.report = await medianOf(() => runMeasured(args, {env}))
      r.report.outputBytes = features.reportOut ? sizeOf(out) : r.report.stdoutBytes
      done(r.report, `, output ${mb(r.report.outputBytes ?? 0)}`)
    } else {
      say('  gctrace report: not available yet (no report command); skipped')
      r.report = 'not available yet'
    }
  }

  if (PROFILE && size === SIZES[0]) {
    step('node --cpu-prof gctrace analyze')
    const dir = join(CACHE, `profile-${size.label}`)
    rmSync(dir, {recursive: true, force: true})
    const x = await runMeasured([NODE, '--cpu-prof', '--cpu-prof-dir', dir, CLI, 'analyze', file], {env, measureRss: false})
    done(x)
    const profile = existsSync(dir) ? readdirSync(dir).find((f) => f.endsWith('.cpuprofile')) : undefined
    if (profile) r.profile = {path: relative(ROOT, join(dir, profile)), ...summarizeProfile(join(dir, profile), 12)}
  }
  return r
}

/**
 * The input with a stamp before every line (`Nov 25 18:45:24.123456 `, as `ts` from moreutils or a
 * syslog relay adds one, tails of cut gc lines included): a log whose runtime lines all carry a
 * prefix, which gctrace keeps per cycle without keeping the lines. Made once, beside the input.
 */
function stampedCopy(file) {
  const out = file.replace(/\.log$/, '.stamped.log')
  if (existsSync(out) && statSync(out).mtimeMs >= statSync(file).mtimeMs) return out
  // Latin-1 both ways: every byte kept as it is (the pacer's `∆goal` is UTF-8).
  const text = readFileSync(file, 'latin1')
  const pad = (n, width) => String(n).padStart(width, '0')
  // One write per 100,000 lines into a file opened once (a .part left by a killed run is overwritten).
  const fd = openSync(out + '.part', 'w')
  const parts = []
  const flush = () => {
    writeSync(fd, parts.join(''), null, 'latin1')
    parts.length = 0
  }
  let from = 0
  for (let i = 0; from < text.length; i++) {
    const end = text.indexOf('\n', from)
    const line = text.slice(from, end < 0 ? text.length : end)
    const s = Math.floor(i / 1000)
    parts.push(`Nov 25 ${pad(Math.floor(s / 3600) % 24, 2)}:${pad(Math.floor(s / 60) % 60, 2)}:${pad(s % 60, 2)}.${pad((i % 1000) * 1000, 6)} ${line}\n`)
    from = end < 0 ? text.length : end + 1
    if (parts.length === 100_000) flush()
  }
  flush()
  closeSync(fd)
  renameSync(out + '.part', out)
  return out
}

function sizeOf(path) {
  if (!existsSync(path)) return null
  const info = statSync(path)
  if (!info.isDirectory()) return info.size
  return readdirSync(path).reduce((sum, f) => sum + (sizeOf(join(path, f)) ?? 0), 0)
}

function snapshotBuild() {
  // Copies left by runs that are gone (one per run, so that two runs at once do not share one).
  for (const name of readdirSync(CACHE)) {
    const pid = /^build(?:-(\d+))?$/.exec(name)
    if (pid && (pid[1] === undefined || !existsSync(`/proc/${pid[1]}`))) rmSync(join(CACHE, name), {recursive: true, force: true})
  }
  rmSync(BUILD, {recursive: true, force: true})
  mkdirSync(join(BUILD, 'dist'), {recursive: true})
  cpSync(join(ROOT, 'dist/src'), join(BUILD, 'dist/src'), {recursive: true})
  cpSync(join(ROOT, 'bin'), join(BUILD, 'bin'), {recursive: true})
  for (const f of ['package.json', 'oclif.manifest.json']) if (existsSync(join(ROOT, f))) cpSync(join(ROOT, f), join(BUILD, f))
  symlinkSync(join(ROOT, 'node_modules'), join(BUILD, 'node_modules'), 'dir')
}

// ---------------------------------------------------------------------------------------------
// Machine

function machine() {
  const cpuinfo = existsSync('/proc/cpuinfo') ? readFileSync('/proc/cpuinfo', 'utf8') : ''
  const model = /^model name\s*:\s*(.+)$/m.exec(cpuinfo)?.[1] ?? cpus()[0]?.model ?? 'unknown'
  const git = (...args) => spawnSync('git', args, {cwd: ROOT, encoding: 'utf8'})
  const head = git('rev-parse', '--short', 'HEAD').stdout.trim() || 'unknown'
  const dirty = git('status', '--porcelain', '--untracked-files=no', '--', 'src', 'bin', 'package.json').stdout.trim() !== ''
  return {
    cpu: model,
    cores: cpus().length,
    memoryGiB: totalmem() / 2 ** 30,
    node: process.version,
    kernel: release(),
    date: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
    commit: dirty ? `${head} + uncommitted changes in src/` : head,
    loadStart: loadavg()[0],
    peakRssFrom: HAVE_TIME ? '/usr/bin/time -v (maximum resident set size)' : 'VmHWM from /proc/PID/status, polled every 20 ms',
  }
}

// ---------------------------------------------------------------------------------------------
// Report

function figuresFor(meta, r) {
  const bytes = meta.trace.bytes
  const lines = meta.trace.lines
  const rows = []
  const row = (what, result, timeMs, note = '') => {
    if (typeof result === 'string') return rows.push({what, cells: [result, '', '', '', note]})
    if (result === undefined) return
    if (result.exitCode !== 0) return rows.push({what, cells: [`failed: ${failure(result)}`, '', '', '', note]})
    rows.push({what, cells: [secs(timeMs), rate(lines, timeMs), mbps(bytes, timeMs), rssMiB(result.peakRssKb), note]})
  }
  row('readline (baseline 1)', r.readline, r.readline.wallMs, r.readline.loopMs ? `loop ${secs(r.readline.loopMs)}` : '')
  row('readline + regex (baseline 2)', r.regex, r.regex.wallMs, r.regex.loopMs ? `loop ${secs(r.regex.loopMs)}` : '')
  row('gctrace analyze', r.analyze, r.analyze.wallMs)
  if (r.stamped !== undefined) row('gctrace analyze, a stamp before every line', r.stamped, r.stamped.wallMs, `as \`ts\` or a syslog relay writes it: the same cycles in ${mb(r.stamped.inputBytes)}`)
  if (r.live !== undefined) row('gctrace analyze - --passthrough (live pipe)', r.live, r.live.wallMs, r.live.exitCode === 0 ? `target: keeps up with 100,000 lines/s` : '')
  if (r.analyzeRss !== undefined) row('gctrace analyze --rss', r.analyzeRss, r.analyzeRss.wallMs)
  if (r.json !== undefined) row('gctrace analyze --json', r.json, r.json.wallMs, r.json.exitCode === 0 ? `output ${mb(r.json.stdoutBytes)}` : '')
  if (r.report !== undefined) row('gctrace report', r.report, r.report.wallMs, r.report.outputBytes ? `output ${mb(r.report.outputBytes)}` : '')
  const parseOk = r.parse.exitCode === 0 && r.parse.loopMs > 0
  const parseRow = parseOk
    ? {what: 'parse only, in process (readInto + TraceParser)', cells: [secs(r.parse.loopMs), rate(lines, r.parse.loopMs), mbps(bytes, r.parse.loopMs), rssMiB(r.parse.peakRssKb), `loop time; child wall ${secs(r.parse.wallMs)}`]}
    : {what: 'parse only, in process', cells: [`failed: ${failure(r.parse)}`, '', '', '', '']}
  rows.push(parseRow)
  const ratios = {
    parseVsRegexLoop: parseOk ? ratio(r.regex.loopMs, r.parse.loopMs) : null,
    parseVsReadlineLoop: parseOk ? ratio(r.readline.loopMs, r.parse.loopMs) : null,
    analyzeVsRegexWall: r.analyze.exitCode === 0 ? ratio(r.regex.wallMs, r.analyze.wallMs) : null,
    analyzeVsReadlineWall: r.analyze.exitCode === 0 ? ratio(r.readline.wallMs, r.analyze.wallMs) : null,
  }
  return {rows, ratios}
}

function markdown({machine: m, inputs, startup, features, quick, only}) {
  const out = []
  const p = (s = '') => out.push(s)
  p(`Generated by \`npm run bench${quick ? ' -- --quick' : only ? ` -- --only ${only.join(',')}` : ''}\` on ${m.date}. Do not edit between the markers: the next run overwrites it.`)
  p()
  p('**Machine.**')
  p()
  p(`- CPU: ${m.cpu}, ${m.cores} logical cores`)
  p(`- Memory: ${m.memoryGiB.toFixed(1)} GiB; Linux ${m.kernel}`)
  p(`- Node ${m.node}; \`gctrace --version\`: ${startup.versionText || 'n/a'}; git ${m.commit}`)
  p(`- Load average (1 min) ${m.loadStart.toFixed(2)} at the start, ${loadavg()[0].toFixed(2)} at the end`)
  p(`- Peak RSS from ${m.peakRssFrom}`)
  p()
  p('**Inputs** (replayed real recordings, one consistent run each; see the top of this page):')
  p()
  p('| input | cycles | lines | size | cycles cut by app output | span of the trace | RSS samples |')
  p('| --- | ---: | ---: | ---: | ---: | ---: | --- |')
  for (const {meta} of inputs) {
    const t = meta.trace
    const rss = meta.rss ? `${int(meta.rss.rows)} rows, ${mb(meta.rss.bytes)}` : '—'
    p(`| \`bench/.cache/${t.path.split('/').at(-1)}\` | ${int(t.cycles)} | ${int(t.lines)} | ${mb(t.bytes)} | ${int(t.splicedCycles)} | ${(t.durationS / 3600).toFixed(1)} h | ${rss} |`)
  }
  p()
  for (const {meta, results, heapMiB} of inputs) {
    const {rows, ratios} = figuresFor(meta, results)
    const heap = heapMiB ? `; every run with \`NODE_OPTIONS=--max-old-space-size=${heapMiB}\`` : ''
    p(`**${int(meta.trace.cycles)} cycles** (${mb(meta.trace.bytes)}, ${int(meta.trace.lines)} lines${heap}):`)
    p()
    p('| what | time | lines/s | MB/s | peak RSS | note |')
    p('| --- | ---: | ---: | ---: | ---: | --- |')
    for (const r of rows) p(`| ${r.what} | ${r.cells.join(' | ')} |`)
    p()
    p(`Ratios (≥ 1.0: gctrace at least as fast as the baseline):`)
    p()
    p(`- **parse vs readline + regex, loop time: ${fixed(ratios.parseVsRegexLoop, 3)}** (target ≥ 1.0)`)
    p(`- parse vs readline alone, loop time: ${fixed(ratios.parseVsReadlineLoop, 3)}`)
    p(`- analyze vs readline + regex, wall time of the child processes: ${fixed(ratios.analyzeVsRegexWall, 3)}`)
    p(`- analyze vs readline alone, wall time of the child processes: ${fixed(ratios.analyzeVsReadlineWall, 3)}`)
    p()
    if (results.profile) {
      const pr = results.profile
      p(`CPU profile of \`analyze\` on this input (\`node --cpu-prof\`, ${secs(pr.totalMs)} sampled), most self time:`)
      p()
      p('| self | share | function | where |')
      p('| ---: | ---: | --- | --- |')
      for (const f of pr.functions) p(`| ${secs(f.selfMs)} | ${(100 * f.share).toFixed(1)} % | \`${f.name}\` | ${f.where} |`)
      p()
      p(`Total time (self + callees) of gctrace's own functions: ${pr.inclusive.slice(0, 8).map((f) => `\`${f.name}\` ${(100 * f.share).toFixed(0)} %`).join(', ')}.`)
      p()
      p(`By file: ${pr.files.slice(0, 6).map((f) => `${f.file} ${(100 * f.share).toFixed(0)} %`).join(', ')}.`)
      p()
    }
  }
  p(`**Start-up** (median of ${startup.runs} runs each, interleaved):`)
  p()
  p(`- \`gctrace --version\`: ${secs(startup.versionMs)}`)
  p(`- \`gctrace analyze\` on a 20-line file: ${secs(startup.smallAnalyzeMs)} (${fixed(ratio(startup.smallAnalyzeMs, startup.versionMs), 2)}× \`--version\`; target ≤ 1.5×)`)
  if (startup.failed) p(`- failed: ${startup.failed}`)
  p()
  const missing = []
  if (!features.analyzeRss) missing.push('`analyze --rss`')
  if (!features.report) missing.push('`report`')
  if (missing.length > 0) p(`Not available yet, so not measured: ${missing.join(', ')}.`)
  return out.join('\n')
}

const INTRO = `# Benchmarks

How fast \`gctrace\` reads a large GC trace, next to two baselines measured in the same run on the
same file. The section between the markers below is written by the benchmark script; text outside
it is kept.

## Running it

\`\`\`sh
npm run bench -- --quick   # 100 k cycles (~35 MB): for a quick look while working on the parser
npm run bench              # 1 M and 5 M cycles (~0.35 and ~1.7 GB): the figures to quote
node bench/run.js --profile --no-docs   # add a CPU profile of analyze; print only
\`\`\`

\`npm run bench\` builds first; the script then measures a copy of that build (\`bench/.cache/build/\`),
so a rebuild during a long run does not change the code under test. Inputs are generated once into
\`bench/.cache/\` (git-ignored; the full run needs ~2.5 GB there) and reused while the recordings and
the generator are unchanged. Other options: \`--runs N\` (median of N runs of every large-file
measurement), \`--ratio-runs N\` (default 3: the ratio's three figures — readline, readline +
regex, parse only — are taken in turn N times and each one's median kept; one run of each swung
the ratio by a third on a shared machine), \`--startup-runs N\` (default 10), \`--only 1m\` (or \`5m\`), \`--profile\` (one more
\`analyze\` of the first input under \`node --cpu-prof\`; the profile stays in \`bench/.cache/\` and its
summary goes into the results), \`--no-docs\`. \`node bench/profile-top.js FILE.cpuprofile\` summarises
any profile. The script prints and writes figures; it asserts nothing, and the figures depend on
what else the machine is doing (the load average is recorded with them).

## The inputs

Each input replays real recordings line for line, in rounds: every distinct Go 1.19 recording in
\`fixtures/recordings/\` (and \`/work/shared/traces/\` when present), \`go1.19-stderr-splices\` first.
That recording (4,638 cycles in 4 s, app log lines on the same stderr, 1,259 gc lines cut apart by
log lines) makes up ~90 % of every round; the others add idle phases, forced GCs, scavenger, pacer
and "GC forced" lines. App lines and the pieces of spliced lines are written as recorded; only
\`gc N\` and \`@T.TTTs\` inside runtime text are rewritten, so that the whole file is one run of one
process (cycle numbers continue, the clock never goes back), and a cut line is cut again at the same
place in its runtime text. The RSS sample CSV (for \`analyze --rss\`) stretches the real samples of
\`${relative(ROOT, RSS_SOURCE)}\` over the span of the trace,
one row every 250 ms, in the recording format.

## What each figure means

- **readline (baseline 1)**: a Node script that splits the file into lines with \`node:readline\`
  and counts them. Child process; *time* is its wall time including Node's start-up, *loop* the
  time it measured itself from opening the file to the last line.
- **readline + regex (baseline 2)**: the same, plus one hand-written regular expression for the Go
  1.19 gc line, extracting cycle number, clock, heap triple and goal as numbers. It reads whole gc
  lines only: no splices, no other line kinds, no checks.
- **gctrace analyze**: \`bin/run.js analyze FILE\` as a child process, end to end (start-up, parse,
  analysis, text output). \`analyze --rss\` is the same with the RSS CSV; \`analyze --json\` with
  the JSON document on stdout (every cycle, scavenger report and pacer line), with its size;
  \`report\` the report command, with the size of what it wrote.
- **a stamp before every line**: \`analyze\` of a copy of the 1 M input with
  \`Nov 25 HH:MM:SS.ffffff \` before every line, as \`ts\` (moreutils) or a syslog relay writes it —
  the tails of cut gc lines stamped too. Made once beside the input (\`trace-1m.stamped.log\`),
  byte for byte otherwise. Same cycles; it shows that memory follows the cycles, not the bytes.
- **parse only, in process**: \`openInput\` → \`readInto\` → \`TraceParser\` (what \`analyze\` reads a file with:
  lines until the log's format is known, then a plain log as bytes) in a fresh Node process,
  timed inside it (no start-up, no analysis, no rendering); its peak RSS is that process's.
- **lines/s, MB/s**: lines and bytes of the input divided by the time in the same row (MB = 10⁶
  bytes). **peak RSS**: the child process's maximum resident set size.
- **Ratios**: baseline time ÷ gctrace time, so ≥ 1.0 means gctrace is at least as fast. The parse
  target compares loop times (parse only vs readline + regex), which leaves out the same Node
  start-up on both sides; the wall-time ratios compare whole child processes.
- **Start-up**: medians of \`gctrace --version\` and of \`gctrace analyze\` on a 20-line file
  (\`fixtures/recordings/go1.19-healthy-steady/trace.log\`, first 20 lines).

## Results

`

function writeDocs(section) {
  const block = `${START}\n${section}\n${END}`
  let text = existsSync(DOCS) ? readFileSync(DOCS, 'utf8') : `${INTRO}${START}\n${END}\n`
  const a = text.indexOf(START)
  const b = text.indexOf(END)
  if (a >= 0 && b > a) text = `${text.slice(0, a)}${block}${text.slice(b + END.length)}`
  else text = `${text.replace(/\n*$/, '\n\n')}${block}\n`
  mkdirSync(join(ROOT, 'docs'), {recursive: true})
  writeFileSync(DOCS, text)
}

// ---------------------------------------------------------------------------------------------
// Main

/** A result without the children's output, for saving. */
function slim(results) {
  const out = {}
  for (const [k, v] of Object.entries(results)) {
    out[k] = v !== null && typeof v === 'object' && 'wallMs' in v ? {...v, stdout: undefined, stderr: v.exitCode === 0 ? undefined : v.stderr.slice(-2000)} : v
  }
  return out
}

async function main() {
  mkdirSync(CACHE, {recursive: true})
  if (argv.includes('--render')) {
    const saved = argv[argv.indexOf('--render') + 1]
    writeDocs(markdown(JSON.parse(readFileSync(saved, 'utf8'))))
    say(`wrote ${relative(ROOT, DOCS)} from ${saved}`)
    return
  }
  if (!existsSync(join(ROOT, 'dist/src/commands/analyze.js'))) {
    console.error('bench: dist/ is missing; run `npm run build` (npm run bench does it)')
    process.exit(2)
  }
  const started = Date.now()
  snapshotBuild()
  say(`gctrace benchmark${QUICK ? ' (--quick)' : ''}`)
  const m = machine()
  say(`machine: ${m.cpu}, ${m.cores} cores, ${m.memoryGiB.toFixed(1)} GiB, Node ${m.node}, git ${m.commit}`)
  say(`peak RSS from ${m.peakRssFrom}`)

  const features = detectFeatures()
  say(`analyze --rss: ${features.analyzeRss ? 'available' : 'not available yet'}; report: ${features.report ? 'available' : 'not available yet'}`)

  // Inputs.
  const sources = findSources()
  const models = sources.map(modelRecording)
  const inputs = []
  for (const size of SIZES) {
    const meta = ensureInput(CACHE, size.label, size.cycles, {withRss: size.rss, sources, models, log: (s) => say(s)})
    inputs.push({size, meta})
  }
  const small = join(CACHE, 'small-20-lines.log')
  const healthy = readFileSync(join(ROOT, 'fixtures/recordings/go1.19-healthy-steady/trace.log'), 'utf8').split('\n').slice(0, 20)
  writeFileSync(small, `${healthy.join('\n')}\n`)

  // Start-up.
  say()
  say(`start-up (median of ${STARTUP_RUNS} runs each)…`)
  const startup = await measureStartup(small)
  say(`  gctrace --version            ${secs(startup.versionMs)}`)
  say(`  gctrace analyze (20 lines)   ${secs(startup.smallAnalyzeMs)}  (${fixed(ratio(startup.smallAnalyzeMs, startup.versionMs), 2)}× --version)`)
  if (startup.failed) say(`  failed: ${startup.failed}`)

  // Large inputs.
  for (const input of inputs) {
    const t = input.meta.trace
    say()
    say(`${int(t.cycles)} cycles: ${relative(ROOT, t.path)}, ${mb(t.bytes)}, ${int(t.lines)} lines${input.meta.rss ? `; RSS samples ${relative(ROOT, input.meta.rss.path)}, ${mb(input.meta.rss.bytes)}` : ''}`)
    input.results = await measureInput(input.meta, features, input.size)
    const {rows, ratios} = figuresFor(input.meta, input.results)
    say()
    const widths = [52, 10, 12, 10, 10]
    say(`  ${'what'.padEnd(widths[0])}${['time', 'lines/s', 'MB/s', 'peak RSS'].map((h, i) => h.padStart(widths[i + 1])).join('')}  note`)
    for (const r of rows) {
      const [time, lps, mbs, rss, note] = r.cells
      if (lps === '') say(`  ${r.what.padEnd(widths[0])}${time}`)
      else say(`  ${r.what.padEnd(widths[0])}${[time, lps, mbs, rss].map((c, i) => String(c).padStart(widths[i + 1])).join('')}  ${note ?? ''}`)
    }
    say(`  ratio parse / (readline + regex), loop time:   ${fixed(ratios.parseVsRegexLoop, 3)}   (≥ 1.0: at least as fast)`)
    say(`  ratio parse / readline, loop time:             ${fixed(ratios.parseVsReadlineLoop, 3)}`)
    say(`  ratio analyze / (readline + regex), wall time: ${fixed(ratios.analyzeVsRegexWall, 3)}`)
    say(`  ratio analyze / readline, wall time:           ${fixed(ratios.analyzeVsReadlineWall, 3)}`)
    if (input.results.profile) {
      const pr = input.results.profile
      say(`  cpu profile ${pr.path}, ${secs(pr.totalMs)} sampled; most self time:`)
      for (const f of pr.functions) say(`    ${(100 * f.share).toFixed(1).padStart(5)} %  ${secs(f.selfMs).padStart(8)}  ${f.name}  ${f.where}`)
      say(`    total time (self + callees): ${pr.inclusive.slice(0, 8).map((f) => `${f.name} ${(100 * f.share).toFixed(0)} %`).join(', ')}`)
      say(`    by file: ${pr.files.slice(0, 6).map((f) => `${f.file} ${(100 * f.share).toFixed(0)} %`).join(', ')}`)
    }
  }

  const run = {machine: m, inputs: inputs.map(({meta, results, size}) => ({meta, results: slim(results), heapMiB: size.heapMiB ?? null})), startup, features, quick: QUICK, only: ONLY}
  const saved = join(CACHE, `results-${QUICK ? 'quick' : ONLY ? ONLY.join('-') : 'full'}.json`)
  writeFileSync(saved, JSON.stringify(run, null, 1))
  say()
  say(`saved ${relative(ROOT, saved)}`)
  rmSync(BUILD, {recursive: true, force: true})
  const section = markdown(run)
  if (WRITE_DOCS) {
    writeDocs(section)
    say()
    say(`wrote ${relative(ROOT, DOCS)}`)
  }
  say(`done in ${secs(Date.now() - started)}`)
}

await main()
