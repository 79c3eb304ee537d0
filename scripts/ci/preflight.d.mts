/** Types of `preflight.mjs` (plain JavaScript so that an old Node can run it and say what to do). */
export interface DiagnoseOptions {
  /** The project root (default: this repository). */
  root?: string;
  /** The Node version to judge (default: the running one). */
  nodeVersion?: string;
  /** `process.platform` to judge (default: this machine's). */
  platform?: string;
  /** `process.arch` to judge (default: this machine's). */
  arch?: string;
}

/** What stops Hardhat from starting here, as one sentence ending with the command to run; or undefined. */
export function diagnose(options?: DiagnoseOptions): string | undefined;

/** Prints the problem as one line on stderr and exits 3; returns when all is well. */
export function preflight(root?: string): void;
