/**
 * `galeon time advance -5m`: Hardhat's argument parser reads every argument that starts with "-" as
 * an option, and stops a negative duration with its own "Options cannot be grouped" error before
 * any task runs. `hardhat.config.ts` (loaded before task arguments are parsed) asks
 * `negativeAdvance` first, so the user reads why instead: the chain's clock only moves forward.
 */

/** The sentence for a negative DURATION of `galeon time advance`. */
export function negativeAdvanceSentence(duration: string): string {
  return (
    `DURATION ${duration} is negative: a chain's clock only moves forward (galeon time advance` +
    ` ${duration.replace(/^-+/, "")} moves it on; to go back, restart the local node or revert to an evm_snapshot)`
  );
}

/**
 * The negative DURATION of a `galeon time advance` command line (`argv` without node and script),
 * or undefined: the first argument after `galeon time advance` that starts with "-" and a digit.
 */
export function negativeAdvance(argv: readonly string[]): string | undefined {
  for (let i = 0; i + 2 < argv.length; i++) {
    if (argv[i] !== "galeon" || argv[i + 1] !== "time" || argv[i + 2] !== "advance") continue;
    return argv.slice(i + 3).find((a) => /^-\d/.test(a));
  }
  return undefined;
}
