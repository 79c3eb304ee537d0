/**
 * `--token SYMBOL|ADDRESS` for the governance and keeper tasks: an address as typed, or the symbol
 * of one of the deployment's tokens ($GALEON, the test euro, the router's initial payment tokens).
 */
import { Contract, type Provider } from "ethers";

import { parseAddress } from "./addresses.js";
import { type Deployment, FUTURES } from "./deployment.js";
import { badInput } from "./errors.js";

export const ERC20_ABI = [
  "function symbol() view returns (string)",
  "function decimals() view returns (uint8)",
  "function balanceOf(address) view returns (uint256)",
  "function totalSupply() view returns (uint256)",
];

export interface TokenInfo {
  address: string;
  symbol: string;
  decimals: number;
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

/** Symbol and decimals of a token (read on chain). */
export async function tokenInfo(provider: Provider, address: string): Promise<TokenInfo> {
  const token = new Contract(address, ERC20_ABI, provider);
  try {
    const [symbol, decimals] = await Promise.all([token.symbol(), token.decimals()]);
    return { address, symbol: String(symbol), decimals: Number(decimals) };
  } catch {
    throw badInput(`${address} is not an ERC-20 token on this chain (no symbol or decimals)`);
  }
}

/** Every token the deployment knows of, with its symbol and decimals. */
export async function knownTokens(provider: Provider, deployment: Deployment): Promise<TokenInfo[]> {
  const addresses = new Set<string>();
  for (const name of [FUTURES.galeonToken, FUTURES.eurc]) {
    if (deployment.has(name)) addresses.add(deployment.address(name));
  }
  for (const t of paymentTokens(deployment)) addresses.add(t);
  return await Promise.all([...addresses].map((a) => tokenInfo(provider, a)));
}

/** Resolves `--token`: an address (checked to be an ERC-20), or a symbol of the deployment's tokens. */
export async function resolveToken(
  provider: Provider,
  deployment: Deployment,
  input: string,
  label = "--token",
): Promise<TokenInfo> {
  const text = input.trim();
  if (text.startsWith("0x")) return await tokenInfo(provider, parseAddress(text, { label }));
  const known = await knownTokens(provider, deployment);
  const match = known.find((t) => t.symbol.toLowerCase() === text.replace(/^\$/, "").toLowerCase());
  if (match === undefined) {
    const symbols = known.map((t) => t.symbol).join(", ");
    throw badInput(`${label} "${input}" is not a token of deployment ${deployment.id} (known: ${symbols})`);
  }
  return match;
}
