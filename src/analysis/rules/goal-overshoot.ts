// PLACEHOLDER — being written; returns nothing until then.
import type {Rule} from './types.js'

export const goalOvershoot: Rule = {id: 'goal-overshoot', detect: () => undefined}
