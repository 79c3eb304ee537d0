/** Amounts in sentences: token units with the symbol, whenever the token is known. */
import type { Result } from "ethers";

import { formatAmount } from "../../amounts/amounts.js";

/** A token's address, symbol and decimals (as `domain/amounts/tokens.ts` reads them). */
export interface SentenceToken {
  address: string;
  symbol: string;
  decimals: number;
}

/** What a sentence may need beyond the error's arguments. */
export interface SentenceContext {
  /**
   * An amount in token units with its symbol ("2,000,000 tEURC"): of `token` when the error names
   * it, else of the token the failing task was moving. Only when neither is known, base units.
   */
  amount(value: unknown, token?: unknown): string;
}

/** Formats amounts with the tokens a task knows; `current` is the token the task was moving. */
export function sentenceContext(tokens: Iterable<SentenceToken> = [], current?: SentenceToken): SentenceContext {
  const byAddress = new Map<string, SentenceToken>();
  for (const t of tokens) byAddress.set(t.address.toLowerCase(), t);
  if (current !== undefined) byAddress.set(current.address.toLowerCase(), current);
  return {
    amount(value, token) {
      const named = typeof token === "string" ? byAddress.get(token.toLowerCase()) : undefined;
      const info = named ?? (token === undefined ? current : undefined);
      let amount: bigint;
      try {
        amount = BigInt(String(value));
      } catch {
        return String(value);
      }
      return info === undefined ? `${amount} base units` : formatAmount(amount, info.decimals, info.symbol);
    },
  };
}

/** Amounts without a known token (a sentence called outside a task): base units, said so. */
export const BASE_UNITS: SentenceContext = sentenceContext();

/**
 * Phrases one decoded custom error. `args` are the decoded arguments by name and position; `say`
 * writes amounts in token units.
 */
export type Sentence = (args: Result, say?: SentenceContext) => string;
