/**
 * `npm run mutation` (scripts/mutation.ts): the cheap parts, without a mutation run. The sample is
 * seeded and deterministic, mutants keep their key when the file above them moves, the report counts
 * and scores as documented, equivalents come from the committed file, and the committed report and
 * equivalents file have the documented shape.
 */
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import path from "node:path";

import { expect } from "chai";

import {
  contractReport,
  describeMutants,
  EQUIVALENT_PATH,
  FULL_LIMIT,
  type Mutant,
  mergeReport,
  parseArgs,
  type Report,
  rerunReport,
  REPORT_PATH,
  sample,
  seededRandom,
  selection,
  TARGETS,
  UsageError,
  classify,
} from "../../../scripts/mutation.js";
import { ROOT } from "../e2e/harness.js";

function fakeMutants(n: number): Mutant[] {
  return Array.from({ length: n }, (_, i) => ({
    id: `m${i.toString(16).padStart(8, "0")}`,
    key: `k${(i * 7919) % 1000}`.padEnd(12, "0") + i,
    operator: "BOR",
    line: 1 + (i % 50),
    start: i,
    end: i + 1,
    replacement: "-",
    diff: `- a + b\n+ a - b`,
  }));
}

describe("mutation testing script (npm run mutation)", function () {
  it("draws the same sample for the same seed, whatever the order SuMo lists the mutants in", function () {
    const mutants = fakeMutants(300);
    const first = sample(mutants, 40, "galeon").map((m) => m.key);
    const again = sample([...mutants].reverse(), 40, "galeon").map((m) => m.key);
    expect(first).to.have.length(40);
    expect(new Set(first).size).to.equal(40);
    expect(again).to.deep.equal(first);
    const other = sample(mutants, 40, "another seed").map((m) => m.key);
    expect(other).to.not.deep.equal(first);
  });

  it("returns the sample in line order and never more mutants than there are", function () {
    const drawn = sample(fakeMutants(300), 60, "galeon");
    const lines = drawn.map((m) => m.line);
    expect(lines).to.deep.equal([...lines].sort((a, b) => a - b));
    expect(sample(fakeMutants(5), 60, "galeon")).to.have.length(5);
  });

  it("has a seeded generator in [0, 1) that repeats for a seed", function () {
    const a = seededRandom("x");
    const b = seededRandom("x");
    const values = Array.from({ length: 1000 }, () => a());
    expect(values).to.deep.equal(Array.from({ length: 1000 }, () => b()));
    expect(Math.min(...values)).to.be.at.least(0);
    expect(Math.max(...values)).to.be.below(1);
  });

  it("tests every mutant of a small contract and a sample of at least 30 of a large one", function () {
    const options = parseArgs([]);
    expect(selection(fakeMutants(FULL_LIMIT), options)).to.deep.include({ seed: null });
    expect(selection(fakeMutants(FULL_LIMIT), options).tested).to.have.length(FULL_LIMIT);
    const large = selection(fakeMutants(FULL_LIMIT + 1), options);
    expect(large.seed).to.equal(options.seed);
    expect(large.tested.length).to.be.at.least(30);
    expect(selection(fakeMutants(500), parseArgs(["--all"])).tested).to.have.length(500);
    expect(selection(fakeMutants(500), parseArgs(["--sample", "45", "--seed", "s"]))).to.deep.include({ seed: "s" });
  });

  it("parses one contract, the sample size and the seed, and refuses what it does not know", function () {
    expect(parseArgs(["--contract", "SplitLib", "--sample", "31", "--seed", "7"])).to.deep.include({
      contracts: ["SplitLib"],
      sample: 31,
      seed: "7",
    });
    expect(parseArgs([]).contracts).to.deep.equal(Object.keys(TARGETS));
    expect(() => parseArgs(["--contract", "Nope"])).to.throw(UsageError, "unknown contract Nope");
    expect(() => parseArgs(["--sample", "0"])).to.throw(UsageError, "positive whole number");
    expect(() => parseArgs(["--seed"])).to.throw(UsageError, "--seed needs a value");
  });

  it("keys a mutant by its operator and lines, not by its offset: an edit above it keeps the key", function () {
    const source =
      "contract A {\n    function f(uint a) public pure returns (uint) {\n        return a + 1;\n    }\n}\n";
    const at = source.indexOf(" + ");
    const raw = [{ id: "m1", operator: "BOR", start: at + 1, end: at + 2, replace: "-" }];
    const [mutant] = describeMutants(source, raw);
    expect(mutant.line).to.equal(3);
    expect(mutant.diff).to.equal("- return a + 1;\n+ return a - 1;");
    const moved = "// a comment\n" + source;
    const [same] = describeMutants(moved, [{ ...raw[0], id: "m2", start: at + 14, end: at + 15 }]);
    expect(same.line).to.equal(4);
    expect(same.key).to.equal(mutant.key);
  });

  it("classifies a compilation failure as stillborn, a failing test as killed, a pass as live", function () {
    expect(classify(1, "Error HHE910: Compilation failed")).to.equal("stillborn");
    expect(classify(1, "1 failing")).to.equal("killed");
    expect(classify("timeout", "")).to.equal("timedout");
    expect(classify(0, "6 passing")).to.equal("live");
  });

  it("scores killed over tested minus stillborn and equivalent, and lists survivors and equivalents", function () {
    const [a, b, c, d, e] = fakeMutants(5);
    const { report, killedEquivalents } = contractReport(
      TARGETS.SplitLib,
      79,
      null,
      [
        { mutant: a, status: "killed" },
        { mutant: b, status: "timedout" },
        { mutant: c, status: "stillborn" },
        { mutant: d, status: "live" },
        { mutant: e, status: "live" },
      ],
      [{ key: e.key, operator: "BOR", line: e.line, diff: e.diff, reason: "same value" }],
      12.4,
    );
    expect(report).to.deep.include({
      mutants: 79,
      sampleSize: 5,
      seed: null,
      killed: 1,
      timedOut: 1,
      stillborn: 1,
      equivalent: 1,
      survived: 1,
      score: 0.6667,
      runtimeSeconds: 12,
    });
    expect(report.survivors).to.deep.equal([
      { id: d.id, key: d.key, operator: "BOR", line: d.line, diff: d.diff, status: "live" },
    ]);
    expect(report.equivalents[0]).to.deep.include({ key: e.key, reason: "same value" });
    expect(killedEquivalents).to.deep.equal([]);
  });

  it("flags an entry of the equivalents file that the tests kill", function () {
    const [a] = fakeMutants(1);
    const { killedEquivalents } = contractReport(
      TARGETS.SplitLib,
      1,
      null,
      [{ mutant: a, status: "killed" }],
      [{ key: a.key, operator: "BOR", line: a.line, diff: a.diff, reason: "wrong" }],
      1,
    );
    expect(killedEquivalents).to.deep.equal([a]);
  });

  it("re-tests survivors: a survivor now killed counts as killed, one still alive stays listed", function () {
    const [a, b, c, d] = fakeMutants(4);
    const { report: full } = contractReport(
      TARGETS.SplitLib,
      4,
      null,
      [
        { mutant: a, status: "killed" },
        { mutant: b, status: "live" },
        { mutant: c, status: "live" },
        { mutant: d, status: "live" },
      ],
      [],
      100,
    );
    expect(full.score).to.equal(0.25);
    const equivalent = [{ key: d.key, operator: "BOR", line: d.line, diff: d.diff, reason: "same value" }];
    const after = rerunReport(
      full,
      [
        { mutant: b, status: "killed" },
        { mutant: c, status: "live" },
        { mutant: d, status: "live" },
      ],
      equivalent,
      30.2,
    );
    expect(after).to.deep.include({ killed: 2, survived: 1, equivalent: 1, score: 0.6667, survivorsRerunSeconds: 30 });
    expect(after.survivors.map((s) => s.key)).to.deep.equal([c.key]);
    expect(after.equivalents.map((s) => s.key)).to.deep.equal([d.key]);
  });

  it("replaces only the entries of the contracts just run when it merges the report", function () {
    const entry = (score: number) =>
      ({ ...contractReport(TARGETS.SplitLib, 1, null, [], [], 1).report, score }) as Report["contracts"][string];
    const previous = mergeReport(undefined, { SplitLib: entry(0.5), TwapLib: entry(0.9) });
    const merged = mergeReport(previous, { SplitLib: entry(1) });
    expect(merged.contracts.SplitLib.score).to.equal(1);
    expect(merged.contracts.TwapLib.score).to.equal(0.9);
    expect(Object.keys(merged.contracts)).to.deep.equal(["SplitLib", "TwapLib"]);
  });

  it("maps every contract to a contract file and test files that exist", function () {
    for (const [name, target] of Object.entries(TARGETS)) {
      expect(existsSync(path.join(ROOT, target.file)), target.file).to.equal(true);
      expect(path.basename(target.file, ".sol")).to.equal(name);
      expect(target.tests, name).to.not.be.empty;
      for (const test of target.tests) expect(existsSync(path.join(ROOT, test)), test).to.equal(true);
    }
  });

  it("has a committed report and equivalents file of that shape, every survivor listed with its diff", async function () {
    const report = JSON.parse(await readFile(path.join(ROOT, REPORT_PATH), "utf8")) as Report;
    const equivalents = JSON.parse(await readFile(path.join(ROOT, EQUIVALENT_PATH), "utf8")) as Record<
      string,
      { key: string; reason: string }[]
    >;
    for (const [name, entry] of Object.entries(report.contracts)) {
      expect(TARGETS, name).to.have.property(name);
      expect(entry.file).to.equal(TARGETS[name].file);
      expect(entry.sampleSize, name).to.be.at.least(Math.min(30, entry.mutants));
      expect(entry.seed === null, name).to.equal(entry.sampleSize === entry.mutants);
      const counted = entry.killed + entry.timedOut + entry.stillborn + entry.equivalent + entry.survived;
      expect(counted, name).to.equal(entry.sampleSize);
      expect(entry.survivors, name).to.have.length(entry.survived);
      for (const s of entry.survivors) expect(s.diff, `${name} ${s.key}`).to.match(/^- /);
      const reasons = new Map((equivalents[name] ?? []).map((e) => [e.key, e.reason]));
      for (const e of entry.equivalents) expect(reasons.get(e.key), `${name} ${e.key}`).to.be.a("string").and.not.empty;
    }
    for (const [name, list] of Object.entries(equivalents)) {
      expect(TARGETS, name).to.have.property(name);
      for (const e of list) expect(e.reason, `${name} ${e.key}`).to.be.a("string").and.not.empty;
    }
  });
});
