// PLACEHOLDER — being written; returns nothing until then.
import type {Rule} from './types.js'

export const liveHeapGrowth: Rule = {id: 'live-heap-growth', detect: () => undefined}
