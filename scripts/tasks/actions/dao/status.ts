/**
 * `dao status [PROPOSAL_ID]`: one proposal (state, votes, quorum needed and reached, time left or
 * ETA, its actions decoded with the deployment's ABIs and amounts in token units, a fresh simulation of
 * those actions as the timelock would run them, and the commands to run next), or the list of every
 * proposal. Both show the treasury: what it holds and its leg still uncollected in the router. Warns
 * on stderr when a live proposal would fail at execution as things stand, and a voter (`--from`) who
 * holds $GALEON but has no votes because nothing is delegated.
 */
import { formatAmount } from "../../../../domain/amounts/amounts.js";
import { galeonAction } from "../../../lib/cli.js";
import type { CommonTaskArgs, TaskContext } from "../../../lib/context.js";
import { FUTURES } from "../../../../domain/chain/futures.js";
import { earliestExecution, LIVE_STATES, when } from "../../../../domain/governance/checks.js";
import { parseProposalId } from "../../../../domain/governance/governance.js";
import { renderTable } from "../../../lib/output.js";
import type { TimelockController } from "../../../../typechain-types/index.js";
import {
  command,
  type Dao,
  loadDao,
  quorumOf,
  type SimulationReport,
  simulate,
  timeAdvanceHint,
  treasuryLegs,
} from "./shared.js";

interface StatusArgs extends CommonTaskArgs {
  proposalId?: string;
}

/** The stderr warning for a holder without voting power, or undefined. */
async function powerWarning(dao: Dao, account: string): Promise<string | undefined> {
  const [balance, votes] = await Promise.all([dao.token.balanceOf(account), dao.token.getVotes(account)]);
  if (balance === 0n || votes !== 0n) return undefined;
  return `you (${account}) have ${dao.fmt(balance)} but 0 votes: run dao delegate to vote with them`;
}

/** The treasury per payment token, as JSON and as a table. */
async function treasury(ctx: TaskContext, dao: Dao) {
  const legs = await treasuryLegs(ctx, dao);
  const fmt = (l: (typeof legs)[number], v: bigint) => formatAmount(v, l.decimals, l.symbol);
  const table =
    legs.length === 0
      ? ""
      : renderTable(
          legs.map((l) => [l.symbol, fmt(l, l.held), fmt(l, l.uncollected)]),
          ["treasury", "held", "uncollected in the router"],
        );
  return { data: legs.map(({ decimals: _, ...l }) => l), table };
}

/** States whose actions may still run: their simulation says whether they would pass. */

export default galeonAction<StatusArgs, Record<string, unknown>>(async (args, ctx) => {
  const proposalId =
    args.proposalId === undefined || args.proposalId === "" ? undefined : parseProposalId(args.proposalId);
  const dao = await loadDao(ctx);
  const account = (await ctx.signer()).address;
  const warnings: string[] = [];
  const power = await powerWarning(dao, account);
  if (power !== undefined) warnings.push(power);
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
    const legs = await treasury(ctx, dao);
    for (const w of warnings) console.error(`warning: ${w}`);
    const rows = list.map((p) => [
      p.proposalId,
      p.state,
      dao.fmt(p.votes.for),
      dao.fmt(p.votes.against),
      dao.fmt(p.votes.abstain),
      p.description.split("\n")[0].slice(0, 60),
    ]);
    const proposalsText =
      list.length === 0
        ? "No proposals yet."
        : renderTable(rows, ["proposal", "state", "for", "against", "abstain", "description"]);
    return {
      data: { account, proposals: list, treasury: legs.data, warnings },
      text: legs.table === "" ? proposalsText : `${proposalsText}\n\n${legs.table}`,
    };
  }

  const record = await dao.find(proposalId);
  const [state, deadline, eta, q, legs] = await Promise.all([
    dao.state(proposalId),
    dao.governor.proposalDeadline(proposalId),
    dao.governor.proposalEta(proposalId),
    quorumOf(dao, record, now),
    treasury(ctx, dao),
  ]);
  const actions = await dao.decode(record);
  const id = proposalId.toString();

  let next: string;
  const commands: string[] = [];
  const advanceTo = async (until: bigint) => {
    const hint = await timeAdvanceHint(ctx, until, now);
    if (hint !== undefined) commands.push(hint);
  };
  switch (state) {
    case "Pending":
      next = `vote opens ${when(record.voteStart, now)}`;
      await advanceTo(record.voteStart);
      commands.push(command(ctx, ["dao", "vote", id, "--support", "for"], { from: true }));
      break;
    case "Active":
      next = `vote closes ${when(deadline, now)}`;
      if (!(await dao.governor.hasVoted(proposalId, account))) {
        commands.push(command(ctx, ["dao", "vote", id, "--support", "for"], { from: true }));
      }
      await advanceTo(deadline);
      commands.push(command(ctx, ["dao", "queue", id], { from: true }));
      break;
    case "Succeeded":
      next = "passed: queue it";
      commands.push(command(ctx, ["dao", "queue", id], { from: true }));
      break;
    case "Queued":
      next = eta <= now ? `executable since ${when(eta, now)}` : `executable ${when(eta, now)}`;
      await advanceTo(eta);
      commands.push(command(ctx, ["dao", "execute", id], { from: true }));
      break;
    default:
      next = `vote closed ${when(deadline, now)}`;
  }

  let simulation: SimulationReport | null = null;
  if (LIVE_STATES.includes(state)) {
    const minDelay = await (await ctx.contract<TimelockController>(FUTURES.timelock)).getMinDelay();
    const { at, atLabel } = earliestExecution({ state, now, deadline, eta, minDelay });
    simulation = await simulate(ctx, dao, record, actions, { at, atLabel, use: "status" });
    if (simulation.outcome === "fails") warnings.push(`proposal ${id}: ${simulation.summary}`);
  }
  for (const w of warnings) console.error(`warning: ${w}`);

  const rows: string[][] = [
    ["proposal id", id],
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
    ...(simulation === null ? [] : [["simulation", simulation.summary]]),
  ];
  const sections = [renderTable(rows)];
  if (legs.table !== "") sections.push(legs.table);
  if (commands.length > 0) sections.push(`Next:\n${commands.map((c) => `  ${c}`).join("\n")}`);
  return {
    data: {
      account,
      proposalId: id,
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
      simulation,
      treasury: legs.data,
      next: commands,
      warnings,
    },
    text: sections.join("\n\n"),
  };
});
