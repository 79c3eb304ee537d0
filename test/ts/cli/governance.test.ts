/**
 * Parsers of the governance and keeper tasks (domain/governance/governance.ts): `--support`, `--split`,
 * proposal ids, the actions file; proposal actions in words (token units, percent, dates, durations);
 * the simulation of a proposal as the timelock runs it (domain/governance/simulation.ts) against the deployed
 * local suite, checked against real executions; the local node's clock (domain/chain/rpc.ts); the
 * follow-up commands; and the sentences of every DAO and buy-back error.
 */
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";

import { expect } from "chai";
import { type BaseContract, ErrorFragment, id, Result, toBeHex } from "ethers";
import hre, { network } from "hardhat";

import { TaskContext } from "../../../scripts/lib/context.js";
import { Deployment } from "../../../scripts/lib/deployment.js";
import { CliError, EXIT } from "../../../domain/errors/refusal.js";
import {
  decodeAction,
  formatSeconds,
  parseActionsJson,
  parseProposalId,
  parseSplit,
  parseSupport,
  tokenLookup,
} from "../../../domain/governance/governance.js";
import { readActionsFile } from "../../../scripts/lib/files.js";
import { advanceTime, compactDuration, type Eip1193, identifyNode, latestBlock } from "../../../domain/chain/rpc.js";
import { compiledAbis } from "../../../scripts/lib/context.js";
import { ErrorDecoder } from "../../../domain/errors/revert.js";
import { duration, BUYBACK_SENTENCES } from "../../../domain/errors/sentences/buyback.js";
import { DAO_SENTENCES, expectedStates } from "../../../domain/errors/sentences/dao.js";
import { SENTENCES } from "../../../domain/errors/revert.js";
import {
  acceptsBlockTime,
  operationId,
  type ProposalCalls,
  simulateProposal,
  SLOTS,
  stringSlotValue,
  timelockSalt,
} from "../../../domain/governance/simulation.js";
import { parseDuration } from "../../../domain/quotes/usage.js";
import { command } from "../../../scripts/tasks/actions/dao/shared.js";
import { DAY, E18, E6, type LocalSuite, localSuiteFixture, purchase, readyToGovern } from "../fixtures/suite.js";
import { ProposalState } from "../helpers/governance.js";
import { badInput } from "../helpers/cli.js";

const connection = await network.create();
const { ethers, ignition, networkHelpers } = connection;
const { loadFixture, time } = networkHelpers;
const deploySuite = localSuiteFixture({ ethers, ignition, networkHelpers });

const ROUTER = "0x68B1D87F95878fE05B998F19b66F4baba5De1aed";

describe("governance parsers (domain/governance/governance.ts)", function () {
  describe("parseSupport", function () {
    it("maps for, against and abstain to GovernorCountingSimple's values, in any case", function () {
      expect(parseSupport("for")).to.deep.equal({ name: "for", value: 1 });
      expect(parseSupport("AGAINST")).to.deep.equal({ name: "against", value: 0 });
      expect(parseSupport(" Abstain ")).to.deep.equal({ name: "abstain", value: 2 });
    });

    it("refuses anything else, and a missing value, with the three choices", function () {
      expect(badInput(() => parseSupport("yes"))).to.equal('--support must be for, against or abstain (got "yes")');
      expect(badInput(() => parseSupport(undefined))).to.match(/must be for, against or abstain \(got ""\)/);
      expect(badInput(() => parseSupport("1"))).to.match(/got "1"/);
    });
  });

  describe("parseSplit", function () {
    it("turns four percentages summing to 100 into basis points in setSplit order", function () {
      expect(parseSplit("40,30,20,10")).to.deep.equal([4000, 3000, 2000, 1000]);
      expect(parseSplit(" 45.5, 24.5 ,20,10")).to.deep.equal([4550, 2450, 2000, 1000]);
      expect(parseSplit("100,0,0,0")).to.deep.equal([10000, 0, 0, 0]);
    });

    it("also reads basis points summing to 10,000, the unit of galeon check and of the router", function () {
      expect(parseSplit("4000,3000,2000,1000")).to.deep.equal([4000, 3000, 2000, 1000]);
      expect(parseSplit("10000,0,0,0")).to.deep.equal([10000, 0, 0, 0]);
      expect(badInput(() => parseSplit("4000,3000,2000,999"))).to.equal(
        '--split "4000,3000,2000,999" sums to 9,999: basis points must sum to 10,000, percentages to 100',
      );
      expect(badInput(() => parseSplit("40.5,3000,2000,1000"))).to.match(/sums to 6,040.5: basis points/);
    });

    it("refuses the wrong count, a sum other than 100, negatives and too many decimals", function () {
      expect(badInput(() => parseSplit("40,30,30"))).to.match(/must be four percentages/);
      expect(badInput(() => parseSplit("40,30,20,20"))).to.equal('--split "40,30,20,20" sums to 110%, not 100%');
      expect(badInput(() => parseSplit("50,30,30,-10"))).to.match(/part 4 "-10" is not a percentage/);
      expect(badInput(() => parseSplit("40.125,29.875,20,10"))).to.match(/part 1 "40.125"/);
      expect(badInput(() => parseSplit("40;30;20;10"))).to.match(/must be four percentages/);
    });
  });

  describe("parseProposalId", function () {
    it("reads decimal and hexadecimal uint256 ids", function () {
      expect(parseProposalId("123")).to.equal(123n);
      expect(parseProposalId("0xff")).to.equal(255n);
      expect(parseProposalId((2n ** 256n - 1n).toString())).to.equal(2n ** 256n - 1n);
    });

    it("refuses garbage, an empty id and ids above 256 bits", function () {
      expect(badInput(() => parseProposalId("12x"))).to.match(/proposal id "12x" is not a number/);
      expect(badInput(() => parseProposalId(""))).to.match(/proposal id "" is not a number/);
      expect(badInput(() => parseProposalId((2n ** 256n).toString()))).to.match(/larger than 256 bits/);
    });
  });

  describe("parseActionsJson", function () {
    const action = { contract: "DataAccessRouter", function: "setAttestor(address)", args: [ROUTER], value: "0" };

    it("accepts the attestor rotate format and normalises the signature", function () {
      const file = parseActionsJson(
        { description: "Rotate", actions: [{ ...action, function: "setAttestor( address )" }] },
        "f.json",
      );
      expect(file).to.deep.equal({
        description: "Rotate",
        actions: [{ contract: "DataAccessRouter", function: "setAttestor(address)", args: [ROUTER], value: "0" }],
      });
    });

    it("accepts a target instead of a contract, and defaults the value to 0", function () {
      const file = parseActionsJson(
        {
          description: "d",
          actions: [{ target: ROUTER.toLowerCase(), function: "setAttestor(address)", args: [ROUTER] }],
        },
        "f.json",
      );
      expect(file.actions[0]).to.deep.equal({
        target: ROUTER,
        function: "setAttestor(address)",
        args: [ROUTER],
        value: "0",
      });
    });

    it("refuses a file without description or actions, and non-objects", function () {
      expect(badInput(() => parseActionsJson([], "f.json"))).to.match(/f.json must hold a JSON object/);
      expect(badInput(() => parseActionsJson({ actions: [action] }, "f.json"))).to.match(/has no "description"/);
      expect(badInput(() => parseActionsJson({ description: "d", actions: [] }, "f.json"))).to.match(
        /has no "actions"/,
      );
    });

    it("refuses each malformed action with its number", function () {
      const one = (a: unknown) => () => parseActionsJson({ description: "d", actions: [action, a] }, "f.json");
      expect(badInput(one({ ...action, function: "not a signature" }))).to.match(
        /action 2: "not a signature" is not a function signature/,
      );
      expect(badInput(one({ ...action, args: [] }))).to.match(
        /action 2: setAttestor\(address\) takes 1 arguments but "args" has 0/,
      );
      expect(badInput(one({ function: "setAttestor(address)", args: [ROUTER] }))).to.match(
        /action 2 needs a "target" address or a "contract"/,
      );
      expect(badInput(one({ ...action, target: "0x1234" }))).to.match(/action 2 target "0x1234" is not an address/);
      expect(badInput(one({ ...action, value: "-1" }))).to.match(/action 2: "value" must be a whole number of wei/);
      expect(badInput(one("setAttestor"))).to.match(/action 2 is not an object/);
    });
  });

  describe("readActionsFile", function () {
    let dir: string;
    before(async function () {
      dir = await mkdtemp(path.join(os.tmpdir(), "galeon-actions-"));
    });
    after(async function () {
      await rm(dir, { recursive: true, force: true });
    });

    it("reads a valid file", async function () {
      const file = path.join(dir, "ok.json");
      await writeFile(
        file,
        JSON.stringify({
          description: "Rotate",
          actions: [{ contract: "DataAccessRouter", function: "setAttestor(address)", args: [ROUTER] }],
        }),
      );
      expect((await readActionsFile(file)).actions).to.have.length(1);
    });

    it("refuses a missing file and invalid JSON as bad input", async function () {
      const bad = path.join(dir, "bad.json");
      await writeFile(bad, "{ description: ");
      for (const [file, pattern] of [
        [path.join(dir, "missing.json"), /cannot read --actions .*missing.json \(ENOENT\)/],
        [bad, /bad.json is not valid JSON/],
      ] as const) {
        const error = await readActionsFile(file).then(
          () => expect.fail("expected a refusal"),
          (e: unknown) => e,
        );
        expect(error).to.be.instanceOf(CliError);
        expect((error as CliError).exitCode).to.equal(EXIT.BAD_INPUT);
        expect((error as CliError).message).to.match(pattern);
      }
    });
  });
});

describe("DAO and buy-back sentences", function () {
  async function errorNames(contract: string): Promise<string[]> {
    const { abi } = await hre.artifacts.readArtifact(contract);
    return (abi as Array<{ type: string }>).filter((i) => i.type === "error").map((i) => ErrorFragment.from(i).name);
  }

  it("phrase every error of the Governor, the timelock and the treasury", async function () {
    for (const contract of ["GaleonGovernor", "GaleonTimelock", "GaleonTreasury"]) {
      const missing = (await errorNames(contract)).filter((n) => SENTENCES[n] === undefined);
      const ours = (await errorNames(contract)).filter((n) =>
        /^(Governor|GaleonGovernor|Timelock|GaleonTimelock|GaleonTreasury)/.test(n),
      );
      expect(
        ours.filter((n) => DAO_SENTENCES[n] === undefined),
        `${contract} errors outside sentences/dao.ts`,
      ).to.deep.equal([]);
      expect(missing, `${contract} errors without a sentence`).to.deep.equal([]);
    }
  });

  it("phrase every error of the buy-back burner", async function () {
    const names = await errorNames("BuybackBurner");
    const missing = names.filter((n) => SENTENCES[n] === undefined);
    expect(names.filter((n) => n.startsWith("BuybackBurner") && BUYBACK_SENTENCES[n] === undefined)).to.deep.equal([]);
    expect(missing).to.deep.equal([]);
    expect(names).to.include("BuybackBurnerBudgetSpent");
  });

  it("say that a proposal already exists when propose meets its id (expected states 0)", function () {
    const args = (state: bigint, bitmap: bigint) =>
      Result.fromItems([123n, state, toBeHex(bitmap, 32)], ["proposalId", "current", "expectedStates"]);
    expect(DAO_SENTENCES.GovernorUnexpectedProposalState(args(1n, 0n))).to.equal(
      "proposal 123 already exists (Active): the same actions and description give the same id; change the" +
        " description to propose them again",
    );
    expect(DAO_SENTENCES.GovernorUnexpectedProposalState(args(1n, 1n << 4n))).to.equal(
      "proposal 123 is Active, but this needs it Succeeded",
    );
  });

  it("name the expected proposal states from the Governor's bitmap", function () {
    expect(expectedStates(1n << 4n)).to.equal("Succeeded");
    expect(expectedStates((1n << 1n) | (1n << 5n))).to.equal("Active or Queued");
  });

  it("say how long to wait", function () {
    expect(duration(0)).to.equal("0 s");
    expect(duration(59)).to.equal("59 s");
    expect(duration(3_600 + 120 + 5)).to.equal("1 h 2 min 5 s");
    expect(duration(2 * 86_400)).to.equal("2 d");
    expect(
      BUYBACK_SENTENCES.BuybackBurnerBudgetSpent(
        Object.assign([ROUTER, 5_000n, 1_400n], { token: ROUTER, nextWindowAt: 5_000n, now_: 1_400n }) as never,
      ),
    ).to.equal(
      `the buy-back of ${ROUTER} spent its whole lot in the current budget window: the next opens at` +
        " 1970-01-01T01:23:20Z, in 1 h",
    );
  });
});

/** One call of a proposal on a suite contract. */
function call(contract: BaseContract, fn: string, args: unknown[], value = 0n) {
  return { target: contract.target as string, value, data: contract.interface.encodeFunctionData(fn, args) };
}

/** The calls of a proposal with `description`. */
function calls(actions: ReturnType<typeof call>[], description: string): ProposalCalls {
  return {
    targets: actions.map((a) => a.target),
    values: actions.map((a) => a.value),
    calldatas: actions.map((a) => a.data),
    descriptionHash: id(description),
  };
}

/** The suite after one 10,000,000 tEURC purchase: 3,000,000 tEURC of treasury leg wait in the router. */
async function suiteWithRevenue() {
  const suite = await deploySuite();
  const { tx } = await purchase(suite, time, {
    amount: 10_000_000n * E6,
    usage: [
      { hospitalId: 1, units: 5n },
      { hospitalId: 2, units: 5n },
    ],
  });
  await (await tx).wait();
  const helper = await readyToGovern(suite, time);
  return { ...suite, helper };
}

const dao = (suite: LocalSuite) => ({
  governor: suite.governor.target as string,
  timelock: suite.timelock.target as string,
});
const rpc = connection.provider as unknown as Eip1193;

describe("proposal simulation as the timelock runs it (domain/governance/simulation.ts)", function () {
  let decoder: ErrorDecoder;
  before(async function () {
    decoder = new ErrorDecoder(await compiledAbis(hre.artifacts));
  });

  it("computes the timelock's salt and operation id as GovernorTimelockControl and the timelock do", async function () {
    const suite = await loadFixture(suiteWithRevenue);
    const description = "salt";
    const salt = timelockSalt(suite.governor.target as string, id(description));
    const action = call(suite.router, "setAttestor", [suite.stranger.address]);
    expect(operationId([action.target], [0n], [action.data], toBeHex(0, 32), salt)).to.equal(
      await suite.timelock.hashOperationBatch([action.target], [0n], [action.data], toBeHex(0, 32), salt),
    );
  });

  it("finds the storage slots it overrides where OpenZeppelin 5 puts them", async function () {
    const suite = await loadFixture(suiteWithRevenue);
    const slot = (address: string, n: bigint) => ethers.provider.getStorage(address, n);
    expect(BigInt(await slot(suite.timelock.target as string, SLOTS.timelockMinDelay))).to.equal(
      await suite.timelock.getMinDelay(),
    );
    expect(await slot(suite.governor.target as string, SLOTS.governorName)).to.equal(
      stringSlotValue(await suite.governor.name()),
    );
  });

  it("runs the actions in order: a grant alone fails for the treasury's balance, after a collect it passes", async function () {
    const suite = await loadFixture(suiteWithRevenue);
    const eurc = suite.eurc.target as string;
    const grant = call(suite.treasury, "transferToken", [eurc, suite.stranger.address, 250_000n * E6]);
    const collect = call(suite.treasury, "collect", [suite.router.target, [eurc]]);

    const alone = await simulateProposal(rpc, dao(suite), calls([grant], "grant"));
    expect(alone).to.deep.include({ outcome: "fails", action: 0, atRequestedTime: false });
    const data = (alone as { revertData: string }).revertData;
    expect(decoder.describe(data)).to.equal(
      `the treasury holds 0 base units of ${eurc} but ${250_000n * E6} are asked`,
    );

    const both = await simulateProposal(rpc, dao(suite), calls([collect, grant], "collect and grant"));
    expect(both).to.deep.include({ outcome: "passes" });
    // A simulation sends nothing.
    expect(await suite.treasury.balanceOf(eurc)).to.equal(0n);
    expect(await suite.router.payeeBalance(0, eurc)).to.equal(3_000_000n * E6);
  });

  it("names the first failing action, after the earlier ones ran", async function () {
    const suite = await loadFixture(suiteWithRevenue);
    const result = await simulateProposal(
      rpc,
      dao(suite),
      calls(
        [
          call(suite.router, "setAttestor", [suite.stranger.address]),
          call(suite.router, "setSplit", [3000, 3000, 3000, 1000]),
          call(suite.router, "setAttestor", [suite.attestor.address]),
        ],
        "bad split",
      ),
    );
    expect(result).to.deep.include({ outcome: "fails", action: 1 });
    expect(decoder.describe((result as { revertData: string }).revertData)).to.match(
      /^the split 3000\/3000\/3000\/1000 bps gives the hospitals 30%, below their floor of 40%/,
    );
  });

  it("runs actions on the Governor itself, authorised as Governor.execute authorises them", async function () {
    const suite = await loadFixture(suiteWithRevenue);
    const settings = calls(
      [
        call(suite.governor, "setVotingDelay", [DAY]),
        call(suite.router, "setAttestor", [suite.stranger.address]),
        call(suite.governor, "setVotingPeriod", [3n * DAY]),
      ],
      "settings",
    );
    expect(await simulateProposal(rpc, dao(suite), settings)).to.deep.include({ outcome: "passes" });
    const zero = await simulateProposal(
      rpc,
      dao(suite),
      calls([call(suite.governor, "setVotingDelay", [DAY]), call(suite.governor, "setVotingPeriod", [0])], "zero"),
    );
    expect(zero).to.deep.include({ outcome: "fails", action: 1 });
    expect(decoder.describe((zero as { revertData: string }).revertData)).to.equal(
      "a voting period of 0 seconds is not allowed",
    );
  });

  it("agrees with the chain: what it passes executes, what it fails reverts at execution with the same error", async function () {
    const suite = await loadFixture(suiteWithRevenue);
    const eurc = suite.eurc.target as string;
    const good = [
      call(suite.treasury, "collect", [suite.router.target, [eurc]]),
      call(suite.treasury, "transferToken", [eurc, suite.stranger.address, 250_000n * E6]),
    ];
    const bad = [call(suite.router, "setSplit", [3000, 3000, 3000, 1000])];
    const { helper } = suite;

    helper.setProposal(good, "good");
    expect(await simulateProposal(rpc, dao(suite), calls(good, "good"))).to.deep.include({ outcome: "passes" });
    await helper.proposeAndQueue([suite.operator]);
    // Queued: the timelock holds the operation under the id the simulation overrides.
    expect(await suite.timelock.getTimestamp(await helper.timelockOperationId())).to.equal(
      await suite.governor.proposalEta(helper.id),
    );
    expect(await simulateProposal(rpc, dao(suite), calls(good, "good"))).to.deep.include({ outcome: "passes" });
    await (await helper.execute()).wait();
    expect(await suite.governor.state(helper.id)).to.equal(ProposalState.Executed);
    expect(await suite.eurc.balanceOf(suite.stranger.address)).to.equal(250_000n * E6);

    helper.setProposal(bad, "bad");
    const failing = await simulateProposal(rpc, dao(suite), calls(bad, "bad"));
    expect(failing).to.deep.include({ outcome: "fails", action: 0 });
    await helper.proposeAndQueue([suite.operator]);
    await expect(helper.execute())
      .to.be.revertedWithCustomError(suite.router, "DataAccessRouterInvalidSplit")
      .withArgs(3000, 3000, 3000, 1000);
    expect(suite.router.interface.parseError((failing as { revertData: string }).revertData)?.name).to.equal(
      "DataAccessRouterInvalidSplit",
    );
  });

  it("says 'not simulated' rather than guess when the timelock is not an OpenZeppelin 5 timelock", async function () {
    const suite = await loadFixture(suiteWithRevenue);
    const result = await simulateProposal(
      rpc,
      { governor: suite.governor.target as string, timelock: suite.router.target as string },
      calls([call(suite.router, "setAttestor", [suite.stranger.address])], "x"),
    );
    expect(result.outcome).to.equal("not simulated");
    expect((result as { reason: string }).reason).to.contain(suite.router.target as string);
  });

  it("runs at the latest block's time on the Hardhat network, which takes no block override", async function () {
    const suite = await loadFixture(suiteWithRevenue);
    expect(await acceptsBlockTime(rpc)).to.equal(false);
    const latest = (await latestBlock(rpc)).timestamp;
    const result = await simulateProposal(
      rpc,
      dao(suite),
      calls([call(suite.router, "setAttestor", [suite.stranger.address])], "x"),
      { at: latest + 11n * DAY },
    );
    expect(result).to.deep.equal({ outcome: "passes", at: latest, atRequestedTime: false });
  });
});

describe("proposal actions in words (decodeAction)", function () {
  let dir: string;
  before(async function () {
    dir = await mkdtemp(path.join(os.tmpdir(), "galeon-decode-"));
  });
  after(async function () {
    await rm(dir, { recursive: true, force: true });
  });

  /** A deployment folder as Ignition writes it, for the in-process suite. */
  async function deploymentOf(suite: LocalSuite): Promise<Deployment> {
    const futures: Record<string, [BaseContract, string]> = {
      "GaleonToken#GaleonToken": [suite.token, "GaleonToken"],
      "Dao#GaleonGovernor": [suite.governor, "GaleonGovernor"],
      "Dao#GaleonTreasury": [suite.treasury, "GaleonTreasury"],
      "Dao#TimelockController": [suite.timelock, "TimelockController"],
      "LocalSuite#DataAccessRouter": [suite.router, "DataAccessRouter"],
      "LocalSuite#BuybackBurner": [suite.burner, "BuybackBurner"],
    };
    const folder = path.join(dir, "deployments", "unit");
    await mkdir(path.join(folder, "artifacts"), { recursive: true });
    const addresses: Record<string, string> = {};
    for (const [future, [contract, name]] of Object.entries(futures)) {
      addresses[future] = contract.target as string;
      const { abi } = await hre.artifacts.readArtifact(name);
      await writeFile(path.join(folder, "artifacts", `${future}.json`), JSON.stringify({ abi }));
    }
    await writeFile(path.join(folder, "deployed_addresses.json"), JSON.stringify(addresses));
    return await Deployment.load(dir, 31337, "unit");
  }

  it("shows amounts in token units, basis points in percent, instants as dates and durations in days", async function () {
    const suite = await loadFixture(deploySuite);
    const deployment = await deploymentOf(suite);
    const tokens = tokenLookup(ethers.provider);
    const words = async (a: ReturnType<typeof call>) =>
      (await decodeAction(deployment, a.target, a.value, a.data, tokens)).summary;
    const eurc = suite.eurc.target as string;
    const who = suite.stranger.address;
    expect(await words(call(suite.treasury, "transferToken", [eurc, who, 250_000n * E6]))).to.equal(
      `GaleonTreasury.transferToken(${eurc} (tEURC), ${who}, 250,000 tEURC)`,
    );
    expect(await words(call(suite.router, "setSplit", [4550, 2450, 2000, 1000]))).to.equal(
      "DataAccessRouter.setSplit(45.5%, 24.5%, 20%, 10%)",
    );
    expect(await words(call(suite.burner, "setLot", [eurc, 20_000n * E6]))).to.equal(
      `BuybackBurner.setLot(${eurc} (tEURC), 20,000 tEURC)`,
    );
    expect(await words(call(suite.governor, "setVotingDelay", [2n * DAY + 3_600n]))).to.equal(
      "GaleonGovernor.setVotingDelay(2 d 1 h)",
    );
    expect(await words(call(suite.governor, "setProposalThreshold", [1_000_000n * E18]))).to.equal(
      "GaleonGovernor.setProposalThreshold(1,000,000 GALEON)",
    );
    expect(await words(call(suite.governor, "setProposalGuardianMandate", [who, 4_102_444_800n]))).to.equal(
      `GaleonGovernor.setProposalGuardianMandate(${who}, 2100-01-01T00:00:00Z)`,
    );
    expect(await words(call(suite.treasury, "transferEth", [who, 15n * 10n ** 17n]))).to.equal(
      `GaleonTreasury.transferEth(${who}, 1.5 ETH)`,
    );
    expect(
      await words(call(suite.treasury, "createVestingGrant", [who, eurc, 1_000n * E6, 4_102_444_800n, 365n * DAY])),
    ).to.equal(`GaleonTreasury.createVestingGrant(${who}, ${eurc} (tEURC), 1,000 tEURC, 2100-01-01T00:00:00Z, 365 d)`);
    expect(await words(call(suite.token, "transfer", [who, 5n * E18], 10n ** 18n))).to.equal(
      `GaleonToken.transfer(${who}, 5 GALEON) sending 1 ETH`,
    );
  });

  it("keeps the on-chain arguments (base units) for --json, and base units in words without a token lookup", async function () {
    const suite = await loadFixture(deploySuite);
    const deployment = await deploymentOf(suite);
    const eurc = suite.eurc.target as string;
    const grant = call(suite.treasury, "transferToken", [eurc, suite.stranger.address, 250_000n * E6]);
    const decoded = await decodeAction(deployment, grant.target, 0n, grant.data);
    expect(decoded.args).to.deep.equal([eurc, suite.stranger.address, (250_000n * E6).toString()]);
    expect(decoded.summary).to.equal(
      `GaleonTreasury.transferToken(${eurc}, ${suite.stranger.address}, ${250_000n * E6})`,
    );
  });
});

describe("the local node's clock (domain/chain/rpc.ts)", function () {
  const answering = (client: string): Eip1193 => ({ request: async () => client });

  it("knows the Hardhat network and anvil, and nothing else, by their client version", async function () {
    expect(await identifyNode(rpc)).to.deep.include({ local: true });
    expect((await identifyNode(rpc)).client).to.match(/^HardhatNetwork\//);
    expect(await identifyNode(answering("anvil/v1.7.1"))).to.deep.equal({ local: true, client: "anvil/v1.7.1" });
    expect(await identifyNode(answering("Geth/v1.14.11-stable/linux-amd64/go1.23.2"))).to.deep.include({
      local: false,
    });
    const silent: Eip1193 = { request: async () => Promise.reject(new Error("method not found")) };
    expect(await identifyNode(silent)).to.deep.equal({ local: false, client: "unknown client" });
  });

  it("advances the chain by exactly the duration, and later blocks continue from there", async function () {
    const { before, after } = await advanceTime(rpc, 2n * DAY);
    expect(after.timestamp - before.timestamp).to.equal(2n * DAY);
    expect(after.number).to.equal(before.number + 1n);
    await networkHelpers.mine();
    expect((await latestBlock(rpc)).timestamp).to.be.greaterThan(after.timestamp);
  });

  it("leaves the next block a second after the advanced one where the node's pending block would not (anvil)", async function () {
    // A node that answers like anvil 1.7.1 right after a mine at a set time: its pending block carries
    // the latest block's timestamp, so a read "now" would see a vote start as still Pending.
    const fake = (pendingLag: bigint) => {
      let latest = { number: 10n, timestamp: 1_000n };
      let next: bigint | undefined;
      const calls: Array<[string, unknown]> = [];
      const provider = {
        async request({ method, params }: { method: string; params?: unknown[] }): Promise<unknown> {
          calls.push([method, params?.[0]]);
          if (method === "evm_setNextBlockTimestamp") next = BigInt(params![0] as number);
          if (method === "evm_mine") latest = { number: latest.number + 1n, timestamp: next ?? latest.timestamp + 1n };
          if (method === "eth_getBlockByNumber") {
            const block = params![0] === "pending" ? { ...latest, timestamp: latest.timestamp + pendingLag } : latest;
            return { number: `0x${block.number.toString(16)}`, timestamp: `0x${block.timestamp.toString(16)}` };
          }
          return null;
        },
      };
      return { provider, calls };
    };
    const anvil = fake(0n);
    const { after } = await advanceTime(anvil.provider, 2n * DAY);
    expect(after.timestamp).to.equal(1_000n + 2n * DAY);
    expect(anvil.calls.filter(([m]) => m === "evm_setNextBlockTimestamp").map(([, t]) => t)).to.deep.equal([
      Number(1_000n + 2n * DAY),
      Number(1_000n + 2n * DAY + 1n),
    ]);
    const hardhat = fake(1n);
    await advanceTime(hardhat.provider, 2n * DAY);
    expect(hardhat.calls.filter(([m]) => m === "evm_setNextBlockTimestamp")).to.have.length(1);
  });

  it("writes durations the duration parser reads back", function () {
    for (const seconds of [1n, 59n, 60n, 3_600n + 1_800n, 2n * DAY, 7n * DAY + 2n * 3_600n + 5n]) {
      expect(parseDuration(compactDuration(seconds))).to.equal(seconds);
    }
    expect(compactDuration(2n * DAY)).to.equal("2d");
    expect(compactDuration(5_400n)).to.equal("1h30m");
    expect(formatSeconds(0n)).to.equal("0 s");
    expect(formatSeconds(DAY + 61n)).to.equal("1 d 1 min 1 s");
  });
});

describe("follow-up commands (dao tasks)", function () {
  const context = (networkName: string | undefined, args: Record<string, unknown>) =>
    new TaskContext({ globalOptions: { network: networkName } } as never, { json: false, ...args });

  it("carry the --network, --from and --deployment-id the user gave", function () {
    const ctx = context("localnode", { from: "0x23618e81E3f5cdF7f54C3d65f7FBc0aBf5B21E8f", deploymentId: "e2e" });
    expect(command(ctx, ["dao", "queue", "42"], { from: true })).to.equal(
      "npx hardhat --network localnode dao queue 42 --from 0x23618e81E3f5cdF7f54C3d65f7FBc0aBf5B21E8f --deployment-id e2e",
    );
    expect(command(ctx, ["galeon", "time", "advance", "2d"], { deployment: false })).to.equal(
      "npx hardhat --network localnode galeon time advance 2d",
    );
  });

  it("leave out what the user did not give", function () {
    expect(command(context(undefined, {}), ["dao", "vote", "42", "--support", "for"], { from: true })).to.equal(
      "npx hardhat dao vote 42 --support for",
    );
  });
});
