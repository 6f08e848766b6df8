// Every sentence gctrace says to the user about a failure, in one place, so that tests can
// assert the exact message and the wording stays consistent.

export const messages = {
  noInputGiven: () => 'no input: give a trace file, or pipe one in (./server 2>&1 | gctrace analyze -)',
  noTrace: () => 'no gctrace lines found — run the program with GODEBUG=gctrace=1',
  onlyUnrecognized: (count: number, firstLine: number, reason: string) =>
    `no gctrace lines could be read — ${count === 1 ? '1 line looks like runtime output but does' : `${count} lines look like runtime output but do`} not parse (line ${firstLine}: ${reason})`,
  cannotWrite: (path: string, error: unknown) => `cannot write ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
}
