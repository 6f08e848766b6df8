// What every gctrace command shares: typed errors become one unwrapped line and an exit code.
import {Command, Errors} from '@oclif/core'

import {EXIT, InputError, NoTraceError} from '../errors.js'

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

  /**
   * With --json, oclif prints every error — even the exit our fail() asks for — as a second JSON
   * document on stdout. Our failures have said what they had to on stderr already.
   */
  protected override async catch(error: Error & {exitCode?: number}): Promise<unknown> {
    if (error instanceof Errors.ExitError) {
      process.exitCode = error.oclif.exit
      return
    }
    return super.catch(error)
  }

  /** The library's typed errors are the user's to fix; anything else is a bug and goes to oclif. */
  protected failOnInput(error: unknown): never {
    if (error instanceof InputError) this.fail(error.message, EXIT.usageOrInput)
    if (error instanceof NoTraceError) this.fail(error.message, EXIT.noTrace)
    throw error
  }
}
