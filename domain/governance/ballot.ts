/**
 * The EIP-712 types of a vote by signature, as OpenZeppelin's Governor checks them in
 * `castVoteBySig` (Ballot) and `castVoteWithReasonAndParamsBySig` (ExtendedBallot). The domain is
 * the Governor's own: its `name()`, `version()`, the chain id and its address.
 */
const BALLOT_FIELDS = [
  { name: "proposalId", type: "uint256" },
  { name: "support", type: "uint8" },
  { name: "voter", type: "address" },
  { name: "nonce", type: "uint256" },
];

/** A vote without a reason: `castVoteBySig(proposalId, support, voter, signature)`. */
export const BALLOT_TYPES = { Ballot: BALLOT_FIELDS };

/** A vote with a reason (and params): `castVoteWithReasonAndParamsBySig(...)`. */
export const EXTENDED_BALLOT_TYPES = {
  ExtendedBallot: [...BALLOT_FIELDS, { name: "reason", type: "string" }, { name: "params", type: "bytes" }],
};
