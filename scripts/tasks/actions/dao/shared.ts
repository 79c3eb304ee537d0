/** What the `dao` actions share: the Governor and token of the deployment, proposals from events, tallies. */
import { formatAmount } from "../../../lib/amounts.js";
import type { TaskContext } from "../../../lib/context.js";
import { FUTURES } from "../../../lib/deployment.js";
import { CliError } from "../../../lib/errors.js";
import { formatTime, type ProposalRecord, proposals } from "../../../lib/governance.js";
import { duration } from "../../../lib/sentences/buyback.js";
import { PROPOSAL_STATE_NAMES } from "../../../lib/sentences/dao.js";
import type { GaleonGovernor, GaleonToken } from "../../../../typechain-types/index.js";

export type StateName = (typeof PROPOSAL_STATE_NAMES)[number];

export async function loadDao(ctx: TaskContext) {
  const deployment = await ctx.deployment();
  const ethers = await ctx.ethers();
  const governor = await ctx.contract<GaleonGovernor>(FUTURES.governor);
  const token = await ctx.contract<GaleonToken>(FUTURES.galeonToken);
  const [symbol, decimals] = await Promise.all([token.symbol(), token.decimals()]);
  const fmt = (v: bigint) => formatAmount(v, decimals, symbol);
  /** The chain's time: the latest block's timestamp (what the next transaction sees, near enough). */
  const now = async () => BigInt((await ethers.provider.getBlock("latest"))!.timestamp);
  const all = async () =>
    await proposals(ethers.provider, await governor.getAddress(), deployment.deploymentBlock(FUTURES.governor) ?? 0);
  /** The proposal's event; a one-line refusal when the Governor has none with this id. */
  const find = async (proposalId: bigint): Promise<ProposalRecord> => {
    const record = (await all()).find((p) => p.proposalId === proposalId);
    if (record === undefined) {
      throw new CliError(`there is no proposal ${proposalId} on this deployment's Governor: see dao status`);
    }
    return record;
  };
  const state = async (proposalId: bigint): Promise<StateName> =>
    PROPOSAL_STATE_NAMES[Number(await governor.state(proposalId))];
  const tally = async (proposalId: bigint) => {
    const [against, forVotes, abstain] = await governor.proposalVotes(proposalId);
    return { for: forVotes, against, abstain };
  };
  return { deployment, ethers, governor, token, symbol, decimals, fmt, now, all, find, state, tally };
}

export type Dao = Awaited<ReturnType<typeof loadDao>>;

/** A proposal as the vote, queue and execute steps read it: its record, its state, the chain's time, its vote deadline. */
export async function proposalNow(dao: Dao, proposalId: bigint) {
  const record = await dao.find(proposalId);
  const [state, now, deadline] = await Promise.all([
    dao.state(proposalId),
    dao.now(),
    dao.governor.proposalDeadline(proposalId),
  ]);
  return { record, state, now, deadline };
}

/** "2026-11-26T01:00:00Z (in 2 d)" or "(3 h ago)". */
export function when(at: bigint, now: bigint): string {
  return `${formatTime(at)} (${at >= now ? `in ${duration(at - now)}` : `${duration(now - at)} ago`})`;
}

/** The proposal's quorum and how much of it is reached (for + abstain count, as OpenZeppelin counts). */
export async function quorumOf(dao: Dao, record: ProposalRecord, now: bigint) {
  const tally = await dao.tally(record.proposalId);
  const reached = tally.for + tally.abstain;
  // The quorum is fixed at the snapshot; before it, estimate it from today's supply.
  const final = record.voteStart < now;
  const needed = final
    ? await dao.governor.quorum(record.voteStart)
    : ((await dao.token.totalSupply()) * (await dao.governor["quorumNumerator()"]())) /
      (await dao.governor.quorumDenominator());
  return { tally, needed, reached, final };
}
