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
import { Interface, type Provider } from "ethers";

import { parseAddress } from "../../domain/chain/addresses.js";
import type { TaskContext } from "./context.js";
import type { Deployment } from "./deployment.js";
import { FUTURES } from "../../domain/chain/futures.js";
import { badInput, EXIT } from "../../domain/errors/refusal.js";
import { getLogsChunked } from "../../domain/chain/logs.js";
import { type TokenInfo, tokenInfo } from "../../domain/amounts/tokens.js";

const ALLOWED = new Interface(["event TokenAllowedSet(address indexed token, bool allowed)"]);

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
