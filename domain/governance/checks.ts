/**
 * The DAO's checks before anything is sent, and their sentences: one source for the command line
 * (`dao vote|queue|execute|delegate`) and the wallet app's DAO screen. Pure: each function takes the
 * facts already read from the chain (the proposal's state, its times, the chain's time, the voter's
 * weight) and returns the refusal's sentence, or undefined when the step can go. `refuse` turns a
 * sentence into the command line's `CliError`. Also the wording both sides print around them: the
 * time of an event ("2026-11-26T01:00:00Z (in 2 d)") and the result of a simulation in one line.
 */
import { CliError } from "../errors/refusal.js";
import { duration } from "../errors/sentences/buyback.js";
import { PROPOSAL_STATE_NAMES } from "../errors/sentences/dao.js";
import { formatTime } from "./governance.js";
import type { Simulation } from "./simulation.js";

/** A proposal state's name, as the Governor's `state()` numbers them. */
export type StateName = (typeof PROPOSAL_STATE_NAMES)[number];

/** Throws the command line's one-line refusal when there is a sentence. */
export function refuse(sentence: string | undefined): void {
  if (sentence !== undefined) throw new CliError(sentence);
}

/** "2026-11-26T01:00:00Z (in 2 d)" or "(3 h ago)". */
export function when(at: bigint, now: bigint): string {
  return `${formatTime(at)} (${at >= now ? `in ${duration(at - now)}` : `${duration(now - at)} ago`})`;
}

/** A proposal's times as the checks read them: the vote's start (its snapshot) and its deadline (late quorum included). */
export interface ProposalTimes {
  proposalId: bigint;
  state: StateName;
  voteStart: bigint;
  deadline: bigint;
  /** The chain's time. */
  now: bigint;
}

/** Why a Pending or Active proposal cannot be queued or executed yet: "Pending until ... (vote opens), then Active until ...". */
export function votePhase(p: Omit<ProposalTimes, "proposalId">): string {
  return p.state === "Pending"
    ? `Pending until ${when(p.voteStart, p.now)}, when the vote opens, then Active until ${formatTime(p.deadline)}`
    : `Active until ${when(p.deadline, p.now)}`;
}

/** `dao vote`'s refusal on the proposal's state: only an Active proposal takes votes. */
export function voteStateRefusal(p: ProposalTimes): string | undefined {
  if (p.state === "Pending")
    return `proposal ${p.proposalId} is Pending: the vote opens at ${when(p.voteStart, p.now)}`;
  if (p.state !== "Active")
    return `proposal ${p.proposalId} is ${p.state}: the vote closed at ${when(p.deadline, p.now)}`;
  return undefined;
}

/** `dao vote`'s refusal on the voter: already voted, or no votes at the proposal's snapshot. */
export function voterRefusal(v: {
  proposalId: bigint;
  voter: string;
  voted: boolean;
  /** The voter's votes at the snapshot. */
  weight: bigint;
  voteStart: bigint;
  now: bigint;
}): string | undefined {
  if (v.voted) return alreadyVoted(v.voter, v.proposalId);
  if (v.weight === 0n) {
    return (
      `${v.voter} had no votes at the proposal's snapshot (${when(v.voteStart, v.now)}): votes count only when` +
      " delegated before the snapshot (dao delegate)"
    );
  }
  return undefined;
}

/** A second vote of the same voter (the Governor takes one per voter). */
export function alreadyVoted(voter: string, proposalId: bigint | string): string {
  return `${voter} has already voted on proposal ${proposalId}`;
}

/** A Defeated proposal's tallies, for the sentence that says why it cannot be queued. */
export interface DefeatedTally {
  for: bigint;
  against: bigint;
  /** For + abstain, as OpenZeppelin counts the quorum. */
  reached: bigint;
  needed: bigint;
}

/**
 * `dao queue`'s refusal: only a Succeeded proposal is queued. `eta` is needed when the proposal is
 * Queued, `tally` (and `fmt`, amounts in $GALEON units) when it is Defeated.
 */
export function queueRefusal(
  p: ProposalTimes & { eta?: bigint; tally?: DefeatedTally; fmt?: (v: bigint) => string },
): string | undefined {
  const { proposalId, state } = p;
  if (state === "Pending" || state === "Active")
    return `proposal ${proposalId} is ${votePhase(p)}; queue after the vote`;
  if (state === "Defeated") {
    if (p.tally === undefined || p.fmt === undefined)
      throw new Error("queueRefusal: a Defeated proposal needs its tally");
    const { tally: q, fmt } = p;
    return (
      `proposal ${proposalId} was defeated (for ${fmt(q.for)}, against ${fmt(q.against)},` +
      ` quorum ${fmt(q.reached)} of ${fmt(q.needed)}): it cannot be queued`
    );
  }
  if (state === "Queued") {
    if (p.eta === undefined) throw new Error("queueRefusal: a Queued proposal needs its ETA");
    return `proposal ${proposalId} is already queued: execute it after ${when(p.eta, p.now)}`;
  }
  if (state !== "Succeeded") return `proposal ${proposalId} is ${state}: only a Succeeded proposal is queued`;
  return undefined;
}

/** `dao execute`'s refusal before the simulation: only a Queued proposal whose ETA has passed is executed. */
export function executeRefusal(p: ProposalTimes & { eta: bigint }): string | undefined {
  const { proposalId, state } = p;
  if (state === "Pending" || state === "Active") {
    return `proposal ${proposalId} is ${votePhase(p)}; queue it after the vote, then execute`;
  }
  if (state === "Succeeded") return `proposal ${proposalId} passed but is not queued: run dao queue first`;
  if (state !== "Queued") return `proposal ${proposalId} is ${state}: only a Queued proposal is executed`;
  if (p.now < p.eta) {
    return `proposal ${proposalId} is Queued until ${when(p.eta, p.now)}; execute after the timelock delay`;
  }
  return undefined;
}

/** `dao execute`'s refusal when the simulation fails: the transaction would only revert. */
export function simulationRefusal(summary: string): string {
  return `${summary}. Nothing sent`;
}

/** `dao delegate` when the delegation is already in place. */
export function alreadyDelegates(account: string, delegatee: string): string {
  return `${account} already delegates to ${delegatee === account ? "itself" : delegatee}: nothing sent`;
}

/** The states whose actions may still run: the ones whose simulation is shown. */
export const LIVE_STATES: readonly StateName[] = ["Pending", "Active", "Succeeded", "Queued"];

/**
 * When a live proposal's actions would run at the earliest, and what that time is called: a Queued
 * one's ETA (now once it has passed), else the vote's end (now once it passed) plus the timelock's delay.
 */
export function earliestExecution(p: {
  state: StateName;
  now: bigint;
  deadline: bigint;
  eta: bigint;
  minDelay: bigint;
}): { at: bigint; atLabel: string } {
  return p.state === "Queued"
    ? { at: p.eta > p.now ? p.eta : p.now, atLabel: "the ETA" }
    : { at: (p.state === "Succeeded" ? p.now : p.deadline) + p.minDelay + 1n, atLabel: "the earliest execution" };
}

/**
 * The result of simulating a proposal's actions as the timelock will run them, in one line. `atLabel`
 * says what the requested time `at` is ("the ETA", "the earliest execution"); `reason` is why the
 * failing action fails (asked only when one fails: the command line says more than the decoder).
 */
export async function simulationSummary(
  result: Simulation,
  actions: readonly { summary: string }[],
  options: { at: bigint; atLabel: string },
  reason: (action: number, revertData: string) => Promise<string> | string,
): Promise<{ summary: string; reason: string | null }> {
  if (result.outcome === "not simulated") return { summary: `not simulated: ${result.reason}`, reason: result.reason };
  const time = result.atRequestedTime
    ? `at ${formatTime(result.at)} (${options.atLabel})`
    : result.at < options.at
      ? `at ${formatTime(result.at)} (now: this node cannot simulate ${options.atLabel})`
      : `at ${formatTime(result.at)} (now)`;
  if (result.outcome === "passes") {
    const which = actions.length === 1 ? "its action" : `its ${actions.length} actions, in order,`;
    return { summary: `passes: the timelock runs ${which} without a revert ${time}`, reason: null };
  }
  const n = result.action + 1;
  const why = await reason(result.action, result.revertData);
  const after = n > 1 ? ` after actions 1 to ${n - 1}` : "";
  return {
    summary:
      `action ${n} of ${actions.length} (${actions[result.action].summary}) would fail when the timelock runs it` +
      `${after} ${time}: ${why}`,
    reason: why,
  };
}
