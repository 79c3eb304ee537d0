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

/**
 * The name of the Hardhat configuration variable (e.g. `SEPOLIA_RPC_URL`) an error says is not set
 * (Hardhat's HHE7, "Configuration Variable ... not found"), or `undefined`.
 */
export function missingConfigVariable(error: unknown): string | undefined {
  if (typeof error !== "object" || error === null) return undefined;
  const record = error as {
    descriptor?: { number?: unknown };
    messageArguments?: { name?: unknown };
    message?: unknown;
  };
  if (record.descriptor?.number === 7 && typeof record.messageArguments?.name === "string") {
    return record.messageArguments.name;
  }
  const match =
    typeof record.message === "string" ? /Configuration Variable "([^"]+)" not found/.exec(record.message) : null;
  return match?.[1];
}

/** The environment error (exit code 3) for a configuration variable that is not set. */
export function configVariableError(name: string): CliError {
  return environmentError(
    `configuration variable ${name} is not set: store it with \`npx hardhat keystore set ${name}\`` +
      ` or set the environment variable ${name}`,
  );
}
