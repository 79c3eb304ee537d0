/** Sentences for the DAO: Governor (Governor*, GaleonGovernor*), timelock (TimelockController*) and treasury (GaleonTreasury*). */
import type { Result } from "ethers";

import type { Sentence } from "./say.js";

/** OpenZeppelin's `IGovernor.ProposalState`, by value. */
export const PROPOSAL_STATE_NAMES = [
  "Pending",
  "Active",
  "Canceled",
  "Defeated",
  "Succeeded",
  "Queued",
  "Expired",
  "Executed",
] as const;

/** The states whose bits are set in a Governor `expectedStates` bitmap, as words ("Active or Queued"). */
export function expectedStates(bitmap: unknown): string {
  const bits = BigInt(String(bitmap));
  const names = PROPOSAL_STATE_NAMES.filter((_, i) => (bits >> BigInt(i)) & 1n);
  return names.length === 0 ? "none" : names.join(" or ");
}

/** The states whose bits are set in a timelock `expectedStates` bitmap (Unset, Waiting, Ready, Done). */
function timelockStates(bitmap: unknown): string {
  const bits = BigInt(String(bitmap));
  const names = ["Unset", "Waiting", "Ready", "Done"].filter((_, i) => (bits >> BigInt(i)) & 1n);
  return names.length === 0 ? "none" : names.join(" or ");
}

const stateName = (a: Result, i: number) => PROPOSAL_STATE_NAMES[Number(a[i])] ?? `state ${String(a[i])}`;

export const DAO_SENTENCES: Record<string, Sentence> = {
  // Governor (OpenZeppelin IGovernor and the extensions GaleonGovernor uses)
  GovernorInvalidProposalLength: (a) =>
    `the proposal has ${a.targets} targets, ${a.calldatas} calldatas and ${a.values} values: they must be as many` +
    " and at least one",
  GovernorAlreadyCastVote: (a) => `${a.voter} has already voted on this proposal`,
  GovernorDisabledDeposit: () => "the Governor does not accept deposits: send funds to the treasury",
  GovernorOnlyExecutor: (a) =>
    `${a.account} is not the Governor's executor (the timelock): only a proposal can do this`,
  GovernorNonexistentProposal: (a) => `there is no proposal ${a.proposalId}`,
  // `propose` of an existing id expects no state at all (bitmap 0): the proposal already exists.
  GovernorUnexpectedProposalState: (a) =>
    BigInt(String(a.expectedStates)) === 0n
      ? `proposal ${a.proposalId} already exists (${stateName(a, 1)}): the same actions and description give the` +
        " same id; change the description to propose them again"
      : `proposal ${a.proposalId} is ${stateName(a, 1)}, but this needs it ${expectedStates(a.expectedStates)}`,
  GovernorInvalidVotingPeriod: (a) => `a voting period of ${a.votingPeriod} seconds is not allowed`,
  GovernorInsufficientProposerVotes: (a) =>
    `${a.proposer} has ${a.votes} votes (base units) but proposing needs ${a.threshold}: delegate votes to it first`,
  GovernorRestrictedProposer: (a) =>
    `${a.proposer} may not submit this proposal (its description names another proposer)`,
  GovernorInvalidVoteType: () => "the vote must be for, against or abstain",
  GovernorInvalidVoteParams: () => "the Governor does not accept vote parameters",
  GovernorProposalQueueingNotRequired: (a) => `proposal ${a.proposalId} needs no queueing: execute it`,
  GovernorProposalQueueingFailed: (a) => `the timelock did not accept proposal ${a.proposalId} for queueing`,
  GovernorAlreadyQueuedProposal: (a) => `proposal ${a.proposalId} is already queued`,
  GovernorInvalidSignature: (a) => `the vote signature is not ${a.voter}'s`,
  GovernorUnableToCancel: (a) =>
    `${a.account} cannot cancel proposal ${a.proposalId}: only the proposer before the vote, or the proposal guardian`,
  GovernorPreventLateQuorumVoteExtensionTooLarge: (a) =>
    `a late-quorum extension of ${a.newVoteExtension} seconds is above the most allowed, ${a.maxVoteExtension}`,
  GovernorInvalidQuorumFraction: (a) => `a quorum of ${a.quorumNumerator}/${a.quorumDenominator} is not allowed`,
  GovernorExceedRemainingWeight: (a) =>
    `${a.voter} tried to use ${a.usedVotes} votes but only ${a.remainingWeight} remain`,
  GaleonGovernorTimelockFixed: () =>
    "the Governor's timelock cannot be changed: to migrate, grant a new Governor the timelock's proposer and canceller roles first",
  GaleonTimelockLastRoleMember: (a) =>
    `${a.account} is the last holder of timelock role ${a.role}: grant the role to its new holder first, or the DAO could never act again`,
  GaleonTimelockDelayTooLong: (a) => `a timelock delay of ${a.delay} seconds is above the bound, ${a.maxDelay}`,
  GaleonGovernorGuardianExpiryInPast: (a) =>
    `the proposal guardian's new expiry ${a.expiry} is not after now (${a.now_})`,
  ERC6372InconsistentClock: () => "the token's clock and the Governor's clock disagree",
  CheckpointUnorderedInsertion: () => "a vote checkpoint was written out of order",
  InvalidShortString: () => "a name is too long for the EIP-712 domain",
  StringTooLong: (a) => `the text "${a.str}" is too long`,
  // TimelockController
  TimelockInvalidOperationLength: (a) =>
    `the operation has ${a.targets} targets, ${a.payloads} payloads and ${a.values} values: they must be as many`,
  TimelockInsufficientDelay: (a) => `a delay of ${a.delay} seconds is below the timelock's minimum, ${a.minDelay}`,
  TimelockUnexpectedOperationState: (a) =>
    `timelock operation ${a.operationId} is not ${timelockStates(a.expectedStates)} (not queued, not yet ready,` +
    " or already executed)",
  TimelockUnexecutedPredecessor: (a) => `timelock operation ${a.predecessorId} must be executed first`,
  TimelockUnauthorizedCaller: (a) => `${a.caller} may not call the timelock directly: go through a proposal`,
  AccessControlUnauthorizedAccount: (a) => `${a.account} lacks the role ${a.neededRole}`,
  AccessControlBadConfirmation: () => "an account may renounce only its own roles",
  // GaleonTreasury
  GaleonTreasuryZeroAddress: () => "the treasury refuses the zero address",
  GaleonTreasuryZeroAmount: () => "the treasury refuses a zero amount",
  GaleonTreasuryInsufficientBalance: (a) =>
    `the treasury holds ${a.balance} base units of ${a.token} but ${a.amount} are asked`,
  GaleonTreasuryEthTransferFailed: (a) => `${a.to} refused the ${a.amount} wei the treasury sent`,
  // Shared OpenZeppelin errors the DAO's calls surface
  OwnableUnauthorizedAccount: (a) => `${a.account} is not the owner: only the DAO (through a proposal) can do this`,
  OwnableInvalidOwner: (a) => `${a.owner} cannot be the owner`,
  FailedCall: () => "a call of the proposal failed without a reason",
  AddressEmptyCode: (a) => `there is no contract at ${a.target}`,
  InsufficientBalance: (a) => `the balance is ${a.balance} wei but ${a.needed} are needed`,
  ReentrancyGuardReentrantCall: () => "a reentrant call was refused",
  SafeCastOverflowedUintDowncast: (a) => `the value ${a.value} does not fit in ${a.bits} bits`,
};
