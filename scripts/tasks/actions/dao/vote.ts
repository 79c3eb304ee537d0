/**
 * `dao vote PROPOSAL_ID --support for|against|abstain [--reason TEXT]`: casts the signer's vote
 * (with its reason when given) and prints the tallies after and the commands to run next. Refuses
 * before sending when the proposal is not open, the signer had no votes at the snapshot, or has
 * already voted (all read as the vote transaction will meet them: the next block).
 */
import { galeonAction } from "../../../lib/cli.js";
import type { CommonTaskArgs } from "../../../lib/context.js";
import { refuse, voterRefusal, voteStateRefusal, when } from "../../../../domain/governance/checks.js";
import { parseProposalId, parseSupport } from "../../../../domain/governance/governance.js";
import { renderTable } from "../../../lib/output.js";
import { atNextBlock, command, loadDao, proposalNow, quorumOf, timeAdvanceHint } from "./shared.js";

interface VoteArgs extends CommonTaskArgs {
  proposalId?: string;
  support?: string;
  reason?: string;
}

export default galeonAction(async (args: VoteArgs, ctx) => {
  const proposalId = parseProposalId(args.proposalId);
  const support = parseSupport(args.support);
  const reason = args.reason ?? "";

  const dao = await loadDao(ctx);
  const { record, state, now, deadline } = await proposalNow(dao, proposalId);
  refuse(voteStateRefusal({ proposalId, state, voteStart: record.voteStart, deadline, now }));
  const voter = (await ctx.signer()).address;
  // The snapshot is in the past for the next block, not always for the latest one (see atNextBlock).
  const [weight, voted] = await Promise.all([
    atNextBlock((o) => dao.governor.getVotes(voter, record.voteStart, o)),
    dao.governor.hasVoted(proposalId, voter),
  ]);
  refuse(voterRefusal({ proposalId, voter, voted, weight, voteStart: record.voteStart, now }));

  const receipt = await ctx.confirm(
    `voting ${support.name}`,
    reason === ""
      ? dao.governor.castVote(proposalId, support.value)
      : dao.governor.castVoteWithReason(proposalId, support.value, reason),
  );
  const later = await dao.now();
  const after = await quorumOf(dao, record, later);
  const deadlineAfter = await dao.governor.proposalDeadline(proposalId);
  const advance = await timeAdvanceHint(ctx, deadlineAfter, later);
  const queue = command(ctx, ["dao", "queue", proposalId.toString()], { from: true });
  const next = [...(advance === undefined ? [] : [advance]), queue];
  const rows: string[][] = [
    ["for", dao.fmt(after.tally.for)],
    ["against", dao.fmt(after.tally.against)],
    ["abstain", dao.fmt(after.tally.abstain)],
    ["quorum needed", dao.fmt(after.needed)],
    ["quorum reached", dao.fmt(after.reached)],
  ];
  return {
    data: {
      proposalId: proposalId.toString(),
      voter,
      support: support.name,
      reason,
      weight,
      votes: after.tally,
      quorum: { needed: after.needed, reached: after.reached },
      deadline: deadlineAfter,
      next,
      transaction: receipt.hash,
    },
    text:
      `${voter} voted ${support.name} proposal ${proposalId} with ${dao.fmt(weight)}` +
      `${reason === "" ? "" : ` ("${reason}")`} (transaction ${receipt.hash})\n\n${renderTable(rows)}\n\n` +
      `Next, once the vote closes at ${when(deadlineAfter, later)}:\n` +
      next.map((c) => `  ${c}`).join("\n"),
  };
});
