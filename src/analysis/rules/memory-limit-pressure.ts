// PLACEHOLDER — being written; returns nothing until then.
import type {Rule} from './types.js'

export const memoryLimitPressure: Rule = {id: 'memory-limit-pressure', detect: () => undefined}
