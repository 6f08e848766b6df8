// "Why is RSS high?": the attribution at the RSS peak and at the end, then the findings, each
// with its paragraph and advice. The first thing the terminal page shows.
import type {Attribution} from '../analysis/attribution.js'
import type {Diagnosis} from '../analysis/index.js'
import type {Finding} from '../analysis/rules/types.js'

export interface Style {
  bold(text: string): string
  dim(text: string): string
  severity(finding: Finding): string
}

/** Paragraphs are wrapped to this width. */
const WIDTH = 100

export function renderDiagnosisText(diagnosis: Diagnosis, style: Style): string[] {
  const out: string[] = [style.bold('Why is RSS high?')]
  const {attribution} = diagnosis
  if (attribution === null) {
    out.push(...wrap('No memory samples were given, so RSS itself cannot be split up; the findings below come from the trace alone. Give samples with --rss FILE, or analyze a recording folder.', '  '))
  } else {
    out.push(...renderAttribution('at the RSS peak', attribution.atPeak, style))
    if (attribution.atEnd.at !== attribution.atPeak.at) out.push(...renderAttribution('at the end', attribution.atEnd, style))
  }
  out.push('')
  const {findings} = diagnosis
  if (findings.length === 0) out.push('  No findings: nothing in this run stands out.')
  findings.forEach((finding, i) => {
    const explains = finding.explainsMiB >= 1 ? style.dim(` · explains ${Math.round(finding.explainsMiB)} MiB`) : ''
    out.push(`  ${i + 1}. ${style.severity(finding)} ${style.bold(finding.title)} ${style.dim(`[${finding.id}]`)}${explains}`)
    out.push(...wrap(finding.because, '     '))
    for (const advice of finding.advice) out.push(...wrap(advice, '     → ', '       '))
    out.push('')
  })
  return out
}

function renderAttribution(when: string, attribution: Attribution, style: Style): string[] {
  const rows = [`  ${style.bold(`${Math.round(attribution.rssMiB)} MiB RSS ${when}`)} ${style.dim(`@${attribution.at.toFixed(1)}s`)}`]
  for (const part of [...attribution.parts].sort((a, b) => b.mib - a.mib)) {
    if (part.mib < 0.5) continue
    const share = attribution.rssMiB > 0 ? Math.round((part.mib / attribution.rssMiB) * 100) : 0
    rows.push(`    ${String(Math.round(part.mib)).padStart(6)} MiB ${String(share).padStart(3)}%  ${part.label}${part.basis === 'estimated' ? style.dim(' (estimated)') : ''}`)
  }
  return rows
}

function wrap(text: string, indent: string, continuation = indent): string[] {
  const lines: string[] = []
  let line = indent
  for (const word of text.split(/\s+/)) {
    if (line.length + word.length + 1 > WIDTH && line.trim() !== '' && line !== indent) {
      lines.push(line)
      line = continuation
    }
    line += line === indent || line === continuation ? word : ` ${word}`
  }
  if (line.trim() !== '') lines.push(line)
  return lines
}
