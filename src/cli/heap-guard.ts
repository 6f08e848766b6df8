// A trace too large for the JavaScript heap: a clear one-line error before V8 aborts.
//
// Cycles, scavenger reports and pacer lines are kept as columns outside the heap
// (trace/cycle-table.ts), but what a log can still pile up on it (a record for each place the
// cycle numbers skip, a segment for each restart) can fill Node's default
// heap (about 4 GB on a 64-bit machine with 16 GB or more). V8 then aborts with a FATAL ERROR and
// a core dump, after minutes of back-to-back full collections. Checked between batches of lines; V8 collects hard when it is this full, so what
// is in use there is nearly all live.
import {getHeapStatistics} from 'node:v8'

import {InputError} from '../errors.js'
import {messages} from '../messages.js'

/** The share of the old generation's limit past which reading stops. */
const FULL = 0.9
/**
 * V8's heap limit counts the young generation's most (3 × 16 MiB semi-spaces on 64-bit) on top
 * of --max-old-space-size; the old generation is what fills up.
 */
const YOUNG_GENERATION_BYTES = 48 * 2 ** 20
/** Checks in a row over the line: one could be garbage about to be collected; three are not. */
const CHECKS_OVER = 3

export class HeapGuard {
  private readonly oldLimit: number
  private over = 0

  /** `limitBytes`: the heap limit to judge against (tests); V8's own by default. */
  constructor(private readonly limit = getHeapStatistics().heap_size_limit) {
    this.oldLimit = Math.max(limit - YOUNG_GENERATION_BYTES, limit / 2)
  }

  /** Throws InputError when the heap stays nearly full; `cycles` read so far, for the message. */
  check(cycles: number, name: string): void {
    const used = getHeapStatistics().used_heap_size
    this.over = used > FULL * this.oldLimit ? this.over + 1 : 0
    if (this.over >= CHECKS_OVER) throw new InputError(messages.heapNearlyFull(name, cycles, used, this.limit))
  }
}
