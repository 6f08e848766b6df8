// Every sentence gctrace says to the user about a failure, in one place, so that tests can
// assert the exact message and the wording stays consistent.

export const messages = {
  noInputGiven: () => 'no input: give a trace file, or pipe one in (./server 2>&1 | gctrace analyze -)',
  noTrace: () => 'no gctrace lines found — run the program with GODEBUG=gctrace=1',
  heapNearlyFull: (name: string, cycles: number, usedBytes: number, limitBytes: number) => {
    const mib = (bytes: number) => Math.round(bytes / 2 ** 20).toLocaleString('en-US')
    const more = Math.ceil((limitBytes * 3) / 2 ** 30) * 1024
    return `${name}: too large for this process's memory: ${cycles.toLocaleString('en-US')} cycles read, ${mib(usedBytes)} of ${mib(limitBytes)} MiB of JavaScript heap in use; give Node more with NODE_OPTIONS=--max-old-space-size=${more} (MiB) if the machine has it, or analyze part of the log`
  },
  onlyUnrecognized: (count: number, firstLine: number, reason: string) =>
    `no gctrace lines could be read — ${count === 1 ? '1 line looks like runtime output but does' : `${count} lines look like runtime output but do`} not parse (line ${firstLine}: ${reason})`,
  noTimeline: () => '--timeline-csv needs memory samples: give --rss FILE, or analyze a recording folder',
  badGoVersion: (text: string) => `--go-version takes a Go version such as 1.14 or go1.21.3, not "${text}"`,
  badProcessStart: (text: string) => `--process-start takes an ISO 8601 time with its UTC offset, such as 2024-05-01T12:00:00Z, not "${text}"`,
  badFailOn: (text: string, known: string[]) => `--fail-on takes a severity or a finding id (${known.join(', ')}), not "${text}"`,
  failOnMatched: (ids: string[]) => `--fail-on matched: ${ids.join(', ')}`,
  cannotWrite: (path: string, error: unknown) => `cannot write ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
  // gctrace run, and the live pipe of analyze (--passthrough, --pid, --out).
  runNoCommand: () => 'no command: give the program after --, e.g. gctrace run -- ./server --port 8080',
  commandNotFound: (command: string) => `${command}: command not found`,
  commandNotExecutable: (command: string, why: string) => `${command}: cannot run it (${why})`,
  badInterval: (text: string) => `--interval takes milliseconds from 10 to 60000, not "${text}"`,
  badPid: (text: string) => `--pid takes a process id, not "${text}"`,
  pidNotFound: (pid: number) => `--pid ${pid}: no such process`,
  pidStartUnknown: (pid: number) => `the start time of process ${pid} is unknown: its samples count from when gctrace began, not from the process start`,
  pidNoSamples: (pid: number) => `no memory sample of process ${pid} was taken (it ended, or its /proc is not readable)`,
  sampledWithPs: () => 'memory sampled with ps (no /proc here): RSS only — LazyFree, RssAnon/RssFile and the cgroup are unknown, so memory released with MADV_FREE cannot be told apart',
  passthroughWithJson: () => '--passthrough writes the program\'s lines to stdout, so --json cannot go there too; add --out DIR and run gctrace analyze DIR --json afterwards',
  runEnded: (command: string, how: string, seconds: number, dir: string) => `${command} ${how} after ${seconds.toFixed(1)} s; recording in ${dir}`,
  runExitedWith: (code: number) => `exited with code ${code}`,
  runKilledBy: (signal: string, code: number) => `was ended by ${signal} (exit code ${code})`,
  runKilledByGctrace: () => 'was killed by gctrace after a second interrupt (SIGKILL, exit code 137)',
  interruptPassed: (signal: string, pid: number) => `${signal} passed on to the program (pid ${pid}); ${signal === 'SIGINT' ? 'Ctrl-C' : 'the same signal'} again kills it`,
  interruptSeen: (pid: number) => `interrupt: the program (pid ${pid}) got it from the terminal too; Ctrl-C again kills it`,
  interruptKilled: (pid: number) => `killing the program (pid ${pid}) with SIGKILL`,
  goRunDetected: () =>
    '`go run` was traced: GODEBUG reaches the go command and the compiler too, so their gc lines come first and the cycle numbers restart at gc 1 for each process; the diagnosis is of the last one. Build first and run the binary: go build -o ./prog . && gctrace run -- ./prog',
  goRunRestarts: (segments: number) => `the trace holds ${segments} runs (the cycle numbers restart at gc 1): with go run the first ones are the go command and the compiler`,
  emptyTrace: (reason: string) => `no gctrace lines: ${reason}`,
  emptyNotGo: (executable: string) => `${executable} is not a Go program (it carries no Go build info), and nothing it started printed a GC trace either`,
  emptyUserGodebug: (setting: string) => `GODEBUG sets ${setting} (yours, kept as it was), so the runtime printed no trace; run again without it`,
  emptyGogcOff: () => 'GOGC=off without GOMEMLIMIT: the collector never runs, so there is no cycle to print',
  emptyNoGcYet: (seconds: number) =>
    `the program ended after ${seconds.toFixed(2)} s without a garbage collection: its heap never reached the first goal (4 MB × GOGC/100), and the periodic GC comes only after 2 minutes`,
  emptyNoCycle: (version: string) =>
    `the program (${version}) printed no GC trace: no cycle ran, or it sends its stderr (fd 2) somewhere else, or it overrides GODEBUG for itself`,
  emptyUnknownVersion: () => 'the program printed no GC trace, and its Go version could not be read from the executable (not a Go program, or a script that starts one)',
  emptyKept: (dir: string) => `the recording is kept in ${dir}`,
  goVersionUnknown: (executable: string) => `the Go version of ${executable} could not be read (not a Go binary, or a script): advice follows the line shapes instead`,
  inputInterrupted: () => 'input cut short by Ctrl-C: the analysis is of what arrived until then',
  recordingWritten: (dir: string) => `recording written to ${dir}`,
}
