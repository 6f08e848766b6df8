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
  takeParts(rssMiB, sample.fileKiB, sample.lazyFreeKiB, heap)
  const parts: AttributionPart[] = []
  for (let step = 0; step < STEPS.length; step++) {
    const mib = taken[step] as number
    if (Number.isNaN(mib)) continue
    const {id, label, basis} = STEPS[step] as Step
    parts.push({id, label, mib, basis})
  }
  return {at: sample.at, rssMiB, parts}
}

/**
 * partMiB(attributeSample(…), id) without building the attribution: rules that look at every
 * sample (a week of them is a million) made ten objects a sample that way, ~1 GB each to collect.
 */
export function samplePartMiB(rssKiB: number, fileKiB: number | undefined, lazyFreeKiB: number | undefined, heap: HeapState, id: AttributionPartId): number {
  takeParts(rssKiB / 1024, fileKiB, lazyFreeKiB, heap)
  for (let step = 0; step < STEPS.length; step++) if ((STEPS[step] as Step).id === id && !Number.isNaN(taken[step] as number)) return taken[step] as number
  return 0
}

interface Step {
  id: AttributionPartId
  basis: Basis
  label: string
}

/** The parts in the order they are taken; released-resident is measured (LazyFree) or, without it, estimated later. */
const STEPS: readonly Step[] = [
  {id: 'file-backed', basis: 'measured', label: PART_LABELS['file-backed']},
  {id: 'released-resident', basis: 'measured', label: PART_LABELS['released-resident']},
  {id: 'live-heap', basis: 'runtime', label: PART_LABELS['live-heap']},
  {id: 'stacks', basis: 'runtime', label: PART_LABELS.stacks},
  {id: 'globals', basis: 'runtime', label: PART_LABELS.globals},
  {id: 'heap-growth', basis: 'estimated', label: PART_LABELS['heap-growth']},
  {id: 'idle-heap', basis: 'estimated', label: PART_LABELS['idle-heap']},
  {id: 'released-resident', basis: 'estimated', label: RELEASED_UNMEASURED_LABEL},
  {id: 'outside-go', basis: 'estimated', label: PART_LABELS['outside-go']},
]

/** What each step of the last takeParts took, MiB; NaN where it took nothing (one array, reused). */
const taken = new Float64Array(STEPS.length)
/** RSS not yet taken by a part, during takeParts. */
let left = 0

function take(step: number, mib: number | null | undefined): void {
  if (mib === null || mib === undefined || !(mib > 0)) {
    taken[step] = Number.NaN
    return
  }
  const part = Math.min(left, mib)
  left -= part
  taken[step] = part
}

/** Splits RSS into the parts, each capped by what is left, into `taken` by step. */
function takeParts(rssMiB: number, fileKiB: number | undefined, lazyFreeKiB: number | undefined, heap: HeapState): void {
  left = rssMiB
  const lazyFreeMiB = lazyFreeKiB === undefined ? null : lazyFreeKiB / 1024
  take(0, fileKiB === undefined ? null : fileKiB / 1024)
  take(1, lazyFreeMiB)
  take(2, heap.liveMB)
  take(3, heap.stacksMB)
  take(4, heap.globalsMB)
  take(5, heap.inUseMB - heap.liveMB)
  // Retained = what the heap ever reached, less what the scavenger says it released (LazyFree
  // pages are among those already); without scavenger reports, less LazyFree alone.
  const released = heap.releasedMiB ?? lazyFreeMiB ?? 0
  take(6, heap.peakHeapMB - released - heap.inUseMB)
  // Without LazyFree, memory the scavenger returned may still be resident (MADV_FREE) or may be
  // gone: what RSS has left up to the amount released is that, rather than memory outside Go.
  take(7, lazyFreeMiB === null ? heap.releasedMiB : null)
  take(8, left)
}

/** The MiB of one part, 0 when absent. */
export function partMiB(attribution: Attribution, id: AttributionPartId): number {
  return attribution.parts.find((part) => part.id === id)?.mib ?? 0
}
