/**
 * `dao execute PROPOSAL_ID`: executes a queued proposal once its ETA has passed, rebuilding its
 * calls from the `ProposalCreated` event, and prints the executed actions decoded (amounts in token
 * units). Before sending, it simulates the actions as the timelock will run them and refuses, naming
 * the failing action and why, when one would fail: the transaction would only revert.
 */
import { id } from "ethers";

import { galeonAction } from "../../../lib/cli.js";
import type { CommonTaskArgs } from "../../../lib/context.js";
import { CliError } from "../../../../domain/errors/refusal.js";
import { parseProposalId } from "../../../../domain/governance/governance.js";
import { renderTable } from "../../../lib/output.js";
import { loadDao, proposalNow, simulate, votePhase, when } from "./shared.js";

interface ExecuteArgs extends CommonTaskArgs {
  proposalId?: string;
}

export default galeonAction(async (args: ExecuteArgs, ctx) => {
  const proposalId = parseProposalId(args.proposalId);
  const dao = await loadDao(ctx);
  const { record, state, now, deadline } = await proposalNow(dao, proposalId);
  const eta = await dao.governor.proposalEta(proposalId);
  if (state === "Pending" || state === "Active") {
    throw new CliError(
      `proposal ${proposalId} is ${votePhase(state, record, deadline, now)}; queue it after the vote, then execute`,
    );
  }
  if (state === "Succeeded") throw new CliError(`proposal ${proposalId} passed but is not queued: run dao queue first`);
  if (state !== "Queued") throw new CliError(`proposal ${proposalId} is ${state}: only a Queued proposal is executed`);
  if (now < eta) {
    throw new CliError(`proposal ${proposalId} is Queued until ${when(eta, now)}; execute after the timelock delay`);
  }

  const actions = await dao.decode(record);
  const simulation = await simulate(ctx, dao, record, actions, { at: now, atLabel: "now", use: "execute" });
  if (simulation.outcome === "fails") throw new CliError(`${simulation.summary}. Nothing sent`);

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
