/** Sentences for the job escrow's errors (JobEscrow*): metered data jobs. */
import type { Sentence } from "./say.js";
import { BASE_UNITS } from "./say.js";

const STATUS = ["never funded", "open", "settled", "refunded"];
const FIELDS = ["payer (it must be the escrow)", "buyer", "token", "job hash"];
const at = (seconds: unknown) => {
  const n = Number(seconds);
  return Number.isFinite(n) ? new Date(n * 1000).toISOString().replace(".000Z", "Z") : String(seconds);
};

export const ESCROW_SENTENCES: Record<string, Sentence> = {
  JobEscrowTokenNotAllowed: (a) => `${a.token} is not a payment token of the router`,
  JobEscrowZeroBuyer: () => "a job needs a buyer (the zero address was given)",
  JobEscrowZeroAmount: () => "a lock must hold more than zero",
  JobEscrowAutoSettleLimitAboveMax: (a, say = BASE_UNITS) =>
    `the auto-settle limit ${say.amount(a.autoSettleLimit)} is above the lock's ${say.amount(a.maxAmount)}`,
  JobEscrowSettleByOutOfRange: (a) =>
    `the settlement deadline ${at(a.settleBy)} must be after ${at(a[1])} and at most ${at(a.latest)}`,
  JobEscrowLockExists: (a) => `lock ${a.lockId} was already funded: give another salt`,
  JobEscrowReceivedMismatch: (a, say = BASE_UNITS) =>
    `the escrow received ${say.amount(a.received)} instead of ${say.amount(a.expected)} (fee-on-transfer tokens are refused)`,
  JobEscrowInsufficientAllowance: (a, say = BASE_UNITS) =>
    `the escrow may spend only ${say.amount(a.allowance)} but the lock is ${say.amount(a.amount)}: approve more first`,
  JobEscrowLockNotOpen: (a) => `lock ${a.lockId} is ${STATUS[Number(a.status)] ?? String(a.status)}, not open`,
  JobEscrowSettlementTooLate: (a) =>
    `lock ${a.lockId} had to be settled by ${at(a.settleBy)} (chain time ${at(a[2])}): it can only be refunded`,
  JobEscrowRefundTooEarly: (a) =>
    `lock ${a.lockId} can still be settled until ${at(a.settleBy)} (chain time ${at(a[2])}): refund it after that`,
  JobEscrowQuoteMismatch: (a) =>
    `the settlement's ${FIELDS[Number(a.field)] ?? `field ${String(a.field)}`} is not lock ${a.lockId}'s`,
  JobEscrowAmountAboveLock: (a, say = BASE_UNITS) =>
    `the settlement asks ${say.amount(a.amount)}, above the ${say.amount(a.maxAmount)} locked in ${a.lockId}`,
  JobEscrowBuyerApprovalMissing: (a, say = BASE_UNITS) =>
    `the settlement asks ${say.amount(a.amount)}, above the ${say.amount(a.autoSettleLimit)} the lock settles on the` +
    ` attestor's word alone: the buyer must co-sign it`,
  JobEscrowInvalidSigner: (a) =>
    `the settlement was altered, or not signed by the router's attestor ${a.attestor}: ask the attestor for a new one`,
  JobEscrowQuoteExpired: (a) =>
    `the settlement expired at ${at(a.deadline)} (chain time ${at(a[1])}): ask the attestor for a new one`,
  JobEscrowNothingToWithdraw: (a) => `the escrow keeps no refund of ${a.token} for ${a.payer}`,
  JobEscrowZeroAddress: () => "an address argument is the zero address",
  JobEscrowRecoverAmountInvalid: (a, say = BASE_UNITS) =>
    `the escrow can give back only ${say.amount(a.recoverable)} of ${a.token} beyond its locks (asked ${say.amount(a.amount)})`,
};
