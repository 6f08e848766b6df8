// PLACEHOLDER — being written; returns nothing until then.
import type {Rule} from './types.js'

export const longStw: Rule = {id: 'long-stw', detect: () => undefined}
