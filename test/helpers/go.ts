// Builds the Go programs of fixtures/programs for tests, once per test process, with Go 1.19 when it
// is installed (Debian's golang-1.19-go; GCTRACE_TEST_GO names another). Tests that need a program
// skip with a log line when there is no Go.
import type {ExecutionContext} from 'ava'
import {execFile} from 'node:child_process'
import {existsSync, mkdtempSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import {fixture} from './paths.js'
import {skipWith} from './skip.js'

const candidate = process.env.GCTRACE_TEST_GO ?? '/usr/lib/go-1.19/bin/go'
export const GO: string | undefined = existsSync(candidate) ? candidate : undefined

/** The Go toolchain's path; with none, the test says it skipped and passes (skipWith). */
export function goOrSkip(t: ExecutionContext): string | undefined {
  if (GO === undefined) skipWith(t, `no Go toolchain at ${candidate}: skipped (apt-get install -y golang-1.19-go)`)
  return GO
}

const built = new Map<string, Promise<string>>()
let dir: string | undefined

/** The path of fixtures/programs/NAME built (CGO_ENABLED=0 -trimpath, offline, no GODEBUG of ours). */
export function buildProgram(name: string): Promise<string> {
  if (GO === undefined) return Promise.reject(new Error('no Go toolchain'))
  let promise = built.get(name)
  if (promise === undefined) {
    dir ??= mkdtempSync(join(tmpdir(), 'gctrace-go-'))
    const out = join(dir, name)
    const env: NodeJS.ProcessEnv = {...process.env, GO111MODULE: 'on', GOPROXY: 'off', GOFLAGS: '', CGO_ENABLED: '0', GOCACHE: process.env.GOCACHE ?? join(tmpdir(), 'gctrace-go-cache')}
    for (const key of ['GODEBUG', 'GOGC', 'GOMEMLIMIT', 'GOMAXPROCS']) delete env[key]
    promise = new Promise((resolve, reject) => {
      execFile(GO as string, ['build', '-trimpath', '-o', out, '.'], {cwd: fixture('programs', name), env}, (error, _stdout, stderr) => {
        if (error === null) resolve(out)
        else reject(new Error(`go build ${name}: ${stderr}`))
      })
    })
    built.set(name, promise)
  }
  return promise
}
