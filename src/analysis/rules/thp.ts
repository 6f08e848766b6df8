// PLACEHOLDER — being written; returns nothing until then.
import type {Rule} from './types.js'

export const thp: Rule = {id: 'thp', detect: () => undefined}
