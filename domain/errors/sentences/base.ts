/** Sentences for the token, the guardian brake, the suite's admin rule and OpenZeppelin's standard errors (EIP-6093). */
import type { Sentence } from "./say.js";
import { BASE_UNITS } from "./say.js";

export const BASE_SENTENCES: Record<string, Sentence> = {
  // $GALEON allocation (constructor)
  GaleonTokenEmptyAllocation: () => "the allocation list is empty",
  GaleonTokenAllocationLengthMismatch: (a) => `the allocation has ${a.recipients} recipients but ${a.amounts} amounts`,
  GaleonTokenZeroRecipient: (a) => `allocation entry ${a.index} has the zero address as recipient`,
  GaleonTokenZeroAmount: (a) => `allocation entry ${a.index} gives nothing to ${a.recipient}`,
  GaleonTokenDuplicateRecipient: (a) => `allocation entry ${a.index} repeats recipient ${a.recipient}`,
  // Guardian brake (GuardianPausable) and the suite's admin rule (SuiteOwnable)
  GuardianPausableUnauthorized: (a) =>
    `${a.caller} is not the guardian (${a.guardian}), or the guardian's power expired at ${a.expiry}`,
  GuardianPausablePaused: () => "the contract is paused by the guardian",
  GuardianPausableAlreadyPaused: (a) => `the contract is already paused, until ${a.pausedUntil}`,
  GuardianPausableCooldown: (a) =>
    `the guardian paused recently: it may pause again from ${a.nextGuardianPause} (now ${a.now_})`,
  GuardianPausableExpiryInPast: (a) => `the guardian expiry ${a.expiry} is not after now (${a[1]})`,
  GuardianPausablePauseDurationOutOfRange: (a) =>
    `a pause of ${a.duration} seconds is outside the allowed ${a.min} to ${a.max} seconds (1 to 14 days)`,
  GuardianPausableCooldownOutOfRange: (a) =>
    `a guardian cooldown of ${a.cooldown} seconds is outside the allowed ${a.min} to ${a.max} seconds (1 to 30 days)`,
  SuiteOwnableRenounceDisabled: () =>
    "ownership cannot be renounced: every contract of the suite keeps an admin (transfer it in two steps instead)",
  // OpenZeppelin ERC-20 / ERC-2612 / votes (EIP-6093)
  ERC20InsufficientBalance: (a, say = BASE_UNITS) =>
    `${a.sender} holds ${say.amount(a.balance)} but ${say.amount(a.needed)} are needed`,
  ERC20InsufficientAllowance: (a, say = BASE_UNITS) =>
    `${a.spender} may spend only ${say.amount(a.allowance)} but ${say.amount(a.needed)} are needed: approve more first`,
  ERC20InvalidReceiver: (a) => `${a.receiver} cannot receive tokens`,
  ERC20InvalidSender: (a) => `${a.sender} cannot send tokens`,
  ERC20InvalidSpender: (a) => `${a.spender} cannot be approved as spender`,
  ERC20InvalidApprover: (a) => `${a.approver} cannot approve`,
  ERC2612ExpiredSignature: (a) => `the permit expired at ${a.deadline}`,
  ERC2612InvalidSigner: (a) => `the permit was signed by ${a.signer}, not by the owner ${a.owner}`,
  InvalidAccountNonce: (a) => `the nonce of ${a.account} is ${a.currentNonce}: the signature is stale`,
  VotesExpiredSignature: (a) => `the delegation signature expired at ${a.expiry}`,
  ERC5805FutureLookup: (a) => `time ${a.timepoint} is not in the past yet (now ${a.clock})`,
  ERC20ExceededSafeSupply: (a, say = BASE_UNITS) =>
    `the supply ${say.amount(a.increasedSupply)} would exceed the maximum ${say.amount(a.cap)}`,
  SafeERC20FailedOperation: (a) => `the token ${a.token} refused the transfer`,
};
