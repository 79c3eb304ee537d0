/**
 * Failures the command line explains in one sentence. Every task turns any error into one line on
 * stderr and an exit code (see `cli.ts`); a `CliError` carries the sentence and the code itself.
 */

/** Exit codes of every Galeon task. */
export const EXIT = {
  /** The chain refused (a revert), or something unexpected happened. */
  FAILED: 1,
  /** The input is malformed: an amount, an address, a file. Nothing was sent. */
  BAD_INPUT: 2,
  /** The environment is wrong: no deployment, node unreachable, wrong chain. Nothing was sent. */
  ENVIRONMENT: 3,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

export class CliError extends Error {
  /**
   * Set when the sentence already says which transactions were sent before the failure (and how
   * to undo them), so the wrapper does not list them a second time.
   */
  reportsSent = false;

  constructor(
    message: string,
    public readonly exitCode: ExitCode = EXIT.FAILED,
  ) {
    super(message);
    this.name = "CliError";
  }
}

/** Malformed input (exit code 2). */
export function badInput(message: string): CliError {
  return new CliError(message, EXIT.BAD_INPUT);
}

/** A missing deployment, an unreachable node, a wrong chain (exit code 3). */
export function environmentError(message: string): CliError {
  return new CliError(message, EXIT.ENVIRONMENT);
}
