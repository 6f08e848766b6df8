// PLACEHOLDER — being written; returns nothing until then.
import type {Rule} from './types.js'

export const gcCpuHigh: Rule = {id: 'gc-cpu-high', detect: () => undefined}
