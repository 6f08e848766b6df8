// gctrace run as a user runs it, with real Go programs (fixtures/programs/exit-code, built with Go
// 1.19 when it is installed; otherwise these tests only log that they were skipped).
import test, {type ExecutionContext} from 'ava'
import {spawn} from 'node:child_process'
import {existsSync, mkdirSync, mkdtempSync, readFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import {splitCommand} from '../../src/commands/run.js'
import {messages} from '../../src/messages.js'
import {buildProgram, GO, goOrSkip} from '../helpers/go.js'
import {parseText} from '../helpers/parse.js'
import {runBin} from '../helpers/paths.js'
import {skipWith} from '../helpers/skip.js'

const tmp = mkdtempSync(join(tmpdir(), 'gctrace-run-'))
let outs = 0
const freshDir = () => join(tmp, `rec-${++outs}`)

interface Run {
  code: number | null
  signal: NodeJS.Signals | null
  stdout: Buffer
  stderr: Buffer
}

interface RunOptions {
  env?: NodeJS.ProcessEnv
  input?: Buffer
  /** Called with the gctrace process once stdout has shown `waitFor`. */
  whenStdout?: {waitFor: string; then: (pid: number) => void}
  cwd?: string
}

/**
 * Runs bin/run.js with the given arguments. It runs in a session of its own (no controlling
 * terminal), as under CI, so that gctrace passes signals on rather than assuming a terminal sent
 * them to the whole process group.
 */
function gctrace(args: string[], options: RunOptions = {}): Promise<Run> {
  return new Promise((resolve) => {
    const env = {...process.env, ...options.env}
    for (const [key, value] of Object.entries(options.env ?? {})) if (value === undefined) delete env[key]
    const child = spawn(process.execPath, [runBin, ...args], {env, detached: true, stdio: ['pipe', 'pipe', 'pipe'], cwd: options.cwd ?? tmp})
    const stdout: Buffer[] = []
    const stderr: Buffer[] = []
    let fired = false
    child.stdout.on('data', (chunk: Buffer) => {
      stdout.push(chunk)
      if (options.whenStdout !== undefined && !fired && Buffer.concat(stdout).includes(options.whenStdout.waitFor)) {
        fired = true
        options.whenStdout.then(child.pid as number)
      }
    })
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk))
    child.stdin.end(options.input ?? Buffer.alloc(0))
    child.on('close', (code, signal) => resolve({code, signal, stdout: Buffer.concat(stdout), stderr: Buffer.concat(stderr)}))
  })
}

/** The test, or a log line saying why it was skipped. */
function withGo(title: string, body: (t: ExecutionContext, program: string) => Promise<void>) {
  test(title, async (t) => {
    if (goOrSkip(t) === undefined) return
    await body(t, await buildProgram('exit-code'))
  })
}

const meta = (dir: string) => JSON.parse(readFileSync(join(dir, 'meta.json'), 'utf8'))
const text = (b: Buffer) => b.toString('utf8')

withGo('exit code 0, and the analysis on stderr; the recording has every file and reads back with analyze DIR', async (t, program) => {
  const out = freshDir()
  const run = await gctrace(['run', '--out', out, '--', program, '-stderr-lines', '20000', '-rate', '200000'])
  t.is(run.code, 0, text(run.stderr).slice(-2000))
  t.regex(text(run.stderr), /gctrace: .*exit-code exited with code 0 after [\d.]+ s; recording in /)
  t.regex(text(run.stderr), /Segment 1 of 1 · Go 1\.19/)
  for (const file of ['trace.log', 'stdout.log', 'meta.json']) t.true(existsSync(join(out, file)), file)
  const m = meta(out)
  t.is(m.exitCode, 0)
  t.is(m.signal, null)
  t.regex(m.goVersion, /^go1\.19\./)
  t.is(m.command, program)
  t.deepEqual(m.args, ['-stderr-lines', '20000', '-rate', '200000'])
  t.is(typeof m.startEpochMs, 'number')
  t.is(typeof m.durationS, 'number')
  t.is(typeof m.kernel, 'string')
  t.true('thp' in m && 'cgroup' in m)
  t.true(readFileSync(join(out, 'stdout.log')).equals(run.stdout))
  const again = await gctrace(['analyze', out, '--json'])
  t.is(again.code, 0, text(again.stderr))
  const json = JSON.parse(text(again.stdout))
  t.true(json.lines.cycles > 0)
  t.is(json.diagnosis.goVersions.exact, true)
})

withGo('exit code 3 is passed on', async (t, program) => {
  const out = freshDir()
  const run = await gctrace(['run', '--out', out, '--', program, '-exit', '3'])
  t.is(run.code, 3)
  t.is(meta(out).exitCode, 3)
  t.regex(text(run.stderr), /exited with code 3/)
})

withGo('a program killed by a signal gives 128 + N (SIGKILL 137, SIGTERM 143), and the recording says which', async (t, program) => {
  for (const [name, code] of [['KILL', 137], ['TERM', 143]] as const) {
    const out = freshDir()
    const run = await gctrace(['run', '--out', out, '--', program, '-signal', name])
    t.is(run.code, code, name)
    const m = meta(out)
    t.is(m.exitCode, null)
    t.is(m.signal, `SIG${name}`)
    t.regex(text(run.stderr), new RegExp(`was ended by SIG${name} \\(exit code ${code}\\)`))
  }
})

test('a command that is not there: 127, one line, no recording left behind; a directory: 126', async (t) => {
  const out = freshDir()
  const run = await gctrace(['run', '--out', out, '--', 'gctrace-no-such-command-xyz', '-x'])
  t.is(run.code, 127)
  t.is(text(run.stderr), `gctrace: ${messages.commandNotFound('gctrace-no-such-command-xyz')}\n`)
  t.false(existsSync(out))
  const missingPath = await gctrace(['run', '--out', freshDir(), '--', './not-here'])
  t.is(missingPath.code, 127)
  const dir = join(tmp, 'a-directory')
  mkdirSync(dir, {recursive: true})
  const directory = await gctrace(['run', '--out', freshDir(), '--', dir])
  t.is(directory.code, 126)
  t.regex(text(directory.stderr), /cannot run it \(a directory\)/)
})

test('the command comes after --, or after the last flag of run when -- is left out', (t) => {
  t.deepEqual(splitCommand(['--out', 'x', '--', './s', '--out', 'y']), {before: ['--out', 'x'], command: ['./s', '--out', 'y']})
  t.deepEqual(splitCommand(['--out', 'x', './s', '-v']), {before: ['--out', 'x'], command: ['./s', '-v']})
  t.deepEqual(splitCommand(['--json', 'prog']), {before: ['--json'], command: ['prog']})
  t.deepEqual(splitCommand(['--json']), {before: ['--json'], command: []})
})

test('no command: exit 2 with the usage hint', async (t) => {
  const run = await gctrace(['run', '--out', freshDir()])
  t.is(run.code, 2)
  t.is(text(run.stderr), `gctrace: ${messages.runNoCommand()}\n`)
})

withGo('a program that exits at once, printing nothing: the recording is kept and the analysis says why it is empty', async (t, program) => {
  const out = freshDir()
  const run = await gctrace(['run', '--out', out, '--', program, '-quiet'])
  t.is(run.code, 0)
  t.is(run.stdout.length, 0)
  t.regex(text(run.stderr), /gctrace: no gctrace lines: the program ended after [\d.]+ s without a garbage collection/)
  t.regex(text(run.stderr), new RegExp(`the recording is kept in ${out}`))
  t.is(readFileSync(join(out, 'trace.log')).length, 0)
  t.is(meta(out).exitCode, 0)
  // --json still prints one document.
  const json = await gctrace(['run', '--json', '--out', freshDir(), '--', program, '-quiet'])
  t.is(json.code, 0)
  t.deepEqual(JSON.parse(text(json.stdout)).segments, [])
})

test('a program that is not Go: the analysis says so', async (t) => {
  const out = freshDir()
  const run = await gctrace(['run', '--out', out, '--', '/bin/sh', '-c', 'echo hello; echo to-stderr >&2'])
  t.is(run.code, 0)
  t.is(text(run.stdout), 'hello\n')
  t.true(text(run.stderr).startsWith('to-stderr\n'))
  t.regex(text(run.stderr), /no gctrace lines: \/bin\/sh is not a Go program/)
  t.is(meta(out).goVersion, null)
})

withGo('GODEBUG: the user’s settings are kept and gctrace=1,scavtrace=1 added; GOGC and GOMEMLIMIT untouched and recorded', async (t, program) => {
  const out = freshDir()
  const run = await gctrace(['run', '--out', out, '--', program, '-print-env'], {env: {GODEBUG: 'madvdontneed=1', GOGC: '200', GOMEMLIMIT: '1GiB', GOMAXPROCS: undefined}})
  t.is(run.code, 0)
  t.is(text(run.stdout), 'GODEBUG=madvdontneed=1,gctrace=1,scavtrace=1\nGOGC=200\nGOMEMLIMIT=1GiB\nGOMAXPROCS=<unset>\n')
  const m = meta(out)
  t.deepEqual(m.env, {GODEBUG: 'madvdontneed=1,gctrace=1,scavtrace=1', GOGC: '200', GOMEMLIMIT: '1GiB', GOMAXPROCS: null})
  t.is(m.godebugUser, 'madvdontneed=1')
  t.deepEqual(m.godebugAdded, ['gctrace=1', 'scavtrace=1'])
  // gctrace=0 is the user's and is kept: no trace, and the analysis says why.
  const off = await gctrace(['run', '--out', freshDir(), '--', program, '-print-env', '-stderr-lines', '2000', '-rate', '100000'], {env: {GODEBUG: 'gctrace=0'}})
  t.is(off.code, 0)
  t.true(text(off.stdout).startsWith('GODEBUG=gctrace=0,scavtrace=1\n'))
  t.regex(text(off.stderr), /no gctrace lines: GODEBUG sets gctrace=0/)
})

/** What exit-code -stderr-lines N writes itself to stderr: appLine(i) of main.go, byte for byte. */
function appStream(n: number): Buffer {
  const parts: Buffer[] = []
  for (let i = 0; i < n; i++) {
    const body = `app line ${i} of the flood, some padding to look like a log line`
    if (i % 7 === 3) parts.push(Buffer.from(body + ' bad utf-8 \xff\xfe here\n', 'latin1'))
    else if (i % 11 === 5) parts.push(Buffer.from(body + ' windows line end\r\n'))
    else if (i % 13 === 6) parts.push(Buffer.from(body + ' ünïcödé ∆ ok\n'))
    else parts.push(Buffer.from(body + '\n'))
  }
  return Buffer.concat(parts)
}

function stdoutStream(n: number): string {
  let s = ''
  for (let i = 0; i < n; i += 10) s += `out ${i}\n`
  return s
}

/** Lines of appStream, one Buffer each. */
function appLines(n: number): Buffer[] {
  const stream = appStream(n)
  const lines: Buffer[] = []
  let from = 0
  for (let nl = stream.indexOf(0x0a); nl >= 0; nl = stream.indexOf(0x0a, from)) {
    lines.push(stream.subarray(from, nl + 1))
    from = nl + 1
  }
  return lines
}

withGo('stdout and stderr pass through byte for byte at 50,000 stderr lines/s, runtime lines in between', async (t, program) => {
  const lines = 100_000
  const out = freshDir()
  const run = await gctrace(['run', '--out', out, '--', program, '-stderr-lines', String(lines), '-rate', '50000'])
  t.is(run.code, 0, text(run.stderr).slice(-1000))
  // stdout: exactly the program's, in order, nothing of gctrace's (the analysis goes to stderr).
  t.is(text(run.stdout), stdoutStream(lines))
  // stderr: exactly trace.log (what gctrace read from the pipe), then gctrace's own lines.
  const trace = readFileSync(join(out, 'trace.log'))
  t.true(run.stderr.subarray(0, trace.length).equals(trace), 'stderr starts with trace.log')
  t.true(run.stderr.subarray(trace.length).toString().startsWith('gctrace: '))
  // Independently of the parser: each app line is one write(2) under PIPE_BUF, so it stands whole
  // in the stream; what lies between two app lines must be the runtime's writes and nothing else.
  const runtime: Buffer[] = []
  let pos = 0
  let between = 0
  for (const [i, line] of appLines(lines).entries()) {
    const at = trace.indexOf(line, pos)
    if (at < 0) return t.fail(`app line ${i} lost or changed`)
    const gap = trace.subarray(pos, at)
    if (gap.includes('app line')) return t.fail(`before app line ${i}: app text out of order`)
    if (gap.length > 0) {
      runtime.push(gap)
      between++
    }
    pos = at + line.length
  }
  runtime.push(trace.subarray(pos))
  // The program exits right after its last app line, and os.Exit does not wait for a gc line the
  // runtime is still printing: that line stops where the process did (seen once, on a loaded
  // machine). Only the runtime's whole lines are held to parse.
  let whole = Buffer.concat(runtime)
  if (whole.length > 0 && whole[whole.length - 1] !== 0x0a) {
    t.log(`the process exited while the runtime printed: ${JSON.stringify(whole.subarray(whole.lastIndexOf(0x0a) + 1).toString())}`)
    whole = whole.subarray(0, whole.lastIndexOf(0x0a) + 1)
  }
  // The runtime's writes, put back together, are whole runtime lines that all parse.
  const {trace: parsed} = await parseText(whole.toString('utf8'))
  t.is(parsed.lines.app, 0)
  t.is(parsed.lines.unrecognized, 0)
  t.true(parsed.lines.cycles > 10, `${parsed.lines.cycles} cycles`)
  t.is(parsed.lines.cycles + parsed.lines.scavenger + parsed.lines.periodicNotices + parsed.lines.pacer, parsed.lines.total)
  t.log(`${parsed.lines.cycles} gc lines; runtime writes stood in ${between} places between app lines`)
})

withGo('--passthrough of a 50,000 lines/s trace loses no app line and keeps their order', async (t, program) => {
  const lines = 100_000
  const out = freshDir()
  const run = await gctrace(['run', '--out', out, '--', program, '-stderr-lines', String(lines), '-rate', '50000'])
  t.is(run.code, 0)
  const passed = await gctrace(['analyze', '-', '--passthrough'], {input: readFileSync(join(out, 'trace.log'))})
  t.is(passed.code, 0, text(passed.stderr).slice(-500))
  let pos = 0
  for (const [i, line] of appLines(lines).entries()) {
    const at = passed.stdout.indexOf(line, pos)
    if (at < 0) return t.fail(`app line ${i} lost, changed or out of order`)
    pos = at + line.length
  }
  t.is(pos, passed.stdout.length, 'nothing after the last app line')
  // Runtime lines the parser could mend are held back; runtime pieces it could not mend (their
  // head and tail more than 4 lines apart) are passed on rather than risk losing app text.
  const extra = passed.stdout.length - appStream(lines).length
  t.log(`passthrough: ${extra} bytes of unmendable runtime pieces passed on with the ${lines} app lines`)
})

withGo('Ctrl-C (SIGINT) is passed on; the recording is written and analysed; exit 130', async (t, program) => {
  const out = freshDir()
  const run = await gctrace(['run', '--out', out, '--', program, '-sleep', '30s'], {whenStdout: {waitFor: 'ready', then: (pid) => process.kill(pid, 'SIGINT')}})
  t.is(run.code, 130, text(run.stderr))
  t.is(meta(out).signal, 'SIGINT')
  t.true(meta(out).durationS < 20)
  t.regex(text(run.stderr), /was ended by SIGINT \(exit code 130\)/)
})

withGo('SIGTERM is passed on (exit 143); a second interrupt kills a program that ignores the first (exit 137)', async (t, program) => {
  const term = await gctrace(['run', '--out', freshDir(), '--', program, '-sleep', '30s'], {whenStdout: {waitFor: 'ready', then: (pid) => process.kill(pid, 'SIGTERM')}})
  t.is(term.code, 143)
  const out = freshDir()
  const twice = await gctrace(['run', '--out', out, '--', program, '-sleep', '30s', '-ignore-int'], {
    whenStdout: {
      waitFor: 'ready',
      then: (pid) => {
        process.kill(pid, 'SIGINT')
        setTimeout(() => process.kill(pid, 'SIGINT'), 300)
      },
    },
  })
  t.is(twice.code, 137, text(twice.stderr))
  t.is(meta(out).killedByGctrace, true)
  t.regex(text(twice.stderr), /killed by gctrace after a second interrupt/)
})

withGo('on a terminal, Ctrl-C reaches the program once (the terminal sends it to the group; gctrace does not send it again)', async (t, program) => {
  const script = ['/usr/bin/script', '/bin/script'].find((p) => existsSync(p))
  if (script === undefined) return skipWith(t, 'no script(1) here (util-linux): skipped')
  const out = freshDir()
  const typescript = join(tmp, 'ctrl-c.typescript')
  // script's stdin becomes the terminal's input: ^C there makes the terminal send SIGINT to the foreground group.
  // `exec` leaves no shell in that group: dash (/bin/sh, used when SHELL is unset, as in CI) would die of
  // the same SIGINT and make script report 130 whatever gctrace returned.
  const command = `exec ${process.execPath} ${runBin} run --out ${out} -- ${program} -sleep 30s -count-int`
  const child = spawn(script, ['-qfec', command, typescript], {stdio: ['pipe', 'pipe', 'ignore'], env: {...process.env, SHELL: '/bin/sh'}})
  let seen = ''
  child.stdout.on('data', (chunk: Buffer) => {
    seen += chunk.toString()
    if (seen.includes('ready') && !seen.includes('^C')) {
      seen += '^C'
      child.stdin.write('\u0003')
    }
  })
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve))
  const written = readFileSync(typescript, 'utf8')
  t.is(code, 0, written)
  t.regex(written, /interrupts: 1\r?\n/)
  t.regex(written, /got it from the terminal too/)
  t.is(meta(out).exitCode, 0)
})

withGo('go run is detected and the advice is to build first', async (t) => {
  const out = freshDir()
  const run = await gctrace(['run', '--out', out, '--', GO as string, 'run', '.', '-exit', '0', '-stderr-lines', '20000', '-rate', '200000'], {
    cwd: join(runBin, '../../fixtures/programs/exit-code'),
    env: {GOFLAGS: '', GOPROXY: 'off', CGO_ENABLED: '0', GOCACHE: join(tmpdir(), 'gctrace-go-cache')},
  })
  t.is(run.code, 0, text(run.stderr).slice(-1000))
  t.regex(text(run.stderr), /`go run` was traced/)
  t.true(meta(out).goRun)
})
