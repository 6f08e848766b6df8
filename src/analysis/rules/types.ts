// The shape every finding and every rule shares. A rule is one file under rules/, with one
// detect(context) over the same context; ids are stable (JSON, --fail-on) and never renamed.
import type {Segment} from '../../trace/segments.js'
import type {GoVersions} from '../runtime.js'
import type {SegmentSummary} from '../summarize-segment.js'
import type {Thresholds} from '../thresholds.js'
import type {Timeline} from '../timeline.js'

export const FINDING_IDS = [
  'madv-free',
  'peak-not-returned',
  'heap-goal-headroom',
  'idle-periodic-gc',
  'live-heap-growth',
  'non-go-memory',
  'stack-growth',
  'gc-cpu-high',
  'memory-limit-pressure',
  'goal-overshoot',
  'long-stw',
  'thp',
  'not-enough-data',
] as const

export type FindingId = (typeof FINDING_IDS)[number]
export type Severity = 'info' | 'warn' | 'critical'
export const SEVERITY_ORDER: Record<Severity, number> = {critical: 0, warn: 1, info: 2}

export interface Evidence {
  label: string
  value: number
  unit: string
  /** Seconds since process start, when the value belongs to a moment. */
  at?: number
}

export interface Finding {
  id: FindingId
  severity: Severity
  title: string
  /** One paragraph, with the numbers in it. */
  because: string
  evidence: Evidence[]
  advice: string[]
  /** Go runtime docs, golang/go issues. */
  references: string[]
  /**
   * How much of RSS (MiB) this finding accounts for at the end of the window — the memory the
   * user is asking about now; findings are ranked by it. 0 when it is not about memory, or when
   * the memory it describes was given back before the end.
   */
  explainsMiB: number
}

/** Settings the run was recorded with, when known (a recording's meta.json). */
export interface RunEnvironment {
  GODEBUG?: string | null
  GOGC?: string | null
  GOMEMLIMIT?: string | null
  GOMAXPROCS?: string | null
  kernel?: string | null
  thp?: string | null
}

export interface RuleContext {
  segment: Segment
  summary: SegmentSummary
  /** Null without memory samples: rules that need RSS say so instead of guessing. */
  timeline: Timeline | null
  goVersions: GoVersions
  thresholds: Thresholds
  environment: RunEnvironment | null
}

/** A finding, nothing to report, or why the rule could not judge. */
export type RuleResult = Finding | undefined | {insufficientData: string}

export interface Rule {
  id: FindingId
  detect(context: RuleContext): RuleResult
  /** Findings this one makes redundant when both are present (it explains the same MiB better). */
  supersedes?: FindingId[]
}
