/**
 * What the indexer indexes: the Galeon suite of one Ignition deployment, read from
 * `deploy/deployments/<deployment id>/` (addresses, ABIs as deployed, start blocks from the journal).
 *
 * Settings come from the environment (the launcher `indexer/cli.ts` sets them from its options):
 * - `GALEON_RPC_URL`: the JSON-RPC endpoint (default `http://127.0.0.1:8545`, as `--network localnode`);
 * - `GALEON_DEPLOYMENT_ID`: the deployment (default `chain-<chainId>`, Ignition's own default);
 * - `GALEON_CHAIN_ID`: skips asking the node for it;
 * - `GALEON_IGNITION_DIR`: the Ignition folder (default `deploy/` of this repository);
 * - `GALEON_POLLING_MS`: how often to ask for new blocks (default 1000);
 * - `GALEON_RPC_LANES`: how many endpoints Ponder sees in the RPC URL (default 25 for a node on this
 *   machine, 1 otherwise; see `rpcLanes`).
 */
import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

import type { Abi, AbiEvent } from "viem";

import { Deployment } from "../../scripts/lib/deployment.js";
import { FUTURES } from "../../domain/chain/futures.js";
import {
  BURNER_EVENTS,
  BATCHER_EVENTS,
  ESCROW_EVENTS,
  GOVERNOR_EVENTS,
  ROUTER_EVENTS,
  TIMELOCK_EVENTS,
  TOKEN_EVENTS,
  TREASURY_EVENTS,
} from "./abis.js";

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
export const DEFAULT_RPC_URL = "http://127.0.0.1:8545";

export interface SuiteContract<A extends Abi> {
  address: `0x${string}`;
  startBlock: number;
  /** The deployed ABI, typed by the events the indexer reads (checked to be in it). */
  abi: A;
}

export interface Suite {
  rpcUrl: string;
  /** The RPC URL given to Ponder this many times (one request-rate budget each). */
  rpcLanes: number;
  chainId: number;
  deploymentId: string;
  pollingMs: number;
  token: SuiteContract<typeof TOKEN_EVENTS>;
  router: SuiteContract<typeof ROUTER_EVENTS>;
  burner: SuiteContract<typeof BURNER_EVENTS>;
  governor: SuiteContract<typeof GOVERNOR_EVENTS>;
  treasury: SuiteContract<typeof TREASURY_EVENTS>;
  timelock: SuiteContract<typeof TIMELOCK_EVENTS>;
  escrow: SuiteContract<typeof ESCROW_EVENTS>;
  /** The stateless payout batcher: its `HospitalClaimFailed` goes to the generic event log. */
  batcher: SuiteContract<typeof BATCHER_EVENTS>;
  /** Tokens whose balance the treasury reports besides $GALEON: the deployment's stablecoins. */
  treasuryTokens: `0x${string}`[];
  /** The lowest start block: where the payment-token transfers are followed from. */
  firstBlock: number;
  /** Every contract of the deployment by its bare name (`GaleonToken`, `TestEuro`, ...): for the app. */
  addresses: Record<string, `0x${string}`>;
  /** Every contract of the deployment by its Ignition future id (`LocalSuite#GaleonGovernor`, ...). */
  futures: Record<string, `0x${string}`>;
  /** The deployment's folder (`deployed_addresses.json`, `artifacts/<future id>.json`). */
  deploymentDir: string;
}

/** A one-line failure of the indexer's setup (printed by Ponder as the build error). */
export class SuiteError extends Error {
  override name = "SuiteError";
}

async function rpc(url: string, method: string, params: unknown[] = []): Promise<unknown> {
  let response: Response;
  try {
    response = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ jsonrpc: "2.0", id: 1, method, params }),
      signal: AbortSignal.timeout(15_000),
    });
  } catch (error) {
    throw new SuiteError(`cannot reach the JSON-RPC node at ${url}: ${(error as Error).message}`);
  }
  const body = (await response.json()) as { result?: unknown; error?: { message: string } };
  if (body.error !== undefined) throw new SuiteError(`${method} at ${url}: ${body.error.message}`);
  return body.result;
}

function signature(event: AbiEvent): string {
  return `${event.name}(${event.inputs.map((i) => `${i.type}${i.indexed ? " indexed" : ""} ${i.name ?? ""}`).join(",")})`;
}

/**
 * The deployed ABI, after checking it has every event of `expected` with the same fields (names,
 * types and indexing): the handlers read those fields by name.
 */
export function checkedAbi<A extends Abi>(deployed: Abi, expected: A, label: string): A {
  const events = deployed.filter((item): item is AbiEvent => item.type === "event");
  for (const want of expected.filter((item): item is AbiEvent => item.type === "event")) {
    const found = events.filter((e) => e.name === want.name);
    if (!found.some((e) => signature(e) === signature(want))) {
      const got = found.length === 0 ? "it has none" : `it has ${found.map(signature).join(" and ")}`;
      throw new SuiteError(
        `the deployed ${label} ABI lacks event ${signature(want)} (${got}): update indexer/lib/abis.ts`,
      );
    }
  }
  return deployed as unknown as A;
}

/**
 * The first block with code at `address`, by bisection over `eth_getCode` (for a contract whose
 * deployment the journal does not record, e.g. one Ignition took with `contractAt`).
 */
async function firstBlockWithCode(url: string, address: string, latest: number): Promise<number> {
  const hasCode = async (block: number) =>
    ((await rpc(url, "eth_getCode", [address, `0x${block.toString(16)}`])) as string) !== "0x";
  if (!(await hasCode(latest))) throw new SuiteError(`no contract at ${address} on this chain (was the node reset?)`);
  let [low, high] = [0, latest];
  while (low < high) {
    const mid = Math.floor((low + high) / 2);
    if (await hasCode(mid)) high = mid;
    else low = mid + 1;
  }
  return low;
}

/**
 * Ponder paces each RPC endpoint it is given: it starts at 20 requests per second and raises the
 * pace by 5% only after 10 s in a row at the limit (at most 500), which suits a remote provider's
 * rate limits but caps a backfill on a node of this machine at 20 blocks per second, whatever the
 * node could answer. Ponder balances requests over several endpoints, each with its own pace: the
 * same URL given N times is N lanes (N x 20 to start). A node on this machine (127.0.0.1, ::1,
 * localhost) has no rate limit: 25 lanes (500 requests per second, Ponder's own ceiling for one
 * endpoint). A remote endpoint keeps one lane unless told otherwise (`--rpc-lanes`), so that its
 * provider's limits are respected.
 */
export function rpcLanes(rpcUrl: string, env: NodeJS.ProcessEnv = process.env): number {
  const text = env.GALEON_RPC_LANES;
  if (text !== undefined && text !== "") {
    const lanes = Number(text);
    if (!Number.isInteger(lanes) || lanes < 1 || lanes > 100) {
      throw new SuiteError(`GALEON_RPC_LANES must be an integer from 1 to 100 (got "${text}")`);
    }
    return lanes;
  }
  return isLocal(rpcUrl) ? 25 : 1;
}

/** True for a node on this machine (127.0.0.1, localhost, ::1). */
function isLocal(rpcUrl: string): boolean {
  try {
    const host = new URL(rpcUrl).hostname;
    return host === "127.0.0.1" || host === "localhost" || host === "[::1]" || host === "::1";
  } catch {
    return false;
  }
}

/**
 * The RPC URLs Ponder is given: `lanes` copies of `rpcUrl` (see `rpcLanes`). Ponder warns "Detected
 * public RPC URL" for every URL equal to a default URL of viem's chain of the same id, and viem's
 * Hardhat, Foundry and localhost chains list `http://127.0.0.1:8545`: a node of this machine, which
 * has no rate limit, got one warning per lane. A local URL is given in its canonical form, with the
 * path `/` (`http://127.0.0.1:8545/`, the same endpoint), which no viem default is; a remote one
 * as written, so that a real public endpoint is still warned about, once.
 */
export function ponderRpc(rpcUrl: string, lanes: number): string | string[] {
  const url = isLocal(rpcUrl) ? new URL(rpcUrl).href : rpcUrl;
  return lanes > 1 ? Array.from({ length: lanes }, () => url) : url;
}

export async function loadSuite(env: NodeJS.ProcessEnv = process.env): Promise<Suite> {
  const rpcUrl = env.GALEON_RPC_URL || DEFAULT_RPC_URL;
  const chainId =
    env.GALEON_CHAIN_ID !== undefined && env.GALEON_CHAIN_ID !== ""
      ? Number(env.GALEON_CHAIN_ID)
      : Number(await rpc(rpcUrl, "eth_chainId"));
  const ignitionDir = env.GALEON_IGNITION_DIR || path.join(REPO_ROOT, "deploy");
  if (!existsSync(ignitionDir)) throw new SuiteError(`no Ignition folder at ${ignitionDir}`);
  let deployment: Deployment;
  try {
    deployment = await Deployment.load(ignitionDir, chainId, env.GALEON_DEPLOYMENT_ID);
  } catch (error) {
    throw new SuiteError((error as Error).message);
  }
  const latest = Number(await rpc(rpcUrl, "eth_blockNumber"));

  const contract = async <A extends Abi>(future: string, expected: A, label: string): Promise<SuiteContract<A>> => {
    if (!deployment.has(future)) throw new SuiteError(`deployment ${deployment.id} has no ${label} (${future})`);
    const address = deployment.address(future) as `0x${string}`;
    const startBlock = deployment.deploymentBlock(future) ?? (await firstBlockWithCode(rpcUrl, address, latest));
    return { address, startBlock, abi: checkedAbi((await deployment.abi(future)) as Abi, expected, label) };
  };

  const token = await contract(FUTURES.galeonToken, TOKEN_EVENTS, "GaleonToken");
  const router = await contract(FUTURES.router, ROUTER_EVENTS, "DataAccessRouter");
  const burner = await contract(FUTURES.burner, BURNER_EVENTS, "BuybackBurner");
  const governor = await contract(FUTURES.governor, GOVERNOR_EVENTS, "GaleonGovernor");
  const treasury = await contract(FUTURES.treasury, TREASURY_EVENTS, "GaleonTreasury");
  const timelock = await contract(FUTURES.timelock, TIMELOCK_EVENTS, "TimelockController");
  const escrow = await contract(FUTURES.escrow, ESCROW_EVENTS, "JobEscrow");
  const batcher = await contract(FUTURES.payoutBatcher, BATCHER_EVENTS, "PayoutBatcher");

  // The treasury's tokens besides $GALEON: the test euro locally, the router's initial payment tokens.
  const stablecoins = new Set<string>();
  if (deployment.has(FUTURES.eurc)) stablecoins.add(deployment.address(FUTURES.eurc).toLowerCase());
  const initial = deployment.constructorArgs(FUTURES.router)?.[5];
  if (Array.isArray(initial)) for (const t of initial) stablecoins.add(String(t).toLowerCase());
  stablecoins.delete(token.address.toLowerCase());

  const all = [token, router, burner, governor, treasury, timelock, escrow, batcher];
  return {
    rpcUrl,
    rpcLanes: rpcLanes(rpcUrl, env),
    chainId,
    deploymentId: deployment.id,
    pollingMs: Number(env.GALEON_POLLING_MS || 1_000),
    token,
    router,
    burner,
    governor,
    treasury,
    timelock,
    escrow,
    batcher,
    treasuryTokens: [...stablecoins] as `0x${string}`[],
    firstBlock: Math.min(...all.map((c) => c.startBlock)),
    addresses: Object.fromEntries(
      Object.entries(deployment.addresses).map(([future, address]) => [
        future.split("#").pop()!,
        address as `0x${string}`,
      ]),
    ),
    futures: { ...deployment.addresses } as Record<string, `0x${string}`>,
    deploymentDir: deployment.dir,
  };
}
