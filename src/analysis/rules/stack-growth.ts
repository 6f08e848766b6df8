// PLACEHOLDER — being written; returns nothing until then.
import type {Rule} from './types.js'

export const stackGrowth: Rule = {id: 'stack-growth', detect: () => undefined}
