// src/cli/fleet.ts: which files are one process (a log and its rotations), in which order they
// are read, and what the arguments name (a folder of logs, recording folders, stdin).
import test from 'ava'
import {copyFileSync, mkdirSync, mkdtempSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import {expandInputs, groupInputs, planInputs} from '../../src/cli/fleet.js'
import {logNameOf} from '../../src/input/rotation.js'
import {UsageError} from '../../src/errors.js'
import {recording} from '../helpers/paths.js'

const logs = (...paths: string[]) => paths.map((path) => ({path, recording: false}))

const nameCases: [string, string][] = [
  ['trace.log', 'trace.log'],
  ['trace.log.1', 'trace.log'],
  ['trace.log.2.gz', 'trace.log'],
  ['logs/trace.log.12', 'logs/trace.log'],
  ['app-2024-01-01.log.gz', 'app-2024-01-01.log'],
  ['pods/app/0.log.20240101-120000.gz', 'pods/app/0.log'],
  ['server.txt', 'server.txt'],
  ['1.gz', '1'],
]
for (const [path, name] of nameCases) test(`logNameOf: ${path} → ${name}`, (t) => t.is(logNameOf(path), name))

test('rotations of one log are one process, read oldest first; other logs and folders are their own', (t) => {
  const groups = groupInputs([...logs('b/trace.log', 'a.log', 'b/trace.log.1', 'b/trace.log.10.gz', 'b/trace.log.2.gz', 'c/trace.log', 'a.log'), {path: 'rec', recording: true}])
  t.deepEqual(
    groups.map((g) => [g.name, g.paths]),
    [
      ['a.log', ['a.log']],
      ['b/trace.log', ['b/trace.log.10.gz', 'b/trace.log.2.gz', 'b/trace.log.1', 'b/trace.log']],
      ['c/trace.log', ['c/trace.log']],
      ['rec', ['rec']],
    ],
    'sorted by name; the same path once; .10 before .2 (numbers, not text)',
  )
})

test('dated rotations (the kubelet’s) are read by date, the live file last', (t) => {
  const [group] = groupInputs(logs('0.log', '0.log.20240102-000000.gz', '0.log.20240101-000000'))
  t.deepEqual(group?.paths, ['0.log.20240101-000000', '0.log.20240102-000000.gz', '0.log'])
})

test('a folder of logs gives its logs and the recording folders in it; samples, hidden files and other folders are left out', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'gctrace-group-'))
  for (const name of ['a.log', 'a.log.1', 'b.txt', 'c.gz', 'd.json', 'rss.csv', '.hidden.log', 'notes.md']) writeFileSync(join(dir, name), 'x\n')
  mkdirSync(join(dir, 'rec'))
  copyFileSync(recording('go1.19-leak'), join(dir, 'rec', 'trace.log'))
  mkdirSync(join(dir, 'other'))
  t.deepEqual(expandInputs([dir]), [...logs(join(dir, 'a.log'), join(dir, 'a.log.1'), join(dir, 'b.txt'), join(dir, 'c.gz'), join(dir, 'd.json')), {path: join(dir, 'rec'), recording: true}])
})

test('planInputs: one file, one recording folder or stdin is one process, as always', (t) => {
  t.deepEqual(planInputs(['trace.log']), {kind: 'one', path: 'trace.log'})
  t.deepEqual(planInputs(['-']), {kind: 'one', path: '-'})
  const dir = recording('go1.19-leak', '')
  t.deepEqual(planInputs([dir]), {kind: 'one', path: dir})
})

test('planInputs: a log and its rotations are one process read through paths; several logs are many', (t) => {
  t.deepEqual(planInputs(['x/trace.log', 'x/trace.log.1']), {kind: 'one', path: 'x/trace.log', paths: ['x/trace.log.1', 'x/trace.log']})
  const plan = planInputs(['x/a.log', 'x/b.log', 'x/a.log.1'])
  t.is(plan.kind, 'many')
  t.deepEqual(plan.kind === 'many' ? plan.groups.map((g) => g.paths) : [], [['x/a.log.1', 'x/a.log'], ['x/b.log']])
})

test('planInputs: stdin cannot be read with other inputs (usage error)', (t) => {
  t.throws(() => planInputs(['-', 'trace.log']), {instanceOf: UsageError})
})

test('planInputs: a folder with no logs is an input error that says so', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'gctrace-empty-'))
  t.throws(() => planInputs([dir]), {message: /is a directory with no trace\.log and no logs/})
})
