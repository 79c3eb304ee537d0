/**
 * Refusals: `CliError` and exit codes, revert decoding, and every error sentence. Browser-safe (no
 * Node built-in, no Hardhat).
 */
export * from "./refusal.js";
export * from "./revert.js";
export * from "./sentences/base.js";
export * from "./sentences/buyback.js";
export * from "./sentences/dao.js";
export * from "./sentences/escrow.js";
export * from "./sentences/router.js";
export * from "./sentences/say.js";
export * from "./explain.js";
