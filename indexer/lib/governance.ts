/**
 * A proposal's state as `Governor.state()` computes it (OpenZeppelin 5, with the timelock), from
 * the indexed events and the clock of the indexed head (the governor's clock is the timestamp).
 */
export type ProposalState = "Pending" | "Active" | "Canceled" | "Defeated" | "Succeeded" | "Queued" | "Executed";

export interface ProposalFacts {
  voteStart: bigint;
  /** The deadline, with any late-quorum extension. */
  voteEnd: bigint;
  forVotes: bigint;
  againstVotes: bigint;
  abstainVotes: bigint;
  etaSeconds: bigint | null;
  executedAt: bigint | null;
  canceledAt: bigint | null;
}

/**
 * The quorum of a proposal: the votes supply at its snapshot times the quorum fraction then
 * (`GovernorVotesQuorumFraction.quorum`); `undefined` while the snapshot is not in the past.
 */
export function quorumAt(
  snapshot: bigint,
  now: bigint,
  supplyAtSnapshot: bigint,
  fraction: { numerator: bigint; denominator: bigint } | undefined,
): bigint | undefined {
  if (snapshot >= now || fraction === undefined || fraction.denominator === 0n) return undefined;
  return (supplyAtSnapshot * fraction.numerator) / fraction.denominator;
}

export function proposalState(p: ProposalFacts, now: bigint, quorum: bigint | undefined): ProposalState {
  if (p.executedAt !== null) return "Executed";
  if (p.canceledAt !== null) return "Canceled";
  if (p.voteStart >= now) return "Pending";
  if (p.voteEnd >= now) return "Active";
  const quorumReached = quorum !== undefined && quorum <= p.forVotes + p.abstainVotes;
  if (!quorumReached || p.forVotes <= p.againstVotes) return "Defeated";
  return p.etaSeconds === null || p.etaSeconds === 0n ? "Succeeded" : "Queued";
}
