/**
 * `dao queue PROPOSAL_ID`: queues a passed proposal in the timelock. Targets, values, calldatas and
 * description come from the proposal's `ProposalCreated` event (no local state). Prints the ETA and
 * the commands to run next; warns when its actions, simulated as the timelock would run them at the
 * ETA, would fail (queueing goes on: things may change before the ETA).
 */
import { id } from "ethers";

import { galeonAction } from "../../../lib/cli.js";
import type { CommonTaskArgs } from "../../../lib/context.js";
import { queueRefusal, refuse, when } from "../../../../domain/governance/checks.js";
import { parseProposalId } from "../../../../domain/governance/governance.js";
import { renderTable } from "../../../lib/output.js";
import { command, loadDao, proposalNow, quorumOf, simulate, timeAdvanceHint } from "./shared.js";

interface QueueArgs extends CommonTaskArgs {
  proposalId?: string;
}

export default galeonAction(async (args: QueueArgs, ctx) => {
  const proposalId = parseProposalId(args.proposalId);
  const dao = await loadDao(ctx);
  const { record, state, now, deadline } = await proposalNow(dao, proposalId);
  // The tallies and the ETA are read only for the sentences that name them.
  const q = state === "Defeated" ? await quorumOf(dao, record, now) : undefined;
  refuse(
    queueRefusal({
      proposalId,
      state,
      voteStart: record.voteStart,
      deadline,
      now,
      eta: state === "Queued" ? await dao.governor.proposalEta(proposalId) : undefined,
      tally:
        q === undefined
          ? undefined
          : { for: q.tally.for, against: q.tally.against, reached: q.reached, needed: q.needed },
      fmt: dao.fmt,
    }),
  );

  const receipt = await ctx.confirm(
    "queueing",
    dao.governor.queue(record.targets, record.values, record.calldatas, id(record.description)),
  );
  const [eta, later] = await Promise.all([dao.governor.proposalEta(proposalId), dao.now()]);
  const actions = await dao.decode(record);
  const simulation = await simulate(ctx, dao, record, actions, { at: eta, atLabel: "the ETA", use: "execute" });
  if (simulation.outcome === "fails") console.error(`warning: proposal ${proposalId}: ${simulation.summary}`);
  const advance = await timeAdvanceHint(ctx, eta, later);
  const execute = command(ctx, ["dao", "execute", proposalId.toString()], { from: true });
  const next = [...(advance === undefined ? [] : [advance]), execute];
  return {
    data: {
      proposalId: proposalId.toString(),
      state: "Queued",
      eta,
      simulation,
      next,
      transaction: receipt.hash,
    },
    text:
      `Proposal ${proposalId} queued in the timelock (transaction ${receipt.hash})\n\n` +
      renderTable([
        ["executable from (ETA)", when(eta, later)],
        ["simulation", simulation.summary],
      ]) +
      `\n\nNext, from the ETA:\n${next.map((c) => `  ${c}`).join("\n")}`,
  };
});
