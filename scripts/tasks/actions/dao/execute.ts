/**
 * `dao execute PROPOSAL_ID`: executes a queued proposal once its ETA has passed, rebuilding its
 * calls from the `ProposalCreated` event, and prints the executed actions decoded (amounts in token
 * units). Before sending, it simulates the actions as the timelock will run them and refuses, naming
 * the failing action and why, when one would fail: the transaction would only revert.
 */
import { id } from "ethers";

import { galeonAction } from "../../../lib/cli.js";
import type { CommonTaskArgs } from "../../../lib/context.js";
import { executeRefusal, refuse, simulationRefusal } from "../../../../domain/governance/checks.js";
import { parseProposalId } from "../../../../domain/governance/governance.js";
import { renderTable } from "../../../lib/output.js";
import { loadDao, proposalNow, simulate } from "./shared.js";

interface ExecuteArgs extends CommonTaskArgs {
  proposalId?: string;
}

export default galeonAction(async (args: ExecuteArgs, ctx) => {
  const proposalId = parseProposalId(args.proposalId);
  const dao = await loadDao(ctx);
  const { record, state, now, deadline } = await proposalNow(dao, proposalId);
  const eta = await dao.governor.proposalEta(proposalId);
  refuse(executeRefusal({ proposalId, state, voteStart: record.voteStart, deadline, now, eta }));

  const actions = await dao.decode(record);
  const simulation = await simulate(ctx, dao, record, actions, { at: now, atLabel: "now", use: "execute" });
  if (simulation.outcome === "fails") refuse(simulationRefusal(simulation.summary));

  const receipt = await ctx.confirm(
    "executing",
    dao.governor.execute(record.targets, record.values, record.calldatas, id(record.description)),
  );
  return {
    data: { proposalId: proposalId.toString(), state: await dao.state(proposalId), actions, transaction: receipt.hash },
    text:
      `Proposal ${proposalId} executed (transaction ${receipt.hash})\n\n` +
      renderTable(actions.map((a, i) => [`action ${i + 1}`, a.summary])),
  };
});
