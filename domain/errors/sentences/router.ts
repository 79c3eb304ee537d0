/** Sentences for the payment router and hospital registry (DataAccessRouter*, HospitalRegistry*). */
import type { Sentence } from "./say.js";
import { BASE_UNITS } from "./say.js";

const STATUSES = ["unregistered", "active", "suspended"];
const ACCESS = ["unknown", "active", "revoked"];
const PAYEES = ["treasury", "buy-back", "Galeon"];
const PARTS = ["hospitals'", "treasury's", "buy-back's", "Galeon's"];
const percent = (bps: unknown) => `${Number(bps) / 100}%`;
const payee = (value: unknown) => PAYEES[Number(value)] ?? `payee ${String(value)}`;
const at = (seconds: unknown) => {
  const n = Number(seconds);
  return Number.isFinite(n) ? new Date(n * 1000).toISOString().replace(".000Z", "Z") : String(seconds);
};

export const ROUTER_SENTENCES: Record<string, Sentence> = {
  // Purchases
  DataAccessRouterQuoteExpired: (a) =>
    `the quote expired at ${at(a.deadline)} (chain time ${at(a[1])}): ask the attestor for a new one`,
  DataAccessRouterAccessExpiryPassed: (a) =>
    `the quote's access would end at ${at(a.accessExpiry)}, already past (chain time ${at(a[1])})`,
  DataAccessRouterAccessIdUsed: (a) => `access id ${a.accessId} was already used: a quote can be paid once`,
  // Data permits and renewals
  DataAccessRouterZeroPermitId: () =>
    "the quote names no data permit (its permit id is zero): ask the attestor for a new one",
  DataAccessRouterAccessOutlivesPermit: (a) =>
    `the quote's access would end at ${at(a.accessExpiry)}, after its data permit (${at(a.permitExpiry)}):` +
    ` an access never outlives its permit`,
  DataAccessRouterRenewalBuyerMismatch: (a) =>
    `the quote renews access ${a.renews} of ${a.expected}, not of its buyer ${a.buyer}: no one extends someone else's access`,
  DataAccessRouterRenewalNotLater: (a) =>
    `the quote renews access ${a.renews} until ${at(a.accessExpiry)}, but it already runs until ${at(a.currentExpiry)}:` +
    ` a renewal must end it later`,
  DataAccessRouterInvalidSigner: (a) =>
    `the quote was altered, or not signed by the router's attestor ${a.attestor} for this chain and router:` +
    ` ask the attestor for a new one`,
  DataAccessRouterPayerNotAllowed: (a) =>
    `${a.caller} may not pay this quote: only its buyer ${a.buyer}` +
    (/^0x0{40}$/i.test(String(a.payer)) ? "" : ` or its payer ${a.payer}`),
  DataAccessRouterAmountAboveMax: (a, say = BASE_UNITS) =>
    `the quote costs ${say.amount(a.amount)}, above your maximum of ${say.amount(a.maxAmount)}`,
  DataAccessRouterZeroAmount: () => "the quote's amount is zero",
  DataAccessRouterAmountTooLarge: (a, say = BASE_UNITS) =>
    `the amount ${say.amount(a.amount)} is above the largest the router holds (${say.amount(2n ** 128n - 1n)})`,
  DataAccessRouterPartTooSmall: (a, say = BASE_UNITS) =>
    `${say.amount(a.amount)} is too small to split: the ${PARTS[Number(a.part)] ?? `part ${a.part}`}` +
    ` ${percent(a.bps)} of it rounds down to nothing (that part alone needs at least` +
    ` ${Number(a.bps) > 0 ? say.amount((10_000n + BigInt(a.bps) - 1n) / BigInt(a.bps)) : "?"})`,
  DataAccessRouterHospitalCreditTooSmall: (a, say = BASE_UNITS) =>
    `the amount is too small to split: hospital ${a.hospitalId} (${a.units} of ${a.totalUnits} units) would be` +
    ` credited nothing of the hospitals' ${say.amount(a.hospitalsPart)}; ask the attestor for a larger amount`,
  DataAccessRouterTokenNotAllowed: (a) => `token ${a.token} is not a payment token of the router`,
  DataAccessRouterUsageLength: (a) => `the usage vector has ${a.length} entries; it must have 1 to ${a.maxLength}`,
  DataAccessRouterUsageNotIncreasing: (a) =>
    `usage entry ${a.index} names hospital ${a.hospitalId} after hospital ${a.previousId}:` +
    ` ids must be strictly increasing, without duplicates`,
  DataAccessRouterZeroUnits: (a) => `usage entry ${a.index} (hospital ${a.hospitalId}) has zero units`,
  DataAccessRouterUnknownHospital: (a) => `hospital ${a.hospitalId} is not registered`,
  DataAccessRouterHospitalSuspended: (a) => `hospital ${a.hospitalId} is suspended and cannot be paid for new use`,
  DataAccessRouterInsufficientAllowance: (a, say = BASE_UNITS) =>
    `the router may spend only ${say.amount(a.allowance)} but the quote costs ${say.amount(a.amount)}:` +
    ` approve more first`,
  DataAccessRouterReceivedMismatch: (a, say = BASE_UNITS) =>
    `the router received ${say.amount(a.received)} instead of ${say.amount(a.expected)}` +
    ` (fee-on-transfer tokens are refused)`,
  // Admin and attestor
  DataAccessRouterZeroAddress: () => "the zero address is not allowed here",
  DataAccessRouterInvalidPayee: (a) =>
    `the ${payee(a.payee)} cannot be paid at ${a.account}: it is the router itself or one of its payment tokens,` +
    ` which could never move what it receives`,
  DataAccessRouterTokenIsPayee: (a) =>
    `${a.token} is the ${payee(a.payee)}'s address: it cannot also be a payment token (it could no longer receive)`,
  DataAccessRouterRecoveryLowersPaymentToken: (a) =>
    `recovering ${a.token} would lower the router's balance of payment token ${a.paymentToken} ` +
    `(from ${a.balanceBefore} to ${a.balanceAfter}): it is another address of a payment token, what the router holds of it is owed`,
  DataAccessRouterTokenNotRecoverable: (a) =>
    `${a.token} is or was a payment token of the router: what the router holds of it may be owed to hospitals` +
    ` and payees, who take it out by their claims; only a token that was never allowlisted can be recovered`,
  DataAccessRouterRecoverAmountInvalid: (a, say = BASE_UNITS) =>
    `cannot recover ${say.amount(a.amount)} of ${a.token}: the router holds ${say.amount(a.balance)}` +
    ` (ask for 1 to all of it, or the maximum uint256 for the whole balance)`,
  DataAccessRouterInvalidSplit: (a) => {
    const parts = [a.hospitalsBps, a.treasuryBps, a.buybackBps, a.galeonBps].map((v) => Number(v));
    const split = `the split ${parts.join("/")} bps`;
    const sum = parts.reduce((s, v) => s + v, 0);
    // The router's two rules (DataAccessRouter._setSplit): the parts sum to 10,000; hospitals get at least 40%.
    if (sum !== 10_000) return `${split} sums to ${sum.toLocaleString("en-US")}, not 10,000 (100%)`;
    return `${split} gives the hospitals ${parts[0] / 100}%, below their floor of 40% (MIN_HOSPITALS_BPS, 4,000 bps)`;
  },
  DataAccessRouterNotRevoker: (a) => `${a.caller} may not revoke access: only the admin or the attestor`,
  DataAccessRouterAccessNotActive: (a) =>
    `access ${a.accessId} is ${ACCESS[Number(a.status)] ?? String(a.status)}, not active`,
  // Hospital registry
  HospitalRegistryAlreadyRegistered: (a) => `hospital ${a.hospitalId} is already registered`,
  HospitalRegistryUnknownHospital: (a) => `hospital ${a.hospitalId} is not registered`,
  HospitalRegistryAlreadyInStatus: (a) =>
    `hospital ${a.hospitalId} is already ${STATUSES[Number(a.status)] ?? String(a.status)}`,
  HospitalRegistryZeroPayout: (a) => `hospital ${a.hospitalId} cannot be paid to the zero address`,
  HospitalRegistryInvalidPayout: (a) =>
    `hospital ${a.hospitalId} cannot be paid at ${a.payout}: it is the router itself or one of its payment tokens,` +
    ` which could never move what it receives`,
  HospitalRegistryNotPayout: (a) =>
    `${a.caller} is not the payout address of hospital ${a.hospitalId} (${a.payout}): only it may rotate it`,
};
