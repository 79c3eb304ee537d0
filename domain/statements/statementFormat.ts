/**
 * The hospital statement's row and CSV format, shared by `hospital statement` (rebuilt from the
 * router's logs) and the indexer's CSV endpoint (`indexer/`), so both print the same columns.
 *
 * One row per credit (a `Purchased` that names the hospital with a non-zero credit), per claim
 * (`HospitalClaimed`) and per payout rotation (`PayoutSet`), in chain order (block, log index).
 * Amounts are in token units (decimal strings, never base units); credits are positive, claims
 * negative, rotations zero. `balance` is the hospital's running balance of that token after the row.
 */

/** The CSV header, in column order: a spreadsheet opens the file as it is. */
export const STATEMENT_COLUMNS = [
  "date",
  "block",
  "transaction",
  "log_index",
  "kind",
  "access_id",
  "job_hash",
  "buyer",
  "token",
  "symbol",
  "amount",
  "balance",
  "payout",
  "previous_payout",
  // Columns added later go last, so that a spreadsheet or script reading columns by position keeps working.
  "permit_id",
] as const;

export type StatementKind = "credit" | "claim" | "payout_change";

export interface StatementRow {
  /** ISO 8601 in UTC, from the block's timestamp, e.g. `2026-12-01T02:05:08Z`. */
  date: string;
  block: number;
  transaction: string;
  logIndex: number;
  kind: StatementKind;
  /** Credits: the access bought; empty otherwise. */
  accessId: string;
  /** Credits: the job hash of the purchase; empty otherwise. */
  jobHash: string;
  /** Credits: the quote's buyer; empty otherwise. */
  buyer: string;
  /** Credits and claims: the token's address; empty for rotations. */
  token: string;
  symbol: string;
  /** Token units, signed (claims negative); "0" for rotations. */
  amount: string;
  /** Token units: the running balance of `token` after this row; empty for rotations. */
  balance: string;
  /** Claims: the address paid; rotations: the new payout; credits: the payout at that time. */
  payout: string;
  /** Rotations: the payout address before; empty otherwise. */
  previousPayout: string;
  /** Credits: the data permit the access was bought under (its id, a hash); empty otherwise or when unknown. */
  permitId: string;
}

/**
 * Base units as token units for a spreadsheet: a plain decimal with a dot and no thousands
 * separators, no trailing zeros ("2000000", "-0.5", "1000.000001"). Exact: no float.
 */
export function tokenUnits(value: bigint, decimals: number): string {
  const negative = value < 0n;
  const digits = (negative ? -value : value).toString().padStart(decimals + 1, "0");
  const whole = digits.slice(0, digits.length - decimals);
  const fraction = digits.slice(digits.length - decimals).replace(/0+$/, "");
  return `${negative ? "-" : ""}${whole}${fraction === "" ? "" : `.${fraction}`}`;
}

/** ISO 8601 UTC without milliseconds, from a unix timestamp in seconds. */
export function isoDate(timestampSeconds: number | bigint): string {
  return new Date(Number(timestampSeconds) * 1000).toISOString().replace(/\.\d{3}Z$/, "Z");
}

function csvCell(value: string | number): string {
  const text = String(value);
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** The statement as CSV: the header row, then one line per row, CRLF-free, ending with a newline. */
export function statementCsv(rows: ReadonlyArray<StatementRow>): string {
  const lines = rows.map((r) =>
    [
      r.date,
      r.block,
      r.transaction,
      r.logIndex,
      r.kind,
      r.accessId,
      r.jobHash,
      r.buyer,
      r.token,
      r.symbol,
      r.amount,
      r.balance,
      r.payout,
      r.previousPayout,
      r.permitId,
    ]
      .map(csvCell)
      .join(","),
  );
  return [STATEMENT_COLUMNS.join(","), ...lines].join("\n") + "\n";
}
