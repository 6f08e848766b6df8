import test from 'ava'
import {execFileSync} from 'node:child_process'
import {mkdirSync, mkdtempSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import {findCgroupMemory, parseMountinfo} from '../../src/memory/cgroup.js'
import {kbFields, type MemorySample, MemorySampler, processStartEpochMs, psRss, readProcMemory} from '../../src/memory/proc-sampler.js'
import {skipWith} from '../helpers/skip.js'

const tmp = mkdtempSync(join(tmpdir(), 'gctrace-sampler-'))
const hasProc = (() => {
  try {
    execFileSync('test', ['-r', '/proc/self/smaps_rollup'])
    return true
  } catch {
    return false
  }
})()

function write(path: string, text: string): void {
  mkdirSync(join(path, '..'), {recursive: true})
  writeFileSync(path, text)
}

test('kbFields reads "Key:   N kB" lines, only the keys asked for', (t) => {
  t.deepEqual(kbFields('Name:\tx\nVmRSS:\t  1234 kB\nRssAnon:\t 1000 kB\nThreads:\t4\nRssFile: 200 kB', ['VmRSS', 'RssAnon', 'RssFile', 'Threads']), {VmRSS: 1234, RssAnon: 1000, RssFile: 200})
})

test('readProcMemory: status and smaps_rollup; null for a zombie (no VmRSS) or a missing process', (t) => {
  const root = join(tmp, 'proc')
  write(join(root, '10/status'), 'Name:\tgo\nState:\tS (sleeping)\nVmRSS:\t 543744 kB\nRssAnon:\t 542000 kB\nRssFile:\t 1744 kB\n')
  write(join(root, '10/smaps_rollup'), '00400000-7fff [rollup]\nRss:  543744 kB\nLazyFree:  523264 kB\nAnonHugePages:  520192 kB\n')
  t.deepEqual(readProcMemory(10, root), {vmrssKiB: 543744, anonKiB: 542000, fileKiB: 1744, lazyFreeKiB: 523264, anonHugeKiB: 520192})
  write(join(root, '11/status'), 'Name:\tgo\nState:\tZ (zombie)\n')
  t.is(readProcMemory(11, root), null)
  t.is(readProcMemory(12, root), null)
  // A kernel without smaps_rollup (before 4.14): RSS still, LazyFree unknown.
  write(join(root, '13/status'), 'VmRSS:\t 100 kB\n')
  t.deepEqual(readProcMemory(13, root), {vmrssKiB: 100, anonKiB: null, fileKiB: null, lazyFreeKiB: null, anonHugeKiB: null})
})

test('this process, from the real /proc', (t) => {
  if (!hasProc) return skipWith(t, 'no /proc/self/smaps_rollup here: skipped')
  const memory = readProcMemory(process.pid)
  t.truthy(memory)
  t.true((memory?.vmrssKiB ?? 0) > 1000)
  t.not(memory?.lazyFreeKiB, null)
  const start = processStartEpochMs(process.pid)
  t.true(start !== null && Math.abs(start - (Date.now() - process.uptime() * 1000)) < 2000, `start ${start}`)
})

test('the sampler keeps a fixed schedule (sample k at k × interval), and measures its own cost', async (t) => {
  if (!hasProc) return skipWith(t, 'no /proc here: skipped')
  const samples: MemorySample[] = []
  // Until 6 samples came (a busy machine may delay ticks: they come late, never early).
  let enough: () => void = () => {}
  const done = new Promise<void>((resolve) => (enough = resolve))
  const sampler = new MemorySampler({pid: process.pid, intervalMs: 50, onSample: (s) => samples.push(s) >= 6 && enough()})
  sampler.start()
  await Promise.race([done, new Promise((r) => setTimeout(r, 20_000))])
  sampler.stop()
  t.true(samples.length >= 6, `${samples.length} samples`)
  samples.forEach((s, k) => t.true(s.tS >= k * 0.05 - 0.005, `sample ${k} at ${s.tS}`))
  const cost = sampler.cost()
  t.is(cost.samples, samples.length)
  t.true(cost.meanMs > 0 && cost.maxMs >= cost.meanMs)
  t.is(sampler.source, 'proc')
})

test('ps fallback: RSS only, LazyFree and the rest unknown', async (t) => {
  const rss = await psRss(process.pid).catch(() => null)
  if (rss === null) return skipWith(t, 'no ps here: skipped')
  t.true(rss > 1000)
  const samples: MemorySample[] = []
  let first: () => void = () => {}
  const done = new Promise<void>((resolve) => (first = resolve))
  const sampler = new MemorySampler({pid: process.pid, intervalMs: 100, source: 'ps', cgroup: null, onSample: (s) => samples.push(s) > 0 && first()})
  sampler.start()
  await Promise.race([done, new Promise((r) => setTimeout(r, 20_000))])
  sampler.stop()
  t.true(samples.length >= 1)
  t.is(samples[0]?.lazyFreeKiB, null)
  t.is(samples[0]?.anonKiB, null)
  t.is(samples[0]?.cgroup, null)
})

test('mountinfo: cgroup2 and v1 memory mounts', (t) => {
  const mounts = parseMountinfo(
    '30 25 0:26 / /sys/fs/cgroup/unified rw,nosuid - cgroup2 cgroup2 rw\n35 25 0:31 / /sys/fs/cgroup/memory rw shared:15 - cgroup cgroup rw,memory\n',
  )
  t.deepEqual(mounts.map((m) => [m.mountPoint, m.fsType, m.superOptions]), [
    ['/sys/fs/cgroup/unified', 'cgroup2', 'rw'],
    ['/sys/fs/cgroup/memory', 'cgroup', 'rw,memory'],
  ])
})

test('cgroup v2: memory.current, memory.max, anon and file of memory.stat; "max" is no limit', (t) => {
  const root = join(tmp, 'v2')
  const cg = join(root, 'cg')
  write(join(root, 'proc/20/cgroup'), '0::/kubepods/pod1/c1\n')
  write(join(root, 'proc/self/mountinfo'), `30 25 0:26 / ${cg} rw - cgroup2 cgroup2 rw\n`)
  write(join(cg, 'kubepods/pod1/c1/memory.current'), String(600 * 1024 * 1024) + '\n')
  write(join(cg, 'kubepods/pod1/c1/memory.max'), String(1024 * 1024 * 1024) + '\n')
  write(join(cg, 'kubepods/pod1/c1/memory.stat'), 'anon 524288000\nfile 52428800\nkernel 100\n')
  const memory = findCgroupMemory(20, join(root, 'proc'))
  t.is(memory?.version, 2)
  t.is(memory?.path, '/kubepods/pod1/c1')
  t.deepEqual(memory?.read(), {currentKiB: 614400, maxKiB: 1048576, anonKiB: 512000, fileKiB: 51200})
  write(join(cg, 'kubepods/pod1/c1/memory.max'), 'max\n')
  t.is(memory?.read()?.maxKiB, null)
})

test('cgroup v2 root (no memory files) and no cgroup at all: none; cgroup v1 memory controller otherwise', (t) => {
  const root = join(tmp, 'v1')
  const v2 = join(root, 'unified')
  const v1 = join(root, 'memory')
  write(join(root, 'proc/30/cgroup'), '4:memory:/process_api/abc\n0::/\n')
  write(join(root, 'proc/self/mountinfo'), `30 25 0:26 / ${v2} rw - cgroup2 cgroup2 rw\n35 25 0:31 / ${v1} rw - cgroup cgroup rw,memory\n`)
  mkdirSync(v2, {recursive: true})
  write(join(v1, 'process_api/abc/memory.usage_in_bytes'), '7168000\n')
  write(join(v1, 'process_api/abc/memory.limit_in_bytes'), '9223372036854771712\n')
  write(join(v1, 'process_api/abc/memory.stat'), 'cache 3895296\nrss 1724416\ntotal_cache 3895296\ntotal_rss 1724416\n')
  const memory = findCgroupMemory(30, join(root, 'proc'))
  t.is(memory?.version, 1)
  t.deepEqual(memory?.read(), {currentKiB: 7000, maxKiB: null, anonKiB: 1684, fileKiB: 3804})
  t.is(findCgroupMemory(31, join(root, 'proc')), null)
})
