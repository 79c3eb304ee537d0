/**
 * The DAO's checks before anything is sent (domain/governance/checks.ts), one source for `dao
 * vote|queue|execute|delegate` and the wallet app's DAO screen: each refusal's exact sentence, the
 * time wording both print, and the one-line result of a simulation.
 */
import { expect } from "chai";

import { CliError } from "../../../domain/errors/refusal.js";
import {
  alreadyDelegates,
  alreadyVoted,
  earliestExecution,
  executeRefusal,
  LIVE_STATES,
  queueRefusal,
  refuse,
  simulationRefusal,
  simulationSummary,
  voterRefusal,
  votePhase,
  voteStateRefusal,
  when,
} from "../../../domain/governance/checks.js";

const now = 1_800_000_000n; // 2027-01-15T08:00:00Z
const voteStart = now + 2n * 86_400n; // 2027-01-17T08:00:00Z
const deadline = now + 9n * 86_400n; // 2027-01-24T08:00:00Z
const times = { proposalId: 42n, voteStart, deadline, now };
const VOTER = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";
const fmt = (v: bigint) => `${v} GALEON`;

describe("domain governance checks", function () {
  describe("when and votePhase", function () {
    it("says a time with how far it is from now, ahead or past", function () {
      expect(when(voteStart, now)).to.equal("2027-01-17T08:00:00Z (in 2 d)");
      expect(when(now - 3n * 3_600n, now)).to.equal("2027-01-15T05:00:00Z (3 h ago)");
    });

    it("says what a Pending or Active proposal waits for", function () {
      expect(votePhase({ ...times, state: "Pending" })).to.equal(
        "Pending until 2027-01-17T08:00:00Z (in 2 d), when the vote opens, then Active until 2027-01-24T08:00:00Z",
      );
      expect(votePhase({ ...times, state: "Active" })).to.equal("Active until 2027-01-24T08:00:00Z (in 9 d)");
    });
  });

  describe("vote", function () {
    it("refuses a Pending proposal: the vote opens later", function () {
      expect(voteStateRefusal({ ...times, state: "Pending" })).to.equal(
        "proposal 42 is Pending: the vote opens at 2027-01-17T08:00:00Z (in 2 d)",
      );
    });

    it("refuses a proposal whose vote closed", function () {
      expect(voteStateRefusal({ ...times, now: deadline + 3_600n, state: "Defeated" })).to.equal(
        "proposal 42 is Defeated: the vote closed at 2027-01-24T08:00:00Z (1 h ago)",
      );
    });

    it("lets an Active proposal through", function () {
      expect(voteStateRefusal({ ...times, state: "Active" })).to.equal(undefined);
    });

    it("refuses a voter who already voted, and one without votes at the snapshot", function () {
      const voter = { proposalId: 42n, voter: VOTER, voteStart, now: voteStart + 60n };
      expect(voterRefusal({ ...voter, voted: true, weight: 5n })).to.equal(`${VOTER} has already voted on proposal 42`);
      expect(voterRefusal({ ...voter, voted: false, weight: 0n })).to.equal(
        `${VOTER} had no votes at the proposal's snapshot (2027-01-17T08:00:00Z (1 min ago)): votes count only` +
          " when delegated before the snapshot (dao delegate)",
      );
      expect(voterRefusal({ ...voter, voted: false, weight: 1n })).to.equal(undefined);
      expect(alreadyVoted(VOTER, "42")).to.equal(`${VOTER} has already voted on proposal 42`);
    });
  });

  describe("queue", function () {
    it("refuses a proposal whose vote is not over: not yet queueable", function () {
      expect(queueRefusal({ ...times, state: "Pending" })).to.equal(
        "proposal 42 is Pending until 2027-01-17T08:00:00Z (in 2 d), when the vote opens, then Active until" +
          " 2027-01-24T08:00:00Z; queue after the vote",
      );
      expect(queueRefusal({ ...times, state: "Active" })).to.equal(
        "proposal 42 is Active until 2027-01-24T08:00:00Z (in 9 d); queue after the vote",
      );
    });

    it("refuses a Defeated proposal with its tallies", function () {
      const tally = { for: 1n, against: 7n, reached: 3n, needed: 10n };
      expect(queueRefusal({ ...times, state: "Defeated", tally, fmt })).to.equal(
        "proposal 42 was defeated (for 1 GALEON, against 7 GALEON, quorum 3 GALEON of 10 GALEON): it cannot be queued",
      );
      expect(() => queueRefusal({ ...times, state: "Defeated" })).to.throw(/needs its tally/);
    });

    it("refuses a proposal already queued, naming its ETA", function () {
      expect(queueRefusal({ ...times, state: "Queued", eta: deadline })).to.equal(
        "proposal 42 is already queued: execute it after 2027-01-24T08:00:00Z (in 9 d)",
      );
      expect(() => queueRefusal({ ...times, state: "Queued" })).to.throw(/needs its ETA/);
    });

    it("refuses any other state, and lets a Succeeded proposal through", function () {
      expect(queueRefusal({ ...times, state: "Executed" })).to.equal(
        "proposal 42 is Executed: only a Succeeded proposal is queued",
      );
      expect(queueRefusal({ ...times, state: "Succeeded" })).to.equal(undefined);
    });
  });

  describe("execute", function () {
    it("refuses a proposal whose vote is not over", function () {
      expect(executeRefusal({ ...times, state: "Active", eta: 0n })).to.equal(
        "proposal 42 is Active until 2027-01-24T08:00:00Z (in 9 d); queue it after the vote, then execute",
      );
    });

    it("refuses a Succeeded proposal not queued, and a state that is not Queued", function () {
      expect(executeRefusal({ ...times, state: "Succeeded", eta: 0n })).to.equal(
        "proposal 42 passed but is not queued: run dao queue first",
      );
      expect(executeRefusal({ ...times, state: "Canceled", eta: 0n })).to.equal(
        "proposal 42 is Canceled: only a Queued proposal is executed",
      );
    });

    it("refuses before the ETA, and lets a Queued proposal through from its ETA", function () {
      expect(executeRefusal({ ...times, state: "Queued", eta: deadline })).to.equal(
        "proposal 42 is Queued until 2027-01-24T08:00:00Z (in 9 d); execute after the timelock delay",
      );
      expect(executeRefusal({ ...times, state: "Queued", eta: now })).to.equal(undefined);
    });

    it("refuses when the simulation fails: nothing sent", function () {
      expect(simulationRefusal("action 1 of 1 (x) would fail")).to.equal("action 1 of 1 (x) would fail. Nothing sent");
    });
  });

  describe("delegate and refuse", function () {
    it("says when the delegation is already in place", function () {
      expect(alreadyDelegates(VOTER, VOTER)).to.equal(`${VOTER} already delegates to itself: nothing sent`);
      const other = "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC";
      expect(alreadyDelegates(VOTER, other)).to.equal(`${VOTER} already delegates to ${other}: nothing sent`);
    });

    it("throws the command line's refusal for a sentence, nothing otherwise", function () {
      expect(() => refuse("no")).to.throw(CliError, /^no$/);
      expect(() => refuse(undefined)).not.to.throw();
    });
  });

  describe("earliestExecution", function () {
    const minDelay = 2n * 86_400n;
    it("is the vote's end plus the timelock's delay, from now once the vote passed", function () {
      expect(earliestExecution({ state: "Active", now, deadline, eta: 0n, minDelay })).to.deep.equal({
        at: deadline + minDelay + 1n,
        atLabel: "the earliest execution",
      });
      expect(earliestExecution({ state: "Succeeded", now, deadline, eta: 0n, minDelay })).to.deep.equal({
        at: now + minDelay + 1n,
        atLabel: "the earliest execution",
      });
    });

    it("is a Queued proposal's ETA, or now once the ETA has passed", function () {
      expect(earliestExecution({ state: "Queued", now, deadline, eta: deadline, minDelay })).to.deep.equal({
        at: deadline,
        atLabel: "the ETA",
      });
      expect(earliestExecution({ state: "Queued", now, deadline, eta: now - 1n, minDelay }).at).to.equal(now);
      expect(LIVE_STATES).to.deep.equal(["Pending", "Active", "Succeeded", "Queued"]);
    });
  });

  describe("simulationSummary", function () {
    const options = { at: deadline, atLabel: "the ETA" };
    const one = [{ summary: "DataAccessRouter.suspend(7)" }];
    const two = [{ summary: "GaleonTreasury.collect(...)" }, { summary: "GaleonTreasury.transferToken(...)" }];
    const never = () => {
      throw new Error("asked for a reason when nothing fails");
    };

    it("says a pass at the requested time, at now when the node cannot, or at now when it is later", async function () {
      expect(
        await simulationSummary({ outcome: "passes", at: deadline, atRequestedTime: true }, one, options, never),
      ).to.deep.equal({
        summary: "passes: the timelock runs its action without a revert at 2027-01-24T08:00:00Z (the ETA)",
        reason: null,
      });
      expect(
        (await simulationSummary({ outcome: "passes", at: now, atRequestedTime: false }, two, options, never)).summary,
      ).to.equal(
        "passes: the timelock runs its 2 actions, in order, without a revert at 2027-01-15T08:00:00Z" +
          " (now: this node cannot simulate the ETA)",
      );
      expect(
        (await simulationSummary({ outcome: "passes", at: deadline + 1n, atRequestedTime: false }, one, options, never))
          .summary,
      ).to.equal("passes: the timelock runs its action without a revert at 2027-01-24T08:00:01Z (now)");
    });

    it("names the failing action, the ones before it and why", async function () {
      const result = await simulationSummary(
        { outcome: "fails", at: deadline, atRequestedTime: true, action: 1, revertData: "0xdead" },
        two,
        options,
        (action, data) => `action ${action} reverted with ${data}`,
      );
      expect(result).to.deep.equal({
        summary:
          "action 2 of 2 (GaleonTreasury.transferToken(...)) would fail when the timelock runs it after actions 1" +
          " to 1 at 2027-01-24T08:00:00Z (the ETA): action 1 reverted with 0xdead",
        reason: "action 1 reverted with 0xdead",
      });
    });

    it("says why it was not simulated", async function () {
      expect(
        await simulationSummary({ outcome: "not simulated", reason: "the node refuses" }, one, options, never),
      ).to.deep.equal({ summary: "not simulated: the node refuses", reason: "the node refuses" });
    });
  });
});
