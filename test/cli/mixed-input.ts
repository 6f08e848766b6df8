// A trace with the program's own writes and the runtime's mixed, as they land on one stderr.
export const GC1 = 'gc 1 @0.017s 0%: 0.083+0.72+0.002 ms clock, 0.16+0/0.11/0.17+0.005 ms cpu, 3->4->1 MB, 4 MB goal, 0 MB stacks, 0 MB globals, 2 P'
export const GC2_HEAD = 'gc 2 @0.030s 0%: 0.026+0.42+0.002 ms clock, 0.053+0.18/0/0+0.005 ms cpu, 3->3->1 MB, '
export const GC2_TAIL = '4 MB goal, 0 MB stacks, 0 MB globals, 2 P'
export const GC3 = 'gc 3 @0.041s 0%: 0.032+0.44+0.002 ms clock, 0.065+0/0.096/0.12+0.005 ms cpu, 3->3->1 MB, 4 MB goal, 0 MB stacks, 0 MB globals, 2 P'
export const SCAV = 'scav 0 KiB work, 3480 KiB total, 99% util'

export const b = (text: string) => Buffer.from(text, 'latin1')

/** The program's own writes, in order, and the stream with the runtime's writes mixed in. */
export const APP_WRITES = [
  b('app one\n'),
  b('app two with a bad \xff byte\r\n'),
  b('app three, spliced into a gc line \xfe\r\n'),
  b('app four, between the pieces\n'),
  b('app five, after a gc line but before its newline\n'),
  Buffer.from('app six ∆ ünï\n'),
  b('app seven without a newline at the end'),
]
export const MIXED = Buffer.concat([
  APP_WRITES[0]!,
  b(GC1 + '\n'),
  APP_WRITES[1]!,
  b(GC2_HEAD),
  APP_WRITES[2]!,
  APP_WRITES[3]!,
  b(GC2_TAIL + '\n'),
  b(SCAV + '\n'),
  b(GC3),
  APP_WRITES[4]!,
  b('\n'),
  APP_WRITES[5]!,
  APP_WRITES[6]!,
])

