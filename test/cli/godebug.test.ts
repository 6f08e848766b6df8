import test from 'ava'

import {childEnvironment, mergeGodebug, recordedEnvironment} from '../../src/cli/godebug.js'

test('adds gctrace=1 and scavtrace=1 when GODEBUG is unset or empty', (t) => {
  t.deepEqual(mergeGodebug(undefined), {value: 'gctrace=1,scavtrace=1', added: ['gctrace=1', 'scavtrace=1'], userSettings: {}})
  t.is(mergeGodebug('').value, 'gctrace=1,scavtrace=1')
})

test('keeps every other setting as written, and adds after them', (t) => {
  t.is(mergeGodebug('madvdontneed=1').value, 'madvdontneed=1,gctrace=1,scavtrace=1')
  t.is(mergeGodebug('gcpacertrace=1,madvdontneed=0,invalidptr=0').value, 'gcpacertrace=1,madvdontneed=0,invalidptr=0,gctrace=1,scavtrace=1')
})

test('a setting the user made is never overridden, whatever its value', (t) => {
  const two = mergeGodebug('gctrace=2')
  t.is(two.value, 'gctrace=2,scavtrace=1')
  t.deepEqual(two.added, ['scavtrace=1'])
  t.deepEqual(two.userSettings, {gctrace: '2'})
  const off = mergeGodebug('madvdontneed=1,gctrace=0,scavtrace=1')
  t.is(off.value, 'madvdontneed=1,gctrace=0,scavtrace=1')
  t.deepEqual(off.added, [])
  t.deepEqual(off.userSettings, {gctrace: '0'})
  t.deepEqual(mergeGodebug('gctrace=1').userSettings, {})
})

test('odd input is kept as it is (the runtime ignores what it does not know)', (t) => {
  t.is(mergeGodebug('madvdontneed=1,').value, 'madvdontneed=1,,gctrace=1,scavtrace=1')
  t.is(mergeGodebug(' gctrace = 1 ').value, ' gctrace = 1 ,scavtrace=1')
})

test('the child environment is the parent one with only GODEBUG changed; GOGC, GOMEMLIMIT, GOMAXPROCS untouched', (t) => {
  const parent = {PATH: '/bin', GOGC: '200', GOMEMLIMIT: '1GiB', GOMAXPROCS: '3', GODEBUG: 'madvdontneed=1'}
  const {env} = childEnvironment(parent)
  t.deepEqual(env, {...parent, GODEBUG: 'madvdontneed=1,gctrace=1,scavtrace=1'})
  t.is(parent.GODEBUG, 'madvdontneed=1', 'the parent environment is not changed')
})

test('meta.json records the four variables always (null when unset) and a few others when set', (t) => {
  t.deepEqual(recordedEnvironment({GOGC: 'off', PATH: '/bin'}), {GODEBUG: null, GOGC: 'off', GOMEMLIMIT: null, GOMAXPROCS: null})
  t.deepEqual(recordedEnvironment({GOTRACEBACK: 'all'}), {GODEBUG: null, GOGC: null, GOMEMLIMIT: null, GOMAXPROCS: null, GOTRACEBACK: 'all'})
})
