/**
 * Helpers shared by the money-side tasks (attestor, buyer, hospital, treasury, Galeon): required
 * options, the router of the deployment, hospital checks, the router's payees and chain time.
 */
import { getAddress } from "ethers";

import { parseAddress } from "../../domain/chain/addresses.js";
import { nextBlockTimeOf } from "../../domain/chain/chainTime.js";
import type { TaskContext } from "./context.js";
import { FUTURES } from "../../domain/chain/futures.js";
import { badInput, CliError, EXIT } from "../../domain/errors/refusal.js";
import { scanLogs } from "../../domain/chain/logs.js";
import { TOPICS } from "../../domain/chain/routerEvents.js";
import { tokenInfo, type TokenInfo } from "../../domain/amounts/tokens.js";
import { splitList } from "../../domain/quotes/usage.js";
import type { DataAccessRouter } from "../../typechain-types/index.js";

/** A required option's value, or a one-line refusal naming it. */
export function required(value: string | undefined, option: string, what: string): string {
  if (value === undefined || value.trim() === "") throw badInput(`${option} is required: ${what}`);
  return value;
}

/** The deployment's router (also the hospital registry), bound to the signer. */
export async function router(ctx: TaskContext): Promise<DataAccessRouter> {
  return await ctx.contract<DataAccessRouter>(FUTURES.router);
}

export { HOSPITAL_STATUS, registeredHospital } from "../../domain/chain/hospitals.js";
export { ACCESS_STATUS } from "../../domain/quotes/quoteCheck.js";

/** The latest block's timestamp: quotes expire in chain time, not wall-clock time. */
export async function chainTime(ctx: TaskContext): Promise<bigint> {
  const ethers = await ctx.ethers();
  const block = await ethers.provider.getBlock("latest");
  if (block === null) throw new CliError("the node returned no latest block");
  return BigInt(block.timestamp);
}

/** The time the next block will carry (`domain/chain/chainTime.ts`), over the task's node connection. */
export async function nextBlockTime(ctx: TaskContext): Promise<{ time: bigint; source: "pending" | "estimate" }> {
  const { connection } = await ctx.network();
  return await nextBlockTimeOf(connection.provider);
}

/**
 * When a quote signed now starts to count: the later of the wall clock and the time the node would
 * give its next block (`nextBlockTime`). A quote is valid for what `--valid-for` says from the
 * moment it is signed: on a node that sat idle, the latest block's time is in the past; on a local
 * node whose clock was moved with `galeon time advance`, the chain is ahead of the wall clock and
 * its next block is what `buyer pay` is checked against.
 */
export async function signingTime(ctx: TaskContext): Promise<bigint> {
  const next = (await nextBlockTime(ctx)).time;
  const wall = BigInt(Math.floor(Date.now() / 1000));
  return next > wall ? next : wall;
}

/** The router's fixed payees besides the hospitals (`Payee` in `IPayeeWithdrawals.sol`). */
export const PAYEE = { treasury: 0, buyback: 1, galeon: 2 } as const;
export type PayeeName = keyof typeof PAYEE;

/** The payees' names in the order of `Payee`, for people. */
export const PAYEE_LABEL: Record<PayeeName, string> = {
  treasury: "the treasury",
  buyback: "the buy-back",
  galeon: "Galeon",
};

/**
 * Every token the router ever allowlisted (from its `TokenAllowedSet` events), whether it still is:
 * balances credited in a token stay claimable after the DAO removes it, so withdrawals and balances
 * default to all of them.
 */
export async function routerTokens(ctx: TaskContext): Promise<Array<TokenInfo & { allowed: boolean }>> {
  const deployment = await ctx.deployment();
  const { connection } = await ctx.network();
  const provider = (await ctx.ethers()).provider;
  const router = deployment.address(FUTURES.router);
  const toBlock = await provider.getBlockNumber();
  const allowed = new Map<string, boolean>();
  await scanLogs(
    connection.provider,
    { address: router, topics: [TOPICS.TokenAllowedSet] },
    { fromBlock: deployment.deploymentBlock(FUTURES.router) ?? 0, toBlock },
    (logs) => {
      for (const log of logs) allowed.set(getAddress(`0x${log.topics[1].slice(26)}`), BigInt(log.data) !== 0n);
    },
  );
  return await Promise.all(
    [...allowed].map(async ([address, on]) => ({ ...(await tokenInfo(provider, address)), allowed: on })),
  );
}

/**
 * `--token LIST` of the withdrawal tasks: symbols or addresses of the router's tokens (ever
 * allowlisted; any ERC-20 by address), deduplicated; without the option, every token of the router.
 */
export async function routerTokensOption(ctx: TaskContext, value: string | undefined): Promise<TokenInfo[]> {
  const names = splitList(value);
  if (value !== undefined && names.length === 0) throw badInput("--token names no token");
  const known = await routerTokens(ctx);
  if (names.length === 0) return known.map(({ allowed: _, ...t }) => t);
  const provider = (await ctx.ethers()).provider;
  const tokens: TokenInfo[] = [];
  for (const name of names) {
    let token: TokenInfo | undefined;
    if (name.startsWith("0x")) {
      const address = parseAddress(name, { label: "--token" });
      token = known.find((t) => t.address === address) ?? (await tokenInfo(provider, address, EXIT.BAD_INPUT));
    } else {
      const matches = known.filter((t) => t.symbol.toLowerCase() === name.replace(/^\$/, "").toLowerCase());
      if (matches.length > 1) throw badInput(`--token ${name} names several tokens: give the address`);
      token = matches[0];
      if (token === undefined) {
        const symbols = known.map((t) => t.symbol).join(", ") || "none";
        throw badInput(`--token "${name}" is not a token of the router (its tokens: ${symbols})`);
      }
    }
    if (!tokens.some((t) => t.address === token.address))
      tokens.push({ address: token.address, symbol: token.symbol, decimals: token.decimals });
  }
  return tokens;
}
