// Runs every rule over one context and ranks what they found: by the MiB each explains, then by
// severity. A rule that could not judge (no memory samples, too few cycles) says why, and those
// reasons become part of the not-enough-data finding.
import {gcCpuHigh} from './gc-cpu-high.js'
import {goalOvershoot} from './goal-overshoot.js'
import {heapGoalHeadroom} from './heap-goal-headroom.js'
import {idlePeriodicGc} from './idle-periodic-gc.js'
import {liveHeapGrowth} from './live-heap-growth.js'
import {longStw} from './long-stw.js'
import {madvFree} from './madv-free.js'
import {memoryLimitPressure} from './memory-limit-pressure.js'
import {nonGoMemory} from './non-go-memory.js'
import {notEnoughData} from './not-enough-data.js'
import {peakNotReturned} from './peak-not-returned.js'
import {stackGrowth} from './stack-growth.js'
import {thp} from './thp.js'
import {type Finding, type FindingId, type Rule, type RuleContext, SEVERITY_ORDER} from './types.js'

/** Every rule, by id: a missing one fails to compile. */
export const RULES: Record<FindingId, Rule> = {
  'madv-free': madvFree,
  // Before peak-not-returned: when both hold the same MiB, "it waited for the periodic GC" is the better first answer.
  'idle-periodic-gc': idlePeriodicGc,
  'peak-not-returned': peakNotReturned,
  'heap-goal-headroom': heapGoalHeadroom,
  'live-heap-growth': liveHeapGrowth,
  'non-go-memory': nonGoMemory,
  'stack-growth': stackGrowth,
  'gc-cpu-high': gcCpuHigh,
  'memory-limit-pressure': memoryLimitPressure,
  'goal-overshoot': goalOvershoot,
  'long-stw': longStw,
  thp,
  'not-enough-data': notEnoughData,
}

export interface Findings {
  findings: Finding[]
  /** Rules that could not judge, and why. */
  notJudged: {id: FindingId; reason: string}[]
}

export function detectFindings(context: RuleContext): Findings {
  const found: Finding[] = []
  const notJudged: Findings['notJudged'] = []
  for (const rule of Object.values(RULES)) {
    if (rule.id === 'not-enough-data') continue
    const result = rule.detect(context)
    if (result === undefined) continue
    if ('insufficientData' in result) notJudged.push({id: rule.id, reason: result.insufficientData})
    else found.push(result)
  }
  const present = new Set(found.map((f) => f.id))
  const superseded = new Set(Object.values(RULES).flatMap((rule) => (present.has(rule.id) ? (rule.supersedes ?? []) : [])))
  const findings = found.filter((f) => !superseded.has(f.id))
  const short = notEnoughData.detect(context)
  if (short !== undefined && !('insufficientData' in short)) findings.push(withReasons(short, notJudged))
  else if (notJudged.length > 0) findings.push(withReasons(notEnoughDataFromReasons(), notJudged))
  findings.sort((a, b) => b.explainsMiB - a.explainsMiB || SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity])
  return {findings, notJudged}
}

function notEnoughDataFromReasons(): Finding {
  return {
    id: 'not-enough-data',
    severity: 'info',
    title: 'Some checks could not run on this input',
    because: 'Some of gctrace’s checks need data this input does not have.',
    evidence: [],
    advice: [],
    references: [],
    explainsMiB: 0,
  }
}

function withReasons(finding: Finding, notJudged: Findings['notJudged']): Finding {
  if (notJudged.length === 0) return finding
  const byReason = new Map<string, FindingId[]>()
  for (const {id, reason} of notJudged) byReason.set(reason, [...(byReason.get(reason) ?? []), id])
  const reasons = [...byReason].map(([reason, ids]) => `${ids.join(', ')} (${reason})`).join('; ')
  return {...finding, because: `${finding.because} Not judged: ${reasons}.`}
}
