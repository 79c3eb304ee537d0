/**
 * The main job, run as a newcomer runs it (`npm run demo -- --json` is `hardhat demo --json`): a
 * separate process on Hardhat's in-process chain, its JSON checked against the story's numbers.
 */
import { expect } from "chai";

import { hardhat } from "../e2e/harness.js";

const E6 = 10n ** 6n;

describe("npm run demo", function () {
  this.timeout(300_000);

  let result: Record<string, any>;

  before(async function () {
    const run = await hardhat(["demo", "--json"], "http://127.0.0.1:1", 240_000);
    expect(run.code, run.stderr).to.equal(0);
    result = JSON.parse(run.stdout) as Record<string, any>;
  });

  it("splits a 10,000,000 tEURC purchase exactly 4 / 3 / 2 / 1 million", function () {
    expect(result.ok).to.equal(true);
    expect(result.split).to.deep.equal({
      hospitals: (4_000_000n * E6).toString(),
      treasury: (3_000_000n * E6).toString(),
      buyback: (2_000_000n * E6).toString(),
      galeon: (1_000_000n * E6).toString(),
    });
  });

  it("credits each hospital pro rata to the records it contributed", function () {
    const credits = (result.hospitals as Array<{ records: string; credit: string }>).map((h) => BigInt(h.credit));
    const records = (result.hospitals as Array<{ records: string }>).map((h) => BigInt(h.records));
    const totalRecords = records.reduce((a, b) => a + b, 0n);
    expect(totalRecords).to.equal(3_000_000n);
    credits.forEach((credit, i) => expect(credit).to.equal((4_000_000n * E6 * records[i]) / totalRecords));
  });

  it("burns the GALEON bought: supply falls by exactly the amount burned", function () {
    const burned = BigInt(result.burned);
    expect(burned > 0n).to.equal(true);
    expect(BigInt(result.supplyBefore) - BigInt(result.supplyAfter)).to.equal(burned);
    expect(BigInt(result.buyback.spent) > 0n).to.equal(true);
  });

  it("lets every hospital claim exactly its credit", function () {
    const claimed = (result.claims as Array<{ amount: string }>).map((c) => BigInt(c.amount));
    expect(claimed.reduce((a, b) => a + b, 0n)).to.equal(4_000_000n * E6);
    expect(claimed).to.have.length(5);
  });

  it("executes the DAO's treasury grant", function () {
    expect(result.proposalState).to.equal("Executed");
    expect(result.grant.amount).to.equal((250_000n * E6).toString());
  });

  it("settles a metered job on the measured usage: 2,400,000 of 3,000,000 records, the rest back to the buyer", function () {
    const m = result.metered;
    expect(m).to.deep.include({
      locked: (10_000_000n * E6).toString(),
      quotedRecords: "3000000",
      measuredRecords: "2400000",
      paid: (8_000_000n * E6).toString(),
      refunded: (2_000_000n * E6).toString(),
    });
    expect(m.split).to.deep.equal({
      hospitals: (3_200_000n * E6).toString(),
      treasury: (2_400_000n * E6).toString(),
      buyback: (1_600_000n * E6).toString(),
      galeon: (800_000n * E6).toString(),
    });
    // The hospitals' part follows the measured usage: the offline hospital gets nothing, the others pro rata.
    const hospitals = m.hospitals as Array<{ hospitalId: number; records: string; credit: string }>;
    expect(hospitals.map((h) => h.hospitalId)).to.not.include(m.offlineHospital);
    for (const h of hospitals) expect(BigInt(h.credit)).to.equal((3_200_000n * E6 * BigInt(h.records)) / 2_400_000n);
  });
});
