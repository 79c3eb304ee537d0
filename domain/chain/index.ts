/**
 * Chain access without Node: addresses, Ignition future names, logs and router events, allowance
 * slots, EIP-2612 permits, `eth_call` simulation, EIP-1193 helpers. Browser-safe (no Node
 * built-in, no Hardhat).
 */
export * from "./addresses.js";
export * from "./allowance.js";
export * from "./futures.js";
export * from "./logs.js";
export * from "./permit.js";
export * from "./routerEvents.js";
export * from "./rpc.js";
export * from "./simulate.js";
export * from "./chainTime.js";
export * from "./hospitals.js";
