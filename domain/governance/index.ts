/**
 * Governance: proposal actions (parse, encode, decode into sentences), proposal simulation, the
 * post-deployment check. Browser-safe (no Node built-in, no Hardhat).
 */
export * from "./ballot.js";
export * from "./check.js";
export * from "./checks.js";
export * from "./governance.js";
export * from "./simulation.js";
