/**
 * `dao queue PROPOSAL_ID`: queues a passed proposal in the timelock. Targets, values, calldatas and
 * description come from the proposal's `ProposalCreated` event (no local state). Prints the ETA.
 */
import { id } from "ethers";

import { galeonAction } from "../../../lib/cli.js";
import type { CommonTaskArgs } from "../../../lib/context.js";
import { CliError } from "../../../lib/errors.js";
import { parseProposalId } from "../../../lib/governance.js";
import { renderTable } from "../../../lib/output.js";
import { loadDao, proposalNow, quorumOf, when } from "./shared.js";

interface QueueArgs extends CommonTaskArgs {
  proposalId?: string;
}

export default galeonAction(async (args: QueueArgs, ctx) => {
  const proposalId = parseProposalId(args.proposalId);
  const dao = await loadDao(ctx);
  const { record, state, now, deadline } = await proposalNow(dao, proposalId);
  if (state === "Pending" || state === "Active") {
    throw new CliError(`proposal ${proposalId} is ${state} until ${when(deadline, now)}; queue after the vote`);
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
  const eta = await dao.governor.proposalEta(proposalId);
  return {
    data: { proposalId: proposalId.toString(), state: "Queued", eta, transaction: receipt.hash },
    text:
      `Proposal ${proposalId} queued in the timelock (transaction ${receipt.hash})\n\n` +
      renderTable([["executable from (ETA)", when(eta, await dao.now())]]),
  };
});
