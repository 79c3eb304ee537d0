/**
 * The command line's gas margin (`gasMultiplier` of a network in hardhat.config.ts), applied in
 * bigint arithmetic. Hardhat 3's own handler reads the block gas limit as a JavaScript number and
 * throws "Value exceeds the safe integer limit" on a node whose blocks report more than 2^53 - 1:
 * anvil with `--disable-block-gas-limit` (what the coverage run starts) reports 2^64 - 1. This
 * plugin's `onRequest` runs before Hardhat's (a project's plugins come after the built-in ones, and
 * chained hooks run from the last plugin to the first): it gives a gasless `eth_sendTransaction`
 * its gas, so Hardhat's handler leaves it alone. Same rule as Hardhat's: the node's estimate times
 * the multiplier, at most 95% of the latest block's gas limit (never below the estimate itself).
 */
import type { HardhatPlugin } from "hardhat/types/plugins";

const gasMarginPlugin: HardhatPlugin = {
  id: "galeon:gas-margin",
  hookHandlers: {
    network: () => import("./gasMarginHook.js"),
  },
};

export default gasMarginPlugin;
