// --passthrough as the library does it: lines through the parser, app bytes out, runtime lines held back.
import test from 'ava'
import {EventEmitter} from 'node:events'

import {parseLive} from '../../src/cli/live-input.js'
import type {Input} from '../../src/input/open-input.js'
import {APP_WRITES, b, GC1, GC2_HEAD, MIXED} from './mixed-input.js'

function inputOf(parts: Buffer[]): Input {
  async function* chunks() {
    for (const part of parts) yield part
  }
  return {name: 'test', sizeBytes: null, chunks: chunks(), bytesRead: () => 0, recycle: () => {}}
}

/** A stdout that keeps what it is given. */
function sink(): {stream: NodeJS.WriteStream; bytes: () => Buffer} {
  const got: Buffer[] = []
  const stream = Object.assign(new EventEmitter(), {write: (chunk: Buffer) => got.push(Buffer.from(chunk)) > 0, isTTY: false})
  return {stream: stream as unknown as NodeJS.WriteStream, bytes: () => Buffer.concat(got)}
}

async function passthrough(parts: Buffer[]) {
  const out = sink()
  const result = await parseLive(inputOf(parts), {passthrough: true, intervalMs: 250, stdout: out.stream})
  return {out: out.bytes(), trace: result.trace}
}

test('app lines go out byte for byte; runtime lines do not; spliced app text comes back whole', async (t) => {
  const {out, trace} = await passthrough([MIXED])
  t.deepEqual(out.toString('latin1'), Buffer.concat(APP_WRITES).toString('latin1'))
  t.true(out.equals(Buffer.concat(APP_WRITES)))
  t.is(trace.lines.cycles, 3)
  t.is(trace.lines.scavenger, 1)
  t.is(trace.splices.mended, 2)
})

test('the same bytes whatever the chunks (every cut of the input into two)', async (t) => {
  const expected = Buffer.concat(APP_WRITES)
  for (let cut = 0; cut <= MIXED.length; cut += 7) {
    const {out} = await passthrough([MIXED.subarray(0, cut), MIXED.subarray(cut)])
    if (!out.equals(expected)) return t.fail(`cut at ${cut}: ${JSON.stringify(out.toString('latin1'))}`)
  }
  t.pass()
})

test('lines that look like runtime output but do not parse are passed on (nothing of the program is lost)', async (t) => {
  const input = b('gc is a word apps use\ngc 12 @ not really\nscav what\n' + GC1 + '\n')
  const {out, trace} = await passthrough([input])
  t.is(out.toString('latin1'), 'gc is a word apps use\ngc 12 @ not really\nscav what\n')
  t.is(trace.lines.cycles, 1)
})

test('a runtime line cut and never completed is passed on whole, with the lines after it in order', async (t) => {
  const input = b(GC2_HEAD + 'app a\n' + 'app b\n' + 'app c\n' + 'app d\n' + 'app e\n' + 'app f\n')
  const {out} = await passthrough([input])
  t.is(out.toString('latin1'), GC2_HEAD + 'app a\n' + 'app b\n' + 'app c\n' + 'app d\n' + 'app e\n' + 'app f\n')
})
