// What every gctrace command shares: failing with one unwrapped line and an exit code.
import {Command} from '@oclif/core'

import {InputError} from '../errors.js'
import {EXIT} from '../errors.js'

export abstract class GctraceCommand extends Command {
  /**
   * Ends the command with a one-line message on stderr and `exit`. oclif's own this.error()
   * wraps long messages to the terminal's width, which breaks "one line per error" for
   * scripts that read stderr.
   */
  protected fail(message: string, exit: number): never {
    process.stderr.write(`gctrace: ${message}\n`)
    this.exit(exit)
  }

  /** Input errors are the user's to fix (exit 2); anything else is a bug and goes to oclif. */
  protected failOnInput(error: unknown): never {
    if (error instanceof InputError) this.fail(error.message, EXIT.usageOrInput)
    throw error
  }
}
