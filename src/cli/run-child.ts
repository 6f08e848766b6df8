// Runs the program for `gctrace run` so that it behaves as if started from the shell: stdin is its
// own (inherited), its stdout and stderr reach ours byte for byte — each chunk read from the pipe is
// written out as the same Buffer, synchronously, before the next is read — and signals reach it.
// gctrace only looks on: each stderr chunk is also handed to `onStderr` (the parser, trace.log),
// each stdout chunk to `onStdout` (stdout.log).
//
// Signals. The terminal sends Ctrl-C (SIGINT), Ctrl-\ (SIGQUIT) and hang-up to the whole
// foreground process group, which the program shares with gctrace (it is not started detached, so
// that it can still read the terminal). When gctrace is in the terminal's foreground group, the
// program has those signals already and passing them on would deliver them twice (a program that
// treats a second Ctrl-C as "quit now" would quit). Otherwise (gctrace signalled by `kill`, no
// terminal) they are passed on. SIGTERM is always passed on: nobody sends it to a group by
// accident. A second SIGINT or SIGTERM kills the program (SIGKILL).
import {type ChildProcess, spawn} from 'node:child_process'
import {accessSync, constants, readFileSync, statSync} from 'node:fs'
import {constants as osConstants} from 'node:os'
import {delimiter, isAbsolute, join, resolve} from 'node:path'

/** How the program ended. */
export interface ChildEnd {
  code: number | null
  signal: NodeJS.Signals | null
  /** Seconds from spawn to exit. */
  durationS: number
  /** The exit code gctrace gives: the program's, or 128 + N for signal N. */
  exitCode: number
  /** gctrace killed it after a second interrupt. */
  killed: boolean
}

export interface RunChildOptions {
  command: string
  args: string[]
  env: NodeJS.ProcessEnv
  onSpawn?: (child: ChildProcess, originNs: bigint) => void
  onStderr: (chunk: Buffer) => void
  onStdout: (chunk: Buffer) => void
  /** Told when a signal was passed on or the program killed, for a note on the terminal. */
  onSignal?: (what: {signal: NodeJS.Signals; action: 'forwarded' | 'already-delivered' | 'killed'}) => void
  stdout?: NodeJS.WriteStream
  stderr?: NodeJS.WriteStream
  /** After exit, how long to wait for the pipes to close (a background grandchild may hold them). */
  drainMs?: number
}

export type SpawnFailure = {failed: true; code: string; message: string}

/** Where the shell would find `command`: a path for `./x` and `/x`, else a PATH search; null when not found. */
export function resolveCommand(command: string, env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): string | null {
  if (command.includes('/')) return isAbsolute(command) ? command : resolve(cwd, command)
  for (const dir of (env.PATH ?? '').split(delimiter)) {
    const candidate = join(dir === '' ? cwd : dir, command)
    try {
      if (statSync(candidate).isFile()) {
        accessSync(candidate, constants.X_OK)
        return candidate
      }
    } catch {
      // not here
    }
  }
  return null
}

/** Why `path` cannot be executed (undefined when it can): for exit 126 vs 127. */
export function notExecutable(path: string): 'missing' | 'directory' | 'permission' | undefined {
  try {
    if (statSync(path).isDirectory()) return 'directory'
    accessSync(path, constants.X_OK)
    return undefined
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'missing' : 'permission'
  }
}

/** gctrace is in its terminal's foreground process group: a Ctrl-C there reached the program too. */
export function inForegroundProcessGroup(): boolean {
  try {
    const stat = readFileSync('/proc/self/stat', 'latin1')
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    const pgrp = Number(fields[2])
    const tpgid = Number(fields[5])
    return tpgid > 0 && tpgid === pgrp
  } catch {
    // No /proc: assume a terminal when stdin is one.
    return process.stdin.isTTY === true
  }
}

/** Runs the program to its end; resolves with how it ended, or with the spawn failure. */
export function runChild(options: RunChildOptions): Promise<ChildEnd | SpawnFailure> {
  const stdout = options.stdout ?? process.stdout
  const stderr = options.stderr ?? process.stderr
  return new Promise((resolvePromise) => {
    let child: ChildProcess
    const originNs = process.hrtime.bigint()
    try {
      child = spawn(options.command, options.args, {env: options.env, stdio: ['inherit', 'pipe', 'pipe']})
    } catch (error) {
      resolvePromise({failed: true, code: (error as NodeJS.ErrnoException).code ?? 'UNKNOWN', message: (error as Error).message})
      return
    }
    if (child.pid === undefined) {
      child.once('error', (error: NodeJS.ErrnoException) => resolvePromise({failed: true, code: error.code ?? 'UNKNOWN', message: error.message}))
      return
    }
    options.onSpawn?.(child, originNs)

    let stdoutBroken = false
    const relay = (from: NodeJS.ReadableStream, to: NodeJS.WriteStream, look: (chunk: Buffer) => void, isStdout: boolean) => {
      from.on('data', (chunk: Buffer) => {
        // Out first, exactly as read; then the copy for gctrace.
        if (!(isStdout && stdoutBroken)) {
          try {
            to.write(chunk)
          } catch {
            // a closed terminal: the recording goes on
          }
        }
        look(chunk)
      })
    }
    relay(child.stderr as NodeJS.ReadableStream, stderr, options.onStderr, false)
    relay(child.stdout as NodeJS.ReadableStream, stdout, options.onStdout, true)
    // Our stdout closed (`gctrace run -- prog | head`): close the program's too, so it sees the
    // broken pipe as it would have without gctrace.
    const onStdoutError = (error: NodeJS.ErrnoException) => {
      if (error.code === 'EPIPE') {
        stdoutBroken = true
        child.stdout?.destroy()
      }
    }
    stdout.on('error', onStdoutError)
    stderr.on('error', () => {})

    let exited: {code: number | null; signal: NodeJS.Signals | null; at: bigint} | undefined
    let killed = false
    let interrupts = 0
    const foreground = inForegroundProcessGroup()
    const send = (signal: NodeJS.Signals) => {
      if (exited !== undefined) return
      try {
        child.kill(signal)
      } catch {
        // gone already
      }
    }
    const handlers: [NodeJS.Signals, () => void][] = [
      ['SIGINT', () => onInterrupt('SIGINT')],
      ['SIGTERM', () => onInterrupt('SIGTERM')],
      ['SIGQUIT', () => onGroupSignal('SIGQUIT')],
      ['SIGHUP', () => onGroupSignal('SIGHUP')],
    ]
    const onInterrupt = (signal: NodeJS.Signals) => {
      if (exited !== undefined) {
        // The program is gone and gctrace is writing its analysis: a further interrupt ends that.
        process.exit(130)
      }
      interrupts++
      if (interrupts >= 2) {
        killed = true
        send('SIGKILL')
        options.onSignal?.({signal: 'SIGKILL', action: 'killed'})
        return
      }
      if (signal === 'SIGINT' && foreground) {
        options.onSignal?.({signal, action: 'already-delivered'})
        return
      }
      send(signal)
      options.onSignal?.({signal, action: 'forwarded'})
    }
    const onGroupSignal = (signal: NodeJS.Signals) => {
      if (foreground) return
      send(signal)
      options.onSignal?.({signal, action: 'forwarded'})
    }
    for (const [signal, handler] of handlers) process.on(signal, handler)

    let finished = false
    const finish = () => {
      if (finished) return
      finished = true
      const end = exited as NonNullable<typeof exited>
      for (const [signal, handler] of handlers) process.off(signal, handler)
      stdout.off('error', onStdoutError)
      const signalNumber = end.signal === null ? 0 : (osConstants.signals[end.signal] ?? 0)
      resolvePromise({
        code: end.code,
        signal: end.signal,
        durationS: Number(end.at - originNs) / 1e9,
        exitCode: end.signal === null ? (end.code ?? 1) : 128 + signalNumber,
        killed,
      })
    }
    let drainTimer: NodeJS.Timeout | undefined
    child.once('exit', (code, signal) => {
      exited = {code, signal, at: process.hrtime.bigint()}
      // Normally 'close' follows at once, when the pipes are read to their end. A background
      // process that inherited them could hold them open for ever: stop waiting after drainMs.
      drainTimer = setTimeout(() => {
        child.stdout?.destroy()
        child.stderr?.destroy()
        finish()
      }, options.drainMs ?? 2000)
    })
    child.once('close', () => {
      if (drainTimer !== undefined) clearTimeout(drainTimer)
      if (exited === undefined) return
      finish()
    })
  })
}
