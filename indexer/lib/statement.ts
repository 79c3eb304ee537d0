/**
 * A hospital's statement from its indexed entries, in the shared format of
 * `domain/statements/statementFormat.ts` (the same columns as `hospital statement --format csv`).
 */
import { isoDate, type StatementRow } from "../../domain/statements/statementFormat.js";
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
  /** Credits: the data permit of the access (from `AccessPermit`); absent or null when unknown. */
  permitId?: string | null;
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
      permitId: e.permitId ?? "",
    };
  });
}

/**
 * Per token with a credit or claim, in order of first appearance: credited, claimed and the balance
 * (credited - claimed), in base units, summed from the entries themselves (so that they describe
 * exactly the rows served with them).
 */
export function statementTotals(
  entries: readonly IndexedEntry[],
): Array<{ token: string; credited: bigint; claimed: bigint; balance: bigint }> {
  const totals = new Map<string, { token: string; credited: bigint; claimed: bigint; balance: bigint }>();
  for (const e of entries) {
    if (e.token === null || e.kind === "payout_change") continue;
    const key = e.token.toLowerCase();
    let t = totals.get(key);
    if (t === undefined) {
      t = { token: key, credited: 0n, claimed: 0n, balance: 0n };
      totals.set(key, t);
    }
    if (e.kind === "credit") t.credited += e.amount;
    else t.claimed -= e.amount;
    t.balance = t.credited - t.claimed;
  }
  return [...totals.values()];
}
