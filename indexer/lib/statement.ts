/**
 * A hospital's statement from its indexed entries, in the shared format of
 * `scripts/lib/statementFormat.ts` (the same columns as `hospital statement --format csv`).
 */
import { isoDate, type StatementRow } from "../../scripts/lib/statementFormat.js";
import { checksum, tokenUnits } from "./format.js";

export interface IndexedEntry {
  kind: "credit" | "claim" | "payout_change";
  blockNumber: bigint;
  logIndex: number;
  timestamp: bigint;
  transactionHash: string;
  accessId: string | null;
  jobHash: string | null;
  buyer: string | null;
  token: string | null;
  amount: bigint;
  balance: bigint | null;
  payout: string;
  previousPayout: string | null;
}

export interface TokenMeta {
  symbol: string;
  decimals: number;
}

/** Rows in chain order; amounts and balances in token units; addresses checksummed. */
export function statementRows(
  entries: readonly IndexedEntry[],
  tokens: ReadonlyMap<string, TokenMeta>,
): StatementRow[] {
  const sorted = [...entries].sort((a, b) =>
    a.blockNumber === b.blockNumber ? a.logIndex - b.logIndex : a.blockNumber < b.blockNumber ? -1 : 1,
  );
  return sorted.map((e) => {
    const meta = e.token === null ? undefined : tokens.get(e.token.toLowerCase());
    const units = (v: bigint) => (meta === undefined ? v.toString() : tokenUnits(v, meta.decimals));
    return {
      date: isoDate(e.timestamp),
      block: Number(e.blockNumber),
      transaction: e.transactionHash,
      logIndex: e.logIndex,
      kind: e.kind,
      accessId: e.accessId ?? "",
      jobHash: e.jobHash ?? "",
      buyer: checksum(e.buyer),
      token: checksum(e.token),
      symbol: meta?.symbol ?? "",
      amount: e.kind === "payout_change" ? "0" : units(e.amount),
      balance: e.balance === null || e.kind === "payout_change" ? "" : units(e.balance),
      payout: checksum(e.payout),
      previousPayout: checksum(e.previousPayout),
    };
  });
}
