/**
 * `dao status [PROPOSAL_ID]`: one proposal (state, votes, quorum needed and reached, time left or
 * ETA, its actions decoded with the deployment's ABIs), or the list of every proposal. Warns a
 * voter (`--from`) who holds $GALEON but has no votes because nothing is delegated.
 */
import { galeonAction } from "../../../lib/cli.js";
import type { CommonTaskArgs } from "../../../lib/context.js";
import { decodeAction, parseProposalId } from "../../../lib/governance.js";
import { renderTable } from "../../../lib/output.js";
import { type Dao, loadDao, quorumOf, when } from "./shared.js";

interface StatusArgs extends CommonTaskArgs {
  proposalId?: string;
}

/** The stderr warning for a holder without voting power, or undefined. */
async function powerWarning(dao: Dao, account: string): Promise<string | undefined> {
  const [balance, votes] = await Promise.all([dao.token.balanceOf(account), dao.token.getVotes(account)]);
  if (balance === 0n || votes !== 0n) return undefined;
  return `you (${account}) have ${dao.fmt(balance)} but 0 votes: run dao delegate to vote with them`;
}

export default galeonAction<StatusArgs, Record<string, unknown>>(async (args, ctx) => {
  const proposalId =
    args.proposalId === undefined || args.proposalId === "" ? undefined : parseProposalId(args.proposalId);
  const dao = await loadDao(ctx);
  const account = (await ctx.signer()).address;
  const warning = await powerWarning(dao, account);
  const now = await dao.now();

  if (proposalId === undefined) {
    const list = await Promise.all(
      (await dao.all()).map(async (p) => {
        const [state, tally, deadline] = await Promise.all([
          dao.state(p.proposalId),
          dao.tally(p.proposalId),
          dao.governor.proposalDeadline(p.proposalId),
        ]);
        return { proposalId: p.proposalId.toString(), state, description: p.description, deadline, votes: tally };
      }),
    );
    if (warning !== undefined) console.error(`warning: ${warning}`);
    const rows = list.map((p) => [
      p.proposalId,
      p.state,
      dao.fmt(p.votes.for),
      dao.fmt(p.votes.against),
      dao.fmt(p.votes.abstain),
      p.description.split("\n")[0].slice(0, 60),
    ]);
    return {
      data: { account, proposals: list, warnings: warning === undefined ? [] : [warning] },
      text:
        list.length === 0
          ? "No proposals yet."
          : renderTable(rows, ["proposal", "state", "for", "against", "abstain", "description"]),
    };
  }

  const record = await dao.find(proposalId);
  const [state, deadline, eta, q] = await Promise.all([
    dao.state(proposalId),
    dao.governor.proposalDeadline(proposalId),
    dao.governor.proposalEta(proposalId),
    quorumOf(dao, record, now),
  ]);
  const actions = await Promise.all(
    record.targets.map((t, i) => decodeAction(dao.deployment, t, record.values[i], record.calldatas[i])),
  );
  let next: string;
  switch (state) {
    case "Pending":
      next = `vote opens ${when(record.voteStart, now)}`;
      break;
    case "Active":
      next = `vote closes ${when(deadline, now)}`;
      break;
    case "Succeeded":
      next = "passed: queue it (dao queue)";
      break;
    case "Queued":
      next = eta <= now ? `executable since ${when(eta, now)} (dao execute)` : `executable ${when(eta, now)}`;
      break;
    default:
      next = `vote closed ${when(deadline, now)}`;
  }
  if (warning !== undefined) console.error(`warning: ${warning}`);
  const rows: string[][] = [
    ["proposal id", proposalId.toString()],
    ["state", state],
    ["next", next],
    ["proposer", record.proposer],
    ["description", record.description.split("\n")[0]],
    ["for", dao.fmt(q.tally.for)],
    ["against", dao.fmt(q.tally.against)],
    ["abstain", dao.fmt(q.tally.abstain)],
    [q.final ? "quorum needed" : "quorum needed (estimate)", dao.fmt(q.needed)],
    ["quorum reached", `${dao.fmt(q.reached)}${q.reached >= q.needed ? " (met)" : " (not met)"}`],
    ...actions.map((a, i) => [`action ${i + 1}`, a.summary]),
  ];
  return {
    data: {
      account,
      proposalId: proposalId.toString(),
      state,
      proposer: record.proposer,
      description: record.description,
      voteStart: record.voteStart,
      deadline,
      eta: eta === 0n ? null : eta,
      now,
      votes: q.tally,
      quorum: { needed: q.needed, reached: q.reached, met: q.reached >= q.needed, final: q.final },
      actions,
      warnings: warning === undefined ? [] : [warning],
    },
    text: renderTable(rows),
  };
});
