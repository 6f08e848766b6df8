// Splits one RSS sample into the parts the runtime's own numbers explain, and what nothing
// explains. The model and its assumptions are in docs/diagnosis.md ("Attribution").
//
// Parts are taken in order — measured first, then what the runtime printed, then estimates —
// and each is capped by what RSS has left, so the parts always add up to RSS and an estimate
// can never push a measured part out.
import type {HeapState} from './heap-state.js'

export type AttributionPartId = 'file-backed' | 'released-resident' | 'live-heap' | 'stacks' | 'globals' | 'heap-growth' | 'idle-heap' | 'outside-go'

/** measured: read from /proc; runtime: printed by the runtime; estimated: worked out by gctrace. */
export type Basis = 'measured' | 'runtime' | 'estimated'

export interface AttributionPart {
  id: AttributionPartId
  label: string
  mib: number
  basis: Basis
}

export interface Attribution {
  at: number
  rssMiB: number
  parts: AttributionPart[]
}

export const PART_LABELS: Record<AttributionPartId, string> = {
  'file-backed': 'file-backed pages (the binary, mapped files)',
  'released-resident': 'returned to the OS with MADV_FREE, still counted in RSS (LazyFree)',
  'live-heap': 'live heap (marked at the last cycle)',
  stacks: 'goroutine stacks',
  globals: 'globals (data and bss)',
  'heap-growth': 'heap allocated since the last cycle, on the way to the goal',
  'idle-heap': 'heap kept by the runtime, idle and not yet returned to the OS',
  'outside-go': 'outside the Go heap and stacks (cgo, mmap, C libraries, runtime metadata)',
}

const RELEASED_UNMEASURED_LABEL = 'returned to the OS, possibly still counted in RSS (LazyFree not sampled)'

export interface SampleMemory {
  at: number
  rssKiB: number
  fileKiB?: number
  lazyFreeKiB?: number
}

export function attributeSample(sample: SampleMemory, heap: HeapState): Attribution {
  const rssMiB = sample.rssKiB / 1024
  let left = rssMiB
  const parts: AttributionPart[] = []
  const take = (id: AttributionPartId, mib: number | null | undefined, basis: Basis, label = PART_LABELS[id]) => {
    if (mib === null || mib === undefined || !(mib > 0)) return
    const taken = Math.min(left, mib)
    left -= taken
    parts.push({id, label, mib: taken, basis})
  }
  const lazyFreeMiB = sample.lazyFreeKiB === undefined ? null : sample.lazyFreeKiB / 1024
  take('file-backed', sample.fileKiB === undefined ? null : sample.fileKiB / 1024, 'measured')
  take('released-resident', lazyFreeMiB, 'measured')
  take('live-heap', heap.liveMB, 'runtime')
  take('stacks', heap.stacksMB, 'runtime')
  take('globals', heap.globalsMB, 'runtime')
  take('heap-growth', heap.inUseMB - heap.liveMB, 'estimated')
  // Retained = what the heap ever reached, less what the scavenger says it released (LazyFree
  // pages are among those already); without scavenger reports, less LazyFree alone.
  const released = heap.releasedMiB ?? lazyFreeMiB ?? 0
  take('idle-heap', heap.peakHeapMB - released - heap.inUseMB, 'estimated')
  // Without LazyFree, memory the scavenger returned may still be resident (MADV_FREE) or may be
  // gone: what RSS has left up to the amount released is that, rather than memory outside Go.
  if (lazyFreeMiB === null) take('released-resident', heap.releasedMiB, 'estimated', RELEASED_UNMEASURED_LABEL)
  take('outside-go', left, 'estimated')
  return {at: sample.at, rssMiB, parts}
}

/** The MiB of one part, 0 when absent. */
export function partMiB(attribution: Attribution, id: AttributionPartId): number {
  return attribution.parts.find((part) => part.id === id)?.mib ?? 0
}
