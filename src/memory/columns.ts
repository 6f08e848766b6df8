// What a column's header says: whether it holds times or memory, which memory, and in what unit.
// Headers come from people and tools (`rss_kb`, `memory (MiB)`, `VmRSS`,
// `process_resident_memory_bytes{instance="…"}`), so a header is cut into lower-case words and
// the words are looked up. Only headers go through the regular expression below, never rows.
import {FLAGS} from './messages.js'
import type {MemoryUnit} from './types.js'

/** Memory a column can hold, best first: what the kernel counts as resident comes before the cgroup's views. */
export type MemoryKind = 'rss' | 'working set' | 'usage' | 'memory'
/** The kinds in order of preference. */
export const MEMORY_KINDS: readonly MemoryKind[] = ['rss', 'working set', 'usage', 'memory']

/** The values `--rss-unit` takes, for the command's flag options. */
export const MEMORY_UNITS: readonly MemoryUnit[] = ['B', 'KiB', 'kB', 'MiB', 'MB']

/** Units a header can name; GiB only appears in headers. */
export type UnitName = MemoryUnit | 'GiB'

/** Bytes in one of each unit. */
export const BYTES_PER: Record<UnitName, number> = {B: 1, KiB: 1024, kB: 1000, MiB: 1 << 20, MB: 1e6, GiB: 1 << 30}

/** A header cut into words; `metric` is the name without its Prometheus labels. */
export interface Header {
  text: string
  metric: string
  words: string[]
}

// Units first (so `MiB` stays one word), then camelCase and UPPER runs, then digits.
const WORD = /(?:KiB|MiB|GiB|kB|KB|MB|GB)(?![a-z])|[A-Z]?[a-z]+|[A-Z]+(?![a-z])|[0-9]+/g

/** Cuts a header into lower-case words, leaving out the `{label="…"}` part of a Prometheus series name. */
export function readHeader(text: string): Header {
  const named = /__name__="([^"]*)"/.exec(text)
  const brace = text.indexOf('{')
  const metric = (named?.[1] ?? (brace >= 0 ? text.slice(0, brace) : text)).trim()
  return {text, metric, words: (metric.match(WORD) ?? []).map((w) => w.toLowerCase())}
}

// Words that make a memory-looking column something else: a limit or a peak, a part of RSS, the
// address space, free memory, a share, or the Go runtime's own accounting.
const NOT_RSS = new Set(
  'limit max peak hwm swap cache cached failcnt request requests percent pct ratio utilization util free available total virtual vsz vms vmsize anon file shmem huge hugepages lazyfree mapped kernel heap stack stacks memstats'.split(' '),
)

/** Which memory a column holds, by its header; null when it does not look like the process's memory. */
export function memoryKind(header: Header): MemoryKind | null {
  const {words} = header
  if (words.some((w) => NOT_RSS.has(w))) return null
  if (words.some((w) => w === 'rss' || w === 'vmrss' || w === 'resident' || w === 'rsz')) return 'rss'
  if (words.some((w, i) => w === 'workingset' || w === 'wss' || (w === 'working' && words[i + 1] === 'set'))) return 'working set'
  if (words.some((w) => w === 'usage' || w === 'current' || w === 'used')) return 'usage'
  if (words.some((w) => w === 'memory' || w === 'mem')) return 'memory'
  return null
}

const TIME_WORDS = new Set('time timestamp date datetime ts t epoch elapsed seconds secs sec ms uptime clock when'.split(' '))
const MS_WORDS = new Set('ms millis milliseconds msec'.split(' '))

/** The header names a time column. */
export function isTimeName(header: Header): boolean {
  return header.words.some((w) => TIME_WORDS.has(w))
}

/** The header says its times count milliseconds (`elapsed_ms`, `epoch_ms`). */
export function countsMilliseconds(header: Header): boolean {
  return header.words.some((w) => MS_WORDS.has(w))
}

// `kb` and `mb` in a header are read as KiB and MiB: /proc, ps and top say "kB" and mean 1024.
const UNIT_WORDS: Record<string, UnitName> = {
  b: 'B', byte: 'B', bytes: 'B',
  kb: 'KiB', kib: 'KiB', kbytes: 'KiB', kilobytes: 'KiB',
  mb: 'MiB', mib: 'MiB', mbytes: 'MiB', megabytes: 'MiB',
  gb: 'GiB', gib: 'GiB',
}
const LOOSE_UNIT_WORDS = new Set(['kb', 'mb', 'gb'])
// Prometheus exporters (process_*, cAdvisor's container_*, node_exporter) give sizes in bytes.
const PROMETHEUS_PREFIXES = ['process_', 'container_', 'node_', 'machine_']

/** A column's unit and why it was chosen; null when neither the option nor the header tells. */
export function memoryUnit(header: Header, option: MemoryUnit | undefined): {unit: UnitName; why: string} | null {
  const word = header.words.findLast((w) => w in UNIT_WORDS)
  const fromHeader = word === undefined ? undefined : UNIT_WORDS[word]
  if (option !== undefined) {
    const why = fromHeader !== undefined && fromHeader !== option ? `${FLAGS.rssUnit} ${option} overrides the header's ${fromHeader}` : `from ${FLAGS.rssUnit}`
    return {unit: option, why}
  }
  if (fromHeader !== undefined && word !== undefined) {
    return {unit: fromHeader, why: LOOSE_UNIT_WORDS.has(word) ? `the header's "${word}" read as ${fromHeader}, as /proc and ps mean it` : 'from the header'}
  }
  const prometheus = header.text.includes('{') || PROMETHEUS_PREFIXES.some((p) => header.metric.startsWith(p))
  return prometheus ? {unit: 'B', why: 'a Prometheus metric, which counts bytes'} : null
}
