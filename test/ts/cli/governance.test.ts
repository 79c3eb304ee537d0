/**
 * Parsers of the governance and keeper tasks (scripts/lib/governance.ts): `--support`, `--split`,
 * proposal ids, the actions file; and the sentences of every DAO and buy-back error.
 */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";

import { expect } from "chai";
import { ErrorFragment } from "ethers";
import hre from "hardhat";

import { CliError, EXIT } from "../../../scripts/lib/errors.js";
import {
  parseActionsJson,
  parseProposalId,
  parseSplit,
  parseSupport,
  readActionsFile,
} from "../../../scripts/lib/governance.js";
import { duration, BUYBACK_SENTENCES } from "../../../scripts/lib/sentences/buyback.js";
import { DAO_SENTENCES, expectedStates } from "../../../scripts/lib/sentences/dao.js";
import { SENTENCES } from "../../../scripts/lib/revert.js";
import { badInput } from "../helpers/cli.js";

const ROUTER = "0x68B1D87F95878fE05B998F19b66F4baba5De1aed";

describe("governance parsers (scripts/lib/governance.ts)", function () {
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
    for (const contract of ["GaleonGovernor", "TimelockController", "GaleonTreasury"]) {
      const missing = (await errorNames(contract)).filter((n) => SENTENCES[n] === undefined);
      const ours = (await errorNames(contract)).filter((n) =>
        /^(Governor|GaleonGovernor|Timelock|GaleonTreasury)/.test(n),
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
