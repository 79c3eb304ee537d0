/**
 * `dao queue PROPOSAL_ID`: queues a passed proposal in the timelock. Targets, values, calldatas and
 * description come from the proposal's `ProposalCreated` event (no local state). Prints the ETA and
 * the commands to run next; warns when its actions, simulated as the timelock would run them at the
 * ETA, would fail (queueing goes on: things may change before the ETA).
 */
import { id } from "ethers";

import { galeonAction } from "../../../lib/cli.js";
import type { CommonTaskArgs } from "../../../lib/context.js";
import { CliError } from "../../../../domain/errors/refusal.js";
import { parseProposalId } from "../../../../domain/governance/governance.js";
import { renderTable } from "../../../lib/output.js";
import { command, loadDao, proposalNow, quorumOf, simulate, timeAdvanceHint, votePhase, when } from "./shared.js";

interface QueueArgs extends CommonTaskArgs {
  proposalId?: string;
}

export default galeonAction(async (args: QueueArgs, ctx) => {
  const proposalId = parseProposalId(args.proposalId);
  const dao = await loadDao(ctx);
  const { record, state, now, deadline } = await proposalNow(dao, proposalId);
  if (state === "Pending" || state === "Active") {
    throw new CliError(`proposal ${proposalId} is ${votePhase(state, record, deadline, now)}; queue after the vote`);
  }
  if (state === "Defeated") {
    const q = await quorumOf(dao, record, now);
    throw new CliError(
      `proposal ${proposalId} was defeated (for ${dao.fmt(q.tally.for)}, against ${dao.fmt(q.tally.against)},` +
        ` quorum ${dao.fmt(q.reached)} of ${dao.fmt(q.needed)}): it cannot be queued`,
    );
  }
  if (state === "Queued") {
    throw new CliError(
      `proposal ${proposalId} is already queued: execute it after ${when(await dao.governor.proposalEta(proposalId), now)}`,
    );
  }
  if (state !== "Succeeded")
    throw new CliError(`proposal ${proposalId} is ${state}: only a Succeeded proposal is queued`);

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
