import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";

import hardhatToolboxMochaEthersPlugin from "@nomicfoundation/hardhat-toolbox-mocha-ethers";
import { configVariable, defineConfig } from "hardhat/config";

import { preflight } from "./scripts/ci/preflight.mjs";
import compilerWarningsPlugin from "./scripts/lib/compilerWarnings.js";
import gasMarginPlugin from "./scripts/lib/gasMargin.js";
import { rewriteHelpOutput } from "./scripts/lib/help.js";
import { negativeAdvance, negativeAdvanceSentence } from "./scripts/lib/timeArgs.js";
import { galeonTasks } from "./scripts/tasks/index.js";

const require = createRequire(import.meta.url);

// Hardhat loads this file before its native EDR package (which loads on the first network
// connection): a node_modules installed under an old Node lacks it, and Hardhat would then advise
// removing package-lock.json. The preflight says what to run instead, in one line, and exits 3.
preflight(path.dirname(fileURLToPath(import.meta.url)));

// `galeon time advance -5m`: Hardhat would stop it with "Options cannot be grouped" (an argument that
// starts with "-" is an option to its parser); say why a clock cannot go back instead (exit 2).
const negative = negativeAdvance(process.argv.slice(2));
if (negative !== undefined) {
  console.error(`error: ${negativeAdvanceSentence(negative)}`);
  process.exit(2);
}

// `npx hardhat <task> --help`: values shown as `<STRING>`, not Hardhat's `<STRING_WITHOUT_DEFAULT>`, and
// required options without brackets (scripts/lib/help.ts).
rewriteHelpOutput(process.argv.slice(2));

// Galeon's command line sends nothing anywhere but the chosen RPC node: no Hardhat telemetry
// (which, on an interactive terminal, Hardhat 3 otherwise sends until told not to).
process.env.HARDHAT_DISABLE_TELEMETRY ??= "true";

/// The compiler comes from the pinned npm `solc` package (no download); its version must match.
const SOLC_VERSION = "0.8.30";
const solcPackageVersion: string = require("solc/package.json").version;
if (solcPackageVersion !== SOLC_VERSION) {
  throw new Error(`hardhat.config.ts declares solc ${SOLC_VERSION} but the npm solc package is ${solcPackageVersion}`);
}

/** The one compiler configuration of every build profile (see `solidity.profiles` below). */
const COMPILER = {
  version: SOLC_VERSION,
  path: require.resolve("solc/soljson.js"),
  // Key order matters to Hardhat's build cache (the job hash is a hash of the settings as JSON), and
  // Hardhat puts `optimizer` before the other keys of the production profile: keep it first.
  settings: {
    optimizer: { enabled: true, runs: 10_000 },
    evmVersion: "cancun",
  },
  // Hardhat's defaults for "default"; "production" would otherwise compile each file alone and
  // record the Hardhat version in the build info, which changes every build id.
  isolated: false,
  toolVersionsInBuildInfo: false,
};

/**
 * The command line's transactions get 20% more gas than estimated (unused gas is not paid): a gas
 * estimate is made against one block's state and time, and the transaction can run in a later one
 * where a time-dependent path (a buy-back window opening, an observation aging) costs more.
 * Ignition sends its own estimate and is not affected. Hardhat's `gasMultiplier` applies it; the
 * `gasMarginPlugin` (scripts/lib/gasMargin.ts) does Hardhat's arithmetic in bigint, so a node that
 * reports a block gas limit above 2^53 (anvil with `--disable-block-gas-limit`, as under coverage)
 * works too.
 */
const GAS_MARGIN = 1.2;

export default defineConfig({
  plugins: [hardhatToolboxMochaEthersPlugin, gasMarginPlugin, compilerWarningsPlugin],
  tasks: galeonTasks,
  solidity: {
    // One build for everything. `ignition deploy` and `verify` build with the "production" profile;
    // Hardhat's own production profile keeps only the compiler version (so evm target prague and 200
    // optimizer runs instead of the settings below) and compiles each file alone: another bytecode
    // than the one tested and benchmarked, and a second full compilation. Both profiles are the same
    // here, so `ignition deploy` reuses the build of `hardhat build` / `hardhat test`.
    profiles: {
      default: COMPILER,
      production: COMPILER,
    },
    // OpenZeppelin contracts the DAO deploys as they are: artifacts for Ignition, ethers and typechain.
    npmFilesToBuild: [
      "@openzeppelin/contracts/governance/TimelockController.sol",
      "@openzeppelin/contracts/finance/VestingWallet.sol",
    ],
  },
  paths: {
    ignition: "deploy",
    tests: {
      mocha: "test/ts",
      solidity: "test/solidity",
    },
  },
  ignition: {
    // Poll for receipts often: local nodes mine at once; on public networks this only costs requests.
    blockPollingInterval: 200,
  },
  typechain: {
    outDir: "typechain-types",
  },
  test: {
    solidity: {
      // The Solidity tests deploy the real Uniswap V2 factory from its npm artifact (never recompiled).
      fsPermissions: { readFile: ["node_modules/@uniswap/v2-core/build/UniswapV2Factory.json"] },
      fuzz: { runs: 256 },
      invariant: { runs: 64, depth: 32, failOnRevert: false },
    },
  },
  // `npx hardhat ignition verify <deployment-id>` / `npx hardhat verify`: the Etherscan API key comes from
  // the keystore or the environment (`npx hardhat keystore set ETHERSCAN_API_KEY`), read only when verifying.
  verify: {
    etherscan: { apiKey: configVariable("ETHERSCAN_API_KEY") },
  },
  networks: {
    // A separate node process on this machine (`npx hardhat node`, or Foundry's anvil): both expose
    // the standard unlocked development accounts, so the node signs ("remote" accounts).
    localnode: {
      type: "http",
      chainType: "l1",
      url: process.env.GALEON_RPC_URL ?? "http://127.0.0.1:8545",
      accounts: "remote",
      gasMultiplier: GAS_MARGIN,
    },
    sepolia: {
      type: "http",
      chainType: "l1",
      url: configVariable("SEPOLIA_RPC_URL"),
      accounts: [configVariable("SEPOLIA_PRIVATE_KEY")],
      gasMultiplier: GAS_MARGIN,
    },
  },
});
