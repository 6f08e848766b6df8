// Every sentence gctrace says to the user about a failure, in one place, so that tests can
// assert the exact message and the wording stays consistent.

export const messages = {
  noInputGiven: () => 'no input: give a trace file, or pipe one in (./server 2>&1 | gctrace analyze -)',
  noTrace: () => 'no gctrace lines found — run the program with GODEBUG=gctrace=1',
  onlyUnrecognized: (count: number, firstLine: number, reason: string) =>
    `no gctrace lines could be read — ${count === 1 ? '1 line looks like runtime output but does' : `${count} lines look like runtime output but do`} not parse (line ${firstLine}: ${reason})`,
  noTimeline: () => '--timeline-csv needs memory samples: give --rss FILE, or analyze a recording folder',
  badGoVersion: (text: string) => `--go-version takes a Go version such as 1.14 or go1.21.3, not "${text}"`,
  badProcessStart: (text: string) => `--process-start takes an ISO 8601 time with its UTC offset, such as 2024-05-01T12:00:00Z, not "${text}"`,
  badFailOn: (text: string, known: string[]) => `--fail-on takes a severity or a finding id (${known.join(', ')}), not "${text}"`,
  failOnMatched: (ids: string[]) => `--fail-on matched: ${ids.join(', ')}`,
  cannotWrite: (path: string, error: unknown) => `cannot write ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
}
