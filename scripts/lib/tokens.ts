/**
 * Tokens as people name them: by symbol or by address.
 *
 * - Payment tokens (`tEURC`, `GALEON`): among the tokens the router allowlists now. The allowlist is
 *   rebuilt from the router's `TokenAllowedSet` events since its deployment block, so tokens the DAO
 *   added later are found too (`allowlistedTokens`, `resolveToken`).
 * - The deployment's tokens, for the governance and keeper tasks: $GALEON, the test euro, the
 *   router's initial payment tokens from the deployment journal (`knownTokens`,
 *   `resolveDeploymentToken`).
 */
import { Contract, Interface, type Provider } from "ethers";

import { parseAddress } from "./addresses.js";
import type { TaskContext } from "./context.js";
import { type Deployment, FUTURES } from "./deployment.js";
import { badInput, CliError, EXIT, type ExitCode } from "./errors.js";
import { getLogsChunked } from "./logs.js";

export const ERC20_ABI = [
  "function symbol() view returns (string)",
  "function decimals() view returns (uint8)",
  "function balanceOf(address) view returns (uint256)",
  "function totalSupply() view returns (uint256)",
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

/**
 * Symbol and decimals of a token (read on chain); a sentence when the address is not an ERC-20,
 * with `exitCode` (a failure by default; bad input where the address was typed by the user).
 */
export async function tokenInfo(
  provider: Provider,
  address: string,
  exitCode: ExitCode = EXIT.FAILED,
): Promise<TokenInfo> {
  const token = new Contract(address, ERC20_ABI, provider);
  try {
    const [symbol, decimals] = await Promise.all([
      token.symbol() as Promise<string>,
      token.decimals() as Promise<bigint>,
    ]);
    return { address, symbol, decimals: Number(decimals) };
  } catch {
    throw new CliError(`${address} is not an ERC-20 token on this chain (no symbol or decimals)`, exitCode);
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
  return await Promise.all(addresses.map((a) => tokenInfo(ethers.provider, a)));
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
    return await tokenInfo((await ctx.ethers()).provider, address);
  }
  const matches = known.filter((t) => t.symbol.toLowerCase() === text.toLowerCase());
  if (matches.length === 1) return matches[0];
  if (matches.length > 1) throw badInput(`${label} ${text} names several tokens: give the address`);
  throw badInput(`${label} "${input}" is not a payment token of the router (allowed: ${symbols(known)})`);
}

function symbols(tokens: TokenInfo[]): string {
  return tokens.length === 0 ? "none" : tokens.map((t) => t.symbol).join(", ");
}

/** The router's initial payment tokens, from the deployment journal (constructor argument 5). */
export function paymentTokens(deployment: Deployment): string[] {
  const tokens = deployment.has(FUTURES.router) ? deployment.constructorArgs(FUTURES.router)?.[5] : undefined;
  return Array.isArray(tokens) ? tokens.map((t) => String(t)) : [];
}

/** The deployment's stablecoin: the test euro locally, else the router's first payment token. */
export function defaultStablecoin(deployment: Deployment): string | undefined {
  if (deployment.has(FUTURES.eurc)) return deployment.address(FUTURES.eurc);
  const galeon = deployment.has(FUTURES.galeonToken) ? deployment.address(FUTURES.galeonToken).toLowerCase() : "";
  return paymentTokens(deployment).find((t) => t.toLowerCase() !== galeon);
}

/** Every token the deployment knows of, with its symbol and decimals. */
export async function knownTokens(provider: Provider, deployment: Deployment): Promise<TokenInfo[]> {
  const addresses = new Set<string>();
  for (const name of [FUTURES.galeonToken, FUTURES.eurc]) {
    if (deployment.has(name)) addresses.add(deployment.address(name));
  }
  for (const t of paymentTokens(deployment)) addresses.add(t);
  return await Promise.all([...addresses].map((a) => tokenInfo(provider, a, EXIT.BAD_INPUT)));
}

/**
 * Resolves `--token` of the governance and keeper tasks: an address (checked to be an ERC-20), or
 * a symbol (an optional leading `$`, case-insensitive) of the deployment's tokens (`knownTokens`).
 */
export async function resolveDeploymentToken(
  provider: Provider,
  deployment: Deployment,
  input: string,
  label = "--token",
): Promise<TokenInfo> {
  const text = input.trim();
  if (text.startsWith("0x")) return await tokenInfo(provider, parseAddress(text, { label }), EXIT.BAD_INPUT);
  const known = await knownTokens(provider, deployment);
  const match = known.find((t) => t.symbol.toLowerCase() === text.replace(/^\$/, "").toLowerCase());
  if (match === undefined) {
    const symbols = known.map((t) => t.symbol).join(", ");
    throw badInput(`${label} "${input}" is not a token of deployment ${deployment.id} (known: ${symbols})`);
  }
  return match;
}
