// The window is too short, or too thin, to conclude: say so, and what to record instead.
import {duration} from './format.js'
import type {Rule} from './types.js'

export const notEnoughData: Rule = {
  id: 'not-enough-data',
  detect(context) {
    const {summary, thresholds, timeline} = context
    const tooFewCycles = summary.cycles < thresholds.minCycles
    const tooShort = summary.durationS !== null && summary.durationS < thresholds.minSeconds
    if (!tooFewCycles && !tooShort) return undefined
    const what = [
      tooFewCycles ? `${summary.cycles} cycle${summary.cycles === 1 ? '' : 's'} (fewer than ${thresholds.minCycles})` : '',
      tooShort && summary.durationS !== null ? `${duration(summary.durationS)} between the first and last cycle (under ${duration(thresholds.minSeconds)})` : '',
    ].filter((s) => s !== '')
    return {
      id: 'not-enough-data',
      severity: 'info',
      title: 'The trace is too short to judge trends',
      because: `This run shows ${what.join(' and ')}: too little to tell growth from noise or to see memory being returned, which can take minutes.`,
      evidence: [
        {label: 'cycles', value: summary.cycles, unit: 'cycles'},
        ...(summary.durationS === null ? [] : [{label: 'window', value: Math.round(summary.durationS * 10) / 10, unit: 's'}]),
      ],
      advice: [
        'Record longer — at least a few minutes, through the memory burst and the idle time after it (the periodic GC runs every 2 minutes).',
        `Record with GODEBUG=gctrace=1,scavtrace=1 so the scavenger's returns are visible${timeline === null ? ', and give memory samples (--rss) so RSS can be explained' : ''}.`,
      ],
      references: ['https://pkg.go.dev/runtime#hdr-Environment_Variables'],
      explainsMiB: 0,
    }
  },
}
