/**
 * Ponder configuration: one chain (the deployment's), the suite's contracts with their deployed ABIs
 * and start blocks (`lib/suite.ts`), and the database: PGlite in `indexer/.ponder/pglite` (or
 * `GALEON_INDEXER_PGLITE`) by default, PostgreSQL when `DATABASE_URL` is set.
 */
import path from "node:path";

import { createConfig } from "ponder";

import { ERC20_TRANSFER } from "./lib/abis.js";
import { loadSuite, ponderRpc, REPO_ROOT } from "./lib/suite.js";

const suite = await loadSuite();

/** What the API needs to know about the deployment besides the indexed tables. */
export const deployment = {
  chainId: suite.chainId,
  deploymentId: suite.deploymentId,
  token: suite.token.address.toLowerCase(),
  router: { address: suite.router.address.toLowerCase(), fromBlock: suite.router.startBlock },
  burner: suite.burner.address.toLowerCase(),
  governor: suite.governor.address.toLowerCase(),
  treasury: suite.treasury.address.toLowerCase(),
  /** The tokens whose treasury balance is indexed: $GALEON and the deployment's stablecoins. */
  treasuryTokens: [suite.token.address, ...suite.treasuryTokens].map((a) => a.toLowerCase()),
  /** The node's URL (for the app: the chain a wallet adds, and the read-only proxy `/app/rpc`). */
  rpcUrl: suite.rpcUrl,
  /** Every contract of the deployment by its bare name, checksummed as Ignition wrote them. */
  addresses: suite.addresses,
  /** The same by Ignition future id, and the deployment's folder (its artifacts hold the deployed ABIs). */
  futures: suite.futures,
  deploymentDir: suite.deploymentDir,
};

// With no stablecoin in the deployment, follow $GALEON (whose transfers the handlers skip here).
const treasuryTokenSources = suite.treasuryTokens.length > 0 ? suite.treasuryTokens : [suite.token.address];

const database = process.env.DATABASE_URL
  ? { kind: "postgres" as const, connectionString: process.env.DATABASE_URL }
  : {
      kind: "pglite" as const,
      directory: process.env.GALEON_INDEXER_PGLITE || path.join(REPO_ROOT, "indexer", ".ponder", "pglite"),
    };

const contract = <C extends { address: `0x${string}`; startBlock: number; abi: unknown }>(c: C) => ({
  chain: "suite" as const,
  abi: c.abi as C["abi"],
  address: c.address,
  startBlock: c.startBlock,
});

export default createConfig({
  database,
  chains: {
    suite: {
      id: suite.chainId,
      // One lane per copy of the URL (lib/suite.ts, `rpcLanes`): Ponder paces each at 20 requests/s to
      // start. A local URL in the form no viem default has (`ponderRpc`): no "Detected public RPC URL".
      rpc: ponderRpc(suite.rpcUrl, suite.rpcLanes),
      pollingInterval: suite.pollingMs,
    },
  },
  contracts: {
    GaleonToken: contract(suite.token),
    DataAccessRouter: contract(suite.router),
    BuybackBurner: contract(suite.burner),
    GaleonGovernor: contract(suite.governor),
    GaleonTreasury: contract(suite.treasury),
    TimelockController: contract(suite.timelock),
    JobEscrow: contract(suite.escrow),
    PayoutBatcher: contract(suite.batcher),
    // The stablecoins' transfers into and out of the treasury: its balance of each.
    TreasuryTokenIn: {
      chain: "suite",
      abi: ERC20_TRANSFER,
      address: treasuryTokenSources,
      startBlock: suite.firstBlock,
      filter: { event: "Transfer", args: { to: suite.treasury.address } },
    },
    TreasuryTokenOut: {
      chain: "suite",
      abi: ERC20_TRANSFER,
      address: treasuryTokenSources,
      startBlock: suite.firstBlock,
      filter: { event: "Transfer", args: { from: suite.treasury.address } },
    },
  },
});
