/**
 * Metered jobs: the escrow's locks read from its events, and the checks (with their sentences) that
 * `buyer fund` and `buyer refund` run before anything is sent. Browser-safe (no Node built-in, no Hardhat).
 */
export * from "./jobs.js";
export * from "./jobCheck.js";
