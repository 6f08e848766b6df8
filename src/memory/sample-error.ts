// The memory stage's one error class. It is an InputError, so a command that already turns
// InputError into "bad input" (exit 2) handles it with no new code.
import {InputError} from '../errors.js'

/** A sample file that cannot be read, or cannot be placed on the trace's clock; the message is one line. */
export class SampleError extends InputError {
  override name = 'SampleError'
}
