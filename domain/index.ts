/**
 * The domain layer: what the command line, the indexer and the wallet app share, grouped by
 * subject. Browser-safe: no Node built-in, no Hardhat, nothing from `scripts/`, `indexer/` or
 * `test/` (test/ts/domain/browserSafe.test.ts proves it). Import a group (`domain/quotes/index.js`)
 * or a file; this index names each group.
 */
export * as amounts from "./amounts/index.js";
export * as chain from "./chain/index.js";
export * as errors from "./errors/index.js";
export * as governance from "./governance/index.js";
export * as jobs from "./jobs/index.js";
export * as quotes from "./quotes/index.js";
export * as statements from "./statements/index.js";
