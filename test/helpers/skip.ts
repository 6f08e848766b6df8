// A test that cannot run here (no Go, no script(1), no /proc) says why and passes: ava fails a
// test that makes no assertion, and a machine without the tool is a fresh machine, not a failure.
import type {ExecutionContext} from 'ava'

/** Logs `why` (ending in "skipped") and passes the test; the caller returns after it. */
export function skipWith(t: ExecutionContext, why: string): void {
  t.log(why)
  t.pass()
}
