/** Types of `abi.mjs`. */

/** The files `abi/` must hold, by file name, generated from `artifacts/` (throws when there is no build). */
export function generate(): Map<string, string>;

/** Names of the files of `dir` (default `abi/`) that differ from `files`: missing, changed or extra. */
export function stale(files: Map<string, string>, dir?: string): string[];
