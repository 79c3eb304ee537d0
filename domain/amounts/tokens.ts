/** ERC-20 tokens as amounts need them: the ABI the suite calls, and a token's symbol and decimals. */
import { Contract, type Provider } from "ethers";

import { CliError, EXIT, type ExitCode } from "../errors/refusal.js";

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
