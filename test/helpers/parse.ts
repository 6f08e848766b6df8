// Runs the pipeline up to the trace stage on literal text or a file.
import {readFileSync} from 'node:fs'

import {parseTrace, type Trace} from '../../src/trace/parse-trace.js'
import type {TraceEvent} from '../../src/trace/types.js'

/** Splits text as the input layer does for a plain file (a trailing newline ends the last line). */
export function linesOf(text: string): string[] {
  const lines = text.split('\n')
  if (lines.at(-1) === '') lines.pop()
  return lines
}

export async function parseText(text: string): Promise<{trace: Trace; events: TraceEvent[]}> {
  const events: TraceEvent[] = []
  const trace = await parseTrace(linesOf(text), (event) => events.push(event))
  return {trace, events}
}

export async function parseFile(path: string): Promise<{trace: Trace; events: TraceEvent[]}> {
  return parseText(readFileSync(path, 'utf8'))
}
