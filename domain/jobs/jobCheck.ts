/**
 * The checks `buyer fund` and `buyer refund` run before anything is sent, and their sentences: one
 * source for the command line and the wallet app's buyer screen. Each check throws the refusal (a
 * `CliError`, `badInput` for what the user typed) or returns.
 */
import { formatAmount } from "../amounts/amounts.js";
import { badInput, CliError } from "../errors/refusal.js";
import { isoSeconds } from "../quotes/quoteFile.js";
import type { LockStatusName } from "./jobs.js";

/** What the checks need of a token. */
export interface JobToken {
  symbol: string;
  decimals: number;
}

/** The escrow's bound on a lock's amount: `uint96`. */
export const MAX_LOCK_AMOUNT = 2n ** 96n;

/** `--max`, parsed (`maxInput`: as typed, said back when too large): more than zero, within the escrow's bound. */
export function checkLockAmount(maxInput: string, maxAmount: bigint): void {
  if (maxAmount === 0n) throw badInput("--max must be more than zero: a lock holds what the job may cost");
  if (maxAmount >= MAX_LOCK_AMOUNT) {
    throw badInput(`--max ${maxInput} is above the escrow's bound (2^96 - 1 base units)`);
  }
}

/** `--auto-settle-limit`, parsed: within the lock. */
export function checkAutoSettleLimit(autoSettleLimit: bigint, maxAmount: bigint, token: JobToken): void {
  const fmt = (v: bigint) => formatAmount(v, token.decimals, token.symbol);
  if (autoSettleLimit > maxAmount) {
    throw badInput(
      `--auto-settle-limit ${fmt(autoSettleLimit)} is above --max ${fmt(maxAmount)}: settlements up to the limit need` +
        ` only the attestor, above it the buyer too, and never above the lock`,
    );
  }
}

/** `--settle-by`: after the next block, and at most the escrow's `MAX_LOCK_DURATION` after it. */
export function checkSettleBy(settleBy: bigint, nextBlockTime: bigint, longest: bigint): void {
  if (settleBy <= nextBlockTime) {
    throw badInput(`--settle-by ${isoSeconds(settleBy)} is not after the next block (${isoSeconds(nextBlockTime)})`);
  }
  if (settleBy > nextBlockTime + longest) {
    throw badInput(
      `--settle-by ${isoSeconds(settleBy)} is more than ${longest / 86_400n} days after the next block: a lock stays open at most that long`,
    );
  }
}

/** The lock id (payer, buyer, job and salt) is not taken yet. */
export function checkLockFree(lockId: string, status: LockStatusName): void {
  if (status !== "none") {
    throw badInput(`lock ${lockId} was already funded (same payer, buyer, job and --salt): give another --salt`);
  }
}

/** The payer holds the whole lock. */
export function checkJobBalance(payer: string, balance: bigint, maxAmount: bigint, token: JobToken): void {
  const fmt = (v: bigint) => formatAmount(v, token.decimals, token.symbol);
  if (balance < maxAmount) throw new CliError(`${payer} holds ${fmt(balance)} but the lock is ${fmt(maxAmount)}`);
}

/** `buyer refund`: the lock is open and its deadline passed before the next block. */
export function checkRefund(
  lockId: string,
  lock: { status: LockStatusName; settleBy: bigint },
  nextBlockTime: bigint,
): void {
  if (lock.status === "none") throw new CliError(`lock ${lockId} was never funded: nothing to refund`);
  if (lock.status !== "open") {
    throw new CliError(`lock ${lockId} was already ${lock.status}: a job is settled or refunded once`);
  }
  if (nextBlockTime <= lock.settleBy) {
    throw new CliError(
      `lock ${lockId} can still be settled until ${isoSeconds(lock.settleBy)} (next block ${isoSeconds(nextBlockTime)}):` +
        ` it can be refunded only after that`,
    );
  }
}
