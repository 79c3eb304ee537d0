/**
 * Payment tokens as people name them: by symbol (`tEURC`, `GALEON`) among the tokens the router
 * allowlists, or by address. The allowlist is rebuilt from the router's `TokenAllowedSet` events
 * since its deployment block, so tokens the DAO added later are found too.
 */
import { Contract, Interface } from "ethers";

import { parseAddress } from "./addresses.js";
import type { TaskContext } from "./context.js";
import { FUTURES } from "./deployment.js";
import { badInput, CliError } from "./errors.js";
import { getLogsChunked } from "./logs.js";

export const ERC20_ABI = [
  "function symbol() view returns (string)",
  "function decimals() view returns (uint8)",
  "function balanceOf(address) view returns (uint256)",
  "function allowance(address owner, address spender) view returns (uint256)",
  "function approve(address spender, uint256 amount) returns (bool)",
  "function nonces(address owner) view returns (uint256)",
  "function eip712Domain() view returns (bytes1 fields, string name, string version, uint256 chainId, address verifyingContract, bytes32 salt, uint256[] extensions)",
];

const ALLOWED = new Interface(["event TokenAllowedSet(address indexed token, bool allowed)"]);

export interface TokenInfo {
  address: string;
  symbol: string;
  decimals: number;
}

/** Symbol and decimals of a token; a sentence when the address is not an ERC-20. */
export async function tokenInfo(ctx: TaskContext, address: string): Promise<TokenInfo> {
  const ethers = await ctx.ethers();
  const token = new Contract(address, ERC20_ABI, ethers.provider);
  try {
    const [symbol, decimals] = await Promise.all([
      token.symbol() as Promise<string>,
      token.decimals() as Promise<bigint>,
    ]);
    return { address, symbol, decimals: Number(decimals) };
  } catch {
    throw new CliError(`${address} is not an ERC-20 token on this chain (no symbol or decimals)`);
  }
}

/** The tokens the deployment's router allowlists now, in the order they were first allowed. */
export async function allowlistedTokens(ctx: TaskContext): Promise<TokenInfo[]> {
  const deployment = await ctx.deployment();
  const ethers = await ctx.ethers();
  const router = deployment.address(FUTURES.router);
  const fromBlock = deployment.deploymentBlock(FUTURES.router) ?? 0;
  const logs = await getLogsChunked(ethers.provider, {
    address: router,
    topics: [ALLOWED.getEvent("TokenAllowedSet")!.topicHash],
    fromBlock,
  });
  const allowed = new Map<string, boolean>();
  for (const log of logs) {
    const parsed = ALLOWED.parseLog(log)!;
    allowed.set(parsed.args.token as string, parsed.args.allowed as boolean);
  }
  const addresses = [...allowed].filter(([, on]) => on).map(([address]) => address);
  return await Promise.all(addresses.map((a) => tokenInfo(ctx, a)));
}

/**
 * Resolves `--token`: an address (any ERC-20 when `allowlistedOnly` is false), or the symbol of
 * an allowlisted token (case-insensitive).
 */
export async function resolveToken(
  ctx: TaskContext,
  input: string,
  options: { label?: string; allowlistedOnly?: boolean } = {},
): Promise<TokenInfo> {
  const label = options.label ?? "--token";
  const text = input.trim();
  const known = await allowlistedTokens(ctx);
  if (text.startsWith("0x")) {
    const address = parseAddress(text, { label });
    const found = known.find((t) => t.address.toLowerCase() === address.toLowerCase());
    if (found !== undefined) return found;
    if (options.allowlistedOnly === true) {
      throw badInput(`${label} ${address} is not a payment token of the router (allowed: ${symbols(known)})`);
    }
    return await tokenInfo(ctx, address);
  }
  const matches = known.filter((t) => t.symbol.toLowerCase() === text.toLowerCase());
  if (matches.length === 1) return matches[0];
  if (matches.length > 1) throw badInput(`${label} ${text} names several tokens: give the address`);
  throw badInput(`${label} "${input}" is not a payment token of the router (allowed: ${symbols(known)})`);
}

function symbols(tokens: TokenInfo[]): string {
  return tokens.length === 0 ? "none" : tokens.map((t) => t.symbol).join(", ");
}
