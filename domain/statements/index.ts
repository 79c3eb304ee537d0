/**
 * Statements: hospital statement rows and CSV, and the statement and revenue rebuilt from logs.
 * Browser-safe (no Node built-in, no Hardhat).
 */
export * from "./statementFormat.js";
export * from "./statementSource.js";
export * from "./statusSource.js";
