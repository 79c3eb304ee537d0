/**
 * Amounts and tokens: parsing and formatting in token units, ERC-20 symbol and decimals. Browser-
 * safe (no Node built-in, no Hardhat).
 */
export * from "./amounts.js";
export * from "./tokens.js";
