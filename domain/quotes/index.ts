/**
 * Quotes: the EIP-712 quote, the quote file (written and checked), usage entries, the split and
 * its preview. Browser-safe (no Node built-in, no Hardhat).
 */
export * from "./quote.js";
export * from "./quoteFile.js";
export * from "./quoteSplit.js";
export * from "./split.js";
export * from "./usage.js";
export * from "./quoteCheck.js";
