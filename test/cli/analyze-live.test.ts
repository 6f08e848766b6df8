// analyze reading a live pipe, as a user runs it: --passthrough, the status line, --out, --pid, Ctrl-C.
import test from 'ava'
import {execFileSync, spawn} from 'node:child_process'
import {existsSync, mkdtempSync, readFileSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import {messages} from '../../src/messages.js'
import {buildProgram, goOrSkip} from '../helpers/go.js'
import {fixture, recording, runBin} from '../helpers/paths.js'
import {skipWith} from '../helpers/skip.js'
import {APP_WRITES, MIXED} from './mixed-input.js'

const tmp = mkdtempSync(join(tmpdir(), 'gctrace-live-'))
const SPLICES = recording('go1.19-stderr-splices')
const CONTROL = /[\r\u001B]/

interface Run {
  code: number | null
  stdout: Buffer
  stderr: Buffer
}

function gctrace(args: string[], input: Buffer | ((stdin: NodeJS.WritableStream, pid: number) => void), env: NodeJS.ProcessEnv = {}): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [runBin, ...args], {env: {...process.env, ...env}, stdio: ['pipe', 'pipe', 'pipe'], detached: true})
    const stdout: Buffer[] = []
    const stderr: Buffer[] = []
    child.stdout.on('data', (c: Buffer) => stdout.push(c))
    child.stderr.on('data', (c: Buffer) => stderr.push(c))
    if (typeof input === 'function') input(child.stdin, child.pid as number)
    else child.stdin.end(input)
    child.on('close', (code) => resolve({code, stdout: Buffer.concat(stdout), stderr: Buffer.concat(stderr)}))
  })
}

test('--passthrough: stdout gets the program’s bytes exactly; the analysis goes to stderr; no control characters off a TTY', async (t) => {
  const run = await gctrace(['analyze', '-', '--passthrough'], MIXED)
  t.is(run.code, 0, run.stderr.toString())
  t.true(run.stdout.equals(Buffer.concat(APP_WRITES)))
  t.regex(run.stderr.toString(), /gctrace — stdin/)
  t.regex(run.stderr.toString(), /Input lines 11: 3 cycles · 1 scavenger · 0 GC forced · 0 pacer · 5 app · 2 spliced/)
  t.notRegex(run.stderr.toString(), CONTROL)
})

test('--passthrough with --json is refused (stdout carries the program’s lines)', async (t) => {
  const run = await gctrace(['analyze', '-', '--passthrough', '--json'], MIXED)
  t.is(run.code, 2)
  t.is(run.stderr.toString(), `gctrace: ${messages.passthroughWithJson()}\n`)
})

test('a pipe read off a TTY: no status line, no control characters; the same analysis as the file', async (t) => {
  const seed = recording('go1.19-seed-madvfree-10x256mb')
  const piped = await gctrace(['analyze', '-', '--json'], readFileSync(seed))
  const file = await gctrace(['analyze', seed, '--json'], Buffer.alloc(0))
  t.is(piped.code, 0)
  t.is(piped.stderr.length, 0)
  t.deepEqual(JSON.parse(piped.stdout.toString()).segments, JSON.parse(file.stdout.toString()).segments)
  const text = await gctrace(['analyze', '-'], readFileSync(SPLICES))
  t.notRegex(text.stdout.toString() + text.stderr.toString(), CONTROL)
})

test('a collector’s log on the pipe (kubectl logs, docker logs -t, journalctl) is unwrapped as the file would be', async (t) => {
  for (const format of ['cri', 'docker-json', 'kubectl-timestamps', 'journald-json']) {
    const path = fixture('collectors', 'go1.19-seed-madvfree-10x256mb', `${format}.log`)
    const piped = await gctrace(['analyze', '-', '--json'], readFileSync(path))
    t.is(piped.code, 0, piped.stderr.toString())
    const fromPipe = JSON.parse(piped.stdout.toString())
    const fromFile = JSON.parse(execFileSync(process.execPath, [runBin, 'analyze', path, '--json'], {encoding: 'utf8'}))
    t.is(fromPipe.segments[0].cycles.length, 12, format)
    t.deepEqual(fromPipe.segments[0].cycles, fromFile.segments[0].cycles, format)
    t.deepEqual(fromPipe.segments[0].wallClock, fromFile.segments[0].wallClock, format)
    t.deepEqual(fromPipe.findings, fromFile.findings, format)
    t.is(fromPipe.inputFiles[0].format, fromFile.inputFiles[0].format, format)
  }
})

test('on a pseudo-terminal (script): the status line, redrawn at most 4 times a second', async (t) => {
  const script = ['/usr/bin/script', '/bin/script'].find((p) => existsSync(p))
  if (script === undefined) return skipWith(t, 'no script(1) here (util-linux): skipped')
  const typescript = join(tmp, 'typescript')
  const out = join(tmp, 'pt.out')
  // stdin is a slow pipe (1.2 s), stdout a file, stderr the pseudo-terminal.
  const command = `(head -c 300000 ${SPLICES}; sleep 1.2; tail -c +300001 ${SPLICES}) | ${process.execPath} ${runBin} analyze - --passthrough > ${out}`
  const started = Date.now()
  try {
    execFileSync(script, ['-qfec', `sh -c '${command}'`, typescript], {stdio: 'ignore', env: {...process.env, NO_COLOR: '1'}})
  } catch (error) {
    t.log(existsSync(typescript) ? readFileSync(typescript, 'utf8').slice(-3000) : 'no typescript written')
    throw error
  }
  const elapsedS = (Date.now() - started) / 1000
  const written = readFileSync(typescript, 'utf8')
  const draws = written.split('\r\u001B[2Kgctrace · ').length - 1
  t.true(draws >= 2, `${draws} draws`)
  t.true(draws <= 4 * elapsedS + 1, `${draws} draws in ${elapsedS} s`)
  t.regex(written, /gctrace · [\d,]+ cycles · live \d+ MB · goal \d+ MB · last pause [\d.]+ ms/)
  // The status went to the terminal only: stdout (a file) holds app lines and nothing else.
  t.notRegex(readFileSync(out, 'latin1'), CONTROL)
})

test('--out writes a recording of what came through the pipe, which analyze DIR reads back', async (t) => {
  const dir = join(tmp, 'from-pipe')
  const run = await gctrace(['analyze', '-', '--out', dir], MIXED)
  t.is(run.code, 0)
  t.regex(run.stderr.toString(), new RegExp(`recording written to ${dir}`))
  t.true(readFileSync(join(dir, 'trace.log')).equals(MIXED))
  const meta = JSON.parse(readFileSync(join(dir, 'meta.json'), 'utf8'))
  t.is(meta.samples, 0)
  t.is(typeof meta.readingStartedEpochMs, 'number')
  const again = await gctrace(['analyze', dir, '--json'], Buffer.alloc(0))
  t.is(JSON.parse(again.stdout.toString()).lines.cycles, 3)
})

test('Ctrl-C ends the input: the analysis of what arrived, exit 0', async (t) => {
  const trace = readFileSync(SPLICES)
  const run = await gctrace(['analyze', '-'], (stdin, pid) => {
    // The write completes once gctrace has read most of it (more than a pipe holds): it is reading,
    // and its Ctrl-C handler is in place.
    stdin.write(trace.subarray(0, 400_000), () => setTimeout(() => process.kill(pid, 'SIGINT'), 300))
  })
  t.is(run.code, 0, run.stderr.toString())
  t.regex(run.stderr.toString(), new RegExp(messages.inputInterrupted()))
  t.regex(run.stdout.toString(), /gctrace — stdin/)
})

test('--pid samples a running Go program while its stderr arrives on the pipe; --out keeps it all', async (t) => {
  if (goOrSkip(t) === undefined) return
  const program = await buildProgram('exit-code')
  const dir = join(tmp, 'with-pid')
  const go = spawn(program, ['-stderr-lines', '60000', '-rate', '30000'], {env: {...process.env, GODEBUG: 'gctrace=1', GOGC: '150'}, stdio: ['ignore', 'ignore', 'pipe']})
  const run = await gctrace(['analyze', '-', '--pid', String(go.pid), '--interval', '100', '--out', dir], (stdin) => go.stderr.pipe(stdin))
  t.is(run.code, 0, run.stderr.toString())
  const meta = JSON.parse(readFileSync(join(dir, 'meta.json'), 'utf8'))
  t.is(meta.pid, go.pid)
  t.regex(meta.goVersion, /^go1\.19\./)
  t.is(meta.env.GOGC, '150')
  t.is(meta.env.GODEBUG, 'gctrace=1')
  t.true(meta.samples >= 5, `${meta.samples} samples`)
  const rows = readFileSync(join(dir, 'rss.csv'), 'utf8').trim().split('\n')
  t.true(rows[0]?.startsWith('t_s,epoch_ms,vmrss_kb,rss_anon_kb,rss_file_kb,lazyfree_kb,anon_huge_kb'))
  t.is(rows.length - 1, meta.samples)
  t.regex(run.stdout.toString(), /Why is RSS high\?\n {2}\d+ MiB RSS at the RSS peak/)
})

test('--pid of a process that does not exist, or not a number: exit 2', async (t) => {
  const missing = await gctrace(['analyze', '-', '--pid', '999999999'], MIXED)
  t.is(missing.code, 2)
  t.is(missing.stderr.toString(), `gctrace: ${messages.pidNotFound(999999999)}\n`)
  const bad = await gctrace(['analyze', '-', '--pid', 'abc'], MIXED)
  t.is(bad.code, 2)
  t.is(bad.stderr.toString(), `gctrace: ${messages.badPid('abc')}\n`)
})

test('a long pipe of app lines: memory stays flat (peak RSS of 1.2 M lines no more than 60 MiB over 0.2 M lines)', async (t) => {
  const line = (i: number) => `2026/11/25 18:09:14 worker ${i % 8} handled request ${i} path=/api/v1/items/${i % 977} status=200\n`
  const gc = (seq: number) => `gc ${seq} @${(seq * 0.01).toFixed(3)}s 1%: 0.020+1.2+0.003 ms clock, 0.041+0.10/0.50/0.9+0.007 ms cpu, 39->39->20 MB, 40 MB goal, 0 MB stacks, 0 MB globals, 2 P\n`
  const block = (from: number) => {
    let s = ''
    for (let i = from; i < from + 10_000; i++) s += (i % 500 === 0 ? gc(i / 500 + 1) : '') + line(i)
    return Buffer.from(s)
  }
  const peakOf = (blocks: number) =>
    new Promise<number>((resolve) => {
      let peak = 0
      const child = spawn(process.execPath, [runBin, 'analyze', '-', '--passthrough'], {stdio: ['pipe', 'ignore', 'ignore']})
      let i = 0
      const pump = () => {
        while (i < blocks) {
          const ok = child.stdin.write(block(i * 10_000))
          i++
          if (!ok) return void child.stdin.once('drain', pump)
        }
        child.stdin.end()
      }
      pump()
      const timer = setInterval(() => {
        try {
          const hwm = /VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))
          if (hwm !== null) peak = Number(hwm[1])
        } catch {
          // exited
        }
      }, 50)
      child.on('close', () => {
        clearInterval(timer)
        resolve(peak)
      })
    })
  if (!existsSync('/proc/self/status')) return skipWith(t, 'no /proc: skipped')
  const small = await peakOf(20)
  const large = await peakOf(120)
  t.log(`peak RSS: ${(small / 1024).toFixed(0)} MiB for 0.2 M lines, ${(large / 1024).toFixed(0)} MiB for 1.2 M lines`)
  t.true(large - small < 60 * 1024, `grew by ${((large - small) / 1024).toFixed(0)} MiB`)
})

writeFileSync(join(tmp, '.keep'), '')
