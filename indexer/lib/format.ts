/**
 * Small pure helpers shared by the indexing functions, the API and the tests.
 */
import { formatUnits, getAddress } from "viem";

export { unpackUsage } from "../../domain/quotes/quote.js";

/** The router's payees by their `Payee` enum value. */
export const PAYEES = ["treasury", "buyback", "galeon"] as const;

/**
 * Base units as token units, exact, as a plain decimal string: no thousands separators, no
 * trailing zeros (`tokenUnits(1_500_000n, 6)` is "1.5", `tokenUnits(-4n * 10n ** 18n, 18)` is "-4").
 */
export function tokenUnits(value: bigint, decimals: number): string {
  return formatUnits(value, decimals);
}

const checksummed = new Map<string, string>();

/**
 * An address as people and ethers print it (EIP-55 checksum); empty stays empty. Remembered (a
 * statement names the same few addresses on every row; a keccak per row would dominate its cost).
 */
export function checksum(address: string | null | undefined): string {
  if (address === null || address === undefined || address === "") return "";
  let shown = checksummed.get(address);
  if (shown === undefined) {
    shown = getAddress(address);
    if (checksummed.size < 100_000) checksummed.set(address, shown);
  }
  return shown;
}

/** JSON with bigints as decimal strings (base units stay exact), as the command line's `--json`. */
export function jsonReplacer(_key: string, value: unknown): unknown {
  return typeof value === "bigint" ? value.toString() : value;
}
