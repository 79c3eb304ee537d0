/**
 * Human amounts in, human amounts out. On chain everything is in base units; people type and read
 * amounts with the token's decimals ("2.5" EURC is 2_500_000 base units). Never assume 18 decimals.
 */
import { formatUnits, parseUnits } from "ethers";

import { badInput } from "../errors/refusal.js";

const DECIMAL = /^[0-9]+(\.[0-9]+)?$/;

export interface ParseAmountOptions {
  /** What the amount is, for the error sentence (e.g. "--amount"). */
  label?: string;
  /** The token's symbol, for the error sentence. */
  symbol?: string;
  /** Accept zero (default: no). */
  allowZero?: boolean;
}

/**
 * Parses a human amount ("1000", "0.25", "1_000_000.5") into base units with `decimals`. Refuses
 * negatives, garbage, exponents, commas and more fractional digits than the token has, each with
 * a sentence.
 */
export function parseAmount(input: string, decimals: number | bigint, options: ParseAmountOptions = {}): bigint {
  const label = options.label ?? "amount";
  const unit = options.symbol === undefined ? "" : ` ${options.symbol}`;
  const text = input.trim().replaceAll("_", "");
  if (text.startsWith("-")) throw badInput(`${label} must not be negative (got "${input}")`);
  if (text.includes(",")) {
    throw badInput(`${label} "${input}" has a comma: write decimals with a dot and no thousands separators`);
  }
  if (!DECIMAL.test(text)) {
    throw badInput(`${label} "${input}" is not a number: write it like 1000 or 12.5${unit}`);
  }
  const fraction = text.split(".")[1] ?? "";
  if (fraction.length > Number(decimals)) {
    throw badInput(
      `${label} "${input}" has ${fraction.length} decimals but the token${unit} has only ${Number(decimals)}`,
    );
  }
  const value = parseUnits(text, Number(decimals));
  if (value === 0n && options.allowZero !== true) throw badInput(`${label} must be more than zero`);
  return value;
}

/** Adds thousands separators to the integer part of a decimal string. */
function groupThousands(decimal: string): string {
  const [whole, fraction] = decimal.split(".");
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  return fraction === undefined ? grouped : `${grouped}.${fraction}`;
}

/**
 * Formats base units for people: `formatAmount(1_500_000n, 6, "EURC")` is "1.5 EURC",
 * `formatAmount(10n ** 27n, 18)` is "1,000,000,000". Exact: no rounding, no float.
 */
export function formatAmount(value: bigint, decimals: number | bigint, symbol?: string): string {
  const negative = value < 0n;
  let text = formatUnits(negative ? -value : value, Number(decimals));
  if (text.endsWith(".0")) text = text.slice(0, -2);
  text = (negative ? "-" : "") + groupThousands(text);
  return symbol === undefined ? text : `${text} ${symbol}`;
}
