/**
 * What the `dao` actions share: the Governor and token of the deployment, proposals from events,
 * tallies, the simulation of a proposal's actions as the timelock will run them, the treasury's leg,
 * and the follow-up commands to print.
 */
import { id, Interface, ZeroAddress } from "ethers";

import { formatAmount } from "../../../../domain/amounts/amounts.js";
import type { TaskContext } from "../../../lib/context.js";
import { FUTURES } from "../../../../domain/chain/futures.js";
import { CliError } from "../../../../domain/errors/refusal.js";
import {
  decodeAction,
  type DecodedAction,
  formatTime,
  type ProposalRecord,
  proposals,
  tokenLookup,
} from "../../../../domain/governance/governance.js";
import { compactDuration, identifyNode } from "../../../../domain/chain/rpc.js";
import { PROPOSAL_STATE_NAMES } from "../../../../domain/errors/sentences/dao.js";
import { simulationSummary, type StateName } from "../../../../domain/governance/checks.js";
import { simulateProposal } from "../../../../domain/governance/simulation.js";
import { allowlistedTokens } from "../../../lib/tokens.js";
import type {
  DataAccessRouter,
  GaleonGovernor,
  GaleonToken,
  GaleonTreasury,
} from "../../../../typechain-types/index.js";

export type { StateName };

/** The router's `Payee.Treasury`. */
const TREASURY_PAYEE = 0;

type BlockTagOverrides = { blockTag?: string };

/**
 * A read as the next transaction will meet it (block tag "pending"): right after `galeon time advance`
 * the latest block can sit exactly on a proposal's vote start, where the Governor still says Pending
 * but a vote sent now lands in the next block, after it. Falls back to the latest block on a node that
 * refuses "pending".
 */
export async function atNextBlock<T>(read: (overrides: BlockTagOverrides) => Promise<T>): Promise<T> {
  try {
    return await read({ blockTag: "pending" });
  } catch {
    return await read({});
  }
}

export async function loadDao(ctx: TaskContext) {
  const deployment = await ctx.deployment();
  const ethers = await ctx.ethers();
  const governor = await ctx.contract<GaleonGovernor>(FUTURES.governor);
  const token = await ctx.contract<GaleonToken>(FUTURES.galeonToken);
  const [symbol, decimals] = await Promise.all([token.symbol(), token.decimals()]);
  const fmt = (v: bigint) => formatAmount(v, decimals, symbol);
  const tokens = tokenLookup(ethers.provider);
  /** The chain's time: the latest block's timestamp. */
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
  /** The state a transaction sent now meets (see `atNextBlock`). */
  const state = async (proposalId: bigint): Promise<StateName> =>
    PROPOSAL_STATE_NAMES[Number(await atNextBlock((o) => governor.state(proposalId, o)))];
  const tally = async (proposalId: bigint) => {
    const [against, forVotes, abstain] = await governor.proposalVotes(proposalId);
    return { for: forVotes, against, abstain };
  };
  /** A proposal's calls in words, amounts in token units. */
  const decode = async (calls: { targets: string[]; values: bigint[]; calldatas: string[] }) =>
    await Promise.all(
      calls.targets.map((t, i) => decodeAction(deployment, t, calls.values[i], calls.calldatas[i], tokens)),
    );
  return { deployment, ethers, governor, token, symbol, decimals, fmt, tokens, now, all, find, state, tally, decode };
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

/* FOLLOW-UP COMMANDS */

/**
 * A command to run next, with the `--network`, `--deployment-id` and (with `from`) `--from` the user
 * gave: `npx hardhat --network localnode dao queue 123 --from 0x...`. (Local to the DAO tasks until a
 * shared helper exists in `scripts/lib/cli.ts`.)
 */
export function command(
  ctx: TaskContext,
  words: string[],
  options: { from?: boolean; deployment?: boolean } = {},
): string {
  const parts = ["npx hardhat"];
  const network = ctx.hre.globalOptions.network;
  if (network !== undefined && network !== "") parts.push(`--network ${network}`);
  parts.push(...words);
  if (options.from === true && ctx.args.from !== undefined && ctx.args.from !== "") {
    parts.push(`--from ${ctx.args.from}`);
  }
  if (options.deployment !== false && ctx.args.deploymentId !== undefined && ctx.args.deploymentId !== "") {
    parts.push(`--deployment-id ${ctx.args.deploymentId}`);
  }
  return parts.join(" ");
}

/**
 * On a local node, the `galeon time advance` that brings the chain to `until` (rounded up to the
 * minute beyond ten minutes: "7d" rather than "6d23h59m52s"); undefined elsewhere or when it is there.
 */
export async function timeAdvanceHint(ctx: TaskContext, until: bigint, now: bigint): Promise<string | undefined> {
  if (until <= now) return undefined;
  const { connection } = await ctx.network();
  if (!(await identifyNode(connection.provider)).local) return undefined;
  const wait = until - now;
  const rounded = wait > 600n ? ((wait + 59n) / 60n) * 60n : wait;
  return command(ctx, ["galeon", "time", "advance", compactDuration(rounded)], { deployment: false });
}

/** Whether this project has a task (another stream may add `treasury collect`). */
function hasTask(ctx: TaskContext, id: string[]): boolean {
  try {
    ctx.hre.tasks.getTask(id);
    return true;
  } catch {
    return false;
  }
}

/* THE TREASURY'S LEG */

/** Per payment token: what the treasury holds, and its leg still in the router (collected by `GaleonTreasury.collect`). */
export async function treasuryLegs(ctx: TaskContext, dao: Dao) {
  const { deployment } = dao;
  if (!deployment.has(FUTURES.treasury) || !deployment.has(FUTURES.router)) return [];
  const [treasury, router, tokens] = await Promise.all([
    ctx.contract<GaleonTreasury>(FUTURES.treasury),
    ctx.contract<DataAccessRouter>(FUTURES.router),
    allowlistedTokens(ctx),
  ]);
  return await Promise.all(
    tokens.map(async (t) => {
      const [held, uncollected] = await Promise.all([
        treasury.balanceOf(t.address),
        router.payeeBalance(TREASURY_PAYEE, t.address),
      ]);
      return { token: t.address, symbol: t.symbol, decimals: t.decimals, held, uncollected };
    }),
  );
}

/** How to collect the treasury's leg of a token: the task when this project has one, else the contract call. */
function collectHow(ctx: TaskContext, symbol: string): string {
  return hasTask(ctx, ["treasury", "collect"])
    ? command(ctx, ["treasury", "collect", "--token", symbol])
    : "anyone may call GaleonTreasury.collect(router, tokens)";
}

/* SIMULATION */

/** Where the simulation is printed, for the advice that ends a failure's sentence. */
export type SimulationUse = "propose" | "status" | "execute";

export interface SimulationReport {
  outcome: "passes" | "fails" | "not simulated";
  /** The block time the actions ran at (null when not simulated). */
  at: bigint | null;
  /** True when they ran at the requested time (the earliest execution), false when at the chain's time now. */
  atRequestedTime: boolean;
  /** The first failing action, from 1 (null unless it fails). */
  failedAction: number | null;
  /** Why it fails or was not simulated, in one sentence (null when it passes). */
  reason: string | null;
  /** One line for people. */
  summary: string;
}

const tryParseError = (iface: Interface, data: string) => {
  try {
    return iface.parseError(data);
  } catch {
    return null;
  }
};

/** The sentence for a failing action: the treasury's and token balances in token units, else the decoder's sentence. */
async function failureReason(
  ctx: TaskContext,
  dao: Dao,
  data: string,
  action: DecodedAction,
  use: SimulationUse,
  earlier: readonly DecodedAction[] = [],
): Promise<string> {
  const { deployment } = dao;
  if (deployment.has(FUTURES.treasury)) {
    const parsed = tryParseError(new Interface((await deployment.abi(FUTURES.treasury)) as never), data);
    if (parsed?.name === "GaleonTreasuryInsufficientBalance") {
      const token = String(parsed.args.token);
      const info =
        token === ZeroAddress
          ? { symbol: "ETH", decimals: 18 }
          : ((await dao.tokens(token)) ?? { symbol: token, decimals: 0 });
      const fmt = (v: bigint) => formatAmount(v, info.decimals, info.symbol);
      const [balance, amount] = [parsed.args.balance as bigint, parsed.args.amount as bigint];
      let sentence = `the treasury would hold ${fmt(balance)} but ${fmt(amount)} are asked`;
      let uncollected = 0n;
      if (token !== ZeroAddress && deployment.has(FUTURES.router)) {
        const router = await ctx.contract<DataAccessRouter>(FUTURES.router);
        uncollected = await router.payeeBalance(TREASURY_PAYEE, token).catch(() => 0n);
      }
      // A collect earlier in the same proposal already counts the router's leg in `balance`.
      const collects = earlier.some((a) => a.contract === "GaleonTreasury" && a.function?.startsWith("collect("));
      if (collects) {
        sentence += " after collecting its leg from the router in this proposal";
      } else if (uncollected > 0n && balance + uncollected >= amount) {
        sentence +=
          `; ${fmt(uncollected)} of the treasury's leg wait uncollected in the router: collect them first` +
          ` (${collectHow(ctx, info.symbol)})` +
          (use === "propose" ? ", or add --collect to collect them in this proposal, before paying" : "");
      } else if (uncollected > 0n) {
        // Advise collecting only when it would cover the grant.
        sentence +=
          `; collecting the ${fmt(uncollected)} of its leg still in the router would not cover it either` +
          ` (${fmt(balance + uncollected)} in all): ask for less`;
      } else {
        sentence += ", and the router holds nothing more for it";
      }
      return sentence;
    }
  }
  if (deployment.has(FUTURES.galeonToken)) {
    // ERC-20 errors of a token the action calls directly: amounts in that token's units.
    const parsed = tryParseError(new Interface((await deployment.abi(FUTURES.galeonToken)) as never), data);
    const info = parsed?.name === "ERC20InsufficientBalance" ? await dao.tokens(action.target) : undefined;
    if (parsed !== null && info !== undefined) {
      const fmt = (v: bigint) => formatAmount(v, info.decimals, info.symbol);
      return `${String(parsed.args.sender)} holds ${fmt(parsed.args.balance as bigint)} but ${fmt(parsed.args.needed as bigint)} are needed`;
    }
  }
  return (await ctx.decoder()).describe(data) ?? "it reverts without a reason";
}

/**
 * Simulates a proposal's calls as the timelock will execute them, in order, at `at` when the node can
 * (`atLabel` says what that time is, e.g. "the earliest execution"), and explains the outcome.
 */
export async function simulate(
  ctx: TaskContext,
  dao: Dao,
  calls: { targets: string[]; values: bigint[]; calldatas: string[]; description: string },
  actions: DecodedAction[],
  options: { at: bigint; atLabel: string; use: SimulationUse },
): Promise<SimulationReport> {
  const { connection } = await ctx.network();
  const result = await simulateProposal(
    connection.provider,
    { governor: await dao.governor.getAddress(), timelock: dao.deployment.address(FUTURES.timelock) },
    { ...calls, descriptionHash: id(calls.description) },
    { at: options.at },
  );
  const { summary, reason } = await simulationSummary(result, actions, options, (action, data) =>
    failureReason(ctx, dao, data, actions[action], options.use, actions.slice(0, action)),
  );
  if (result.outcome === "not simulated") {
    return { outcome: result.outcome, at: null, atRequestedTime: false, failedAction: null, reason, summary };
  }
  const common = { at: result.at, atRequestedTime: result.atRequestedTime };
  if (result.outcome === "passes") return { outcome: "passes", ...common, failedAction: null, reason: null, summary };
  return { outcome: "fails", ...common, failedAction: result.action + 1, reason, summary };
}
