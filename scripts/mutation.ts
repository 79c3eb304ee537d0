/**
 * `npm run mutation`: mutation testing of the suite's contracts (docs/testing.md#mutation-testing).
 *
 * The mutants come from SuMo (`@morenabarboni/sumo`, pinned): its mutation operators, the standard
 * cluster (every operator but the three "optimization" ones, DLR, FVR and VVR), applied to one
 * contract at a time. Each mutant is tested here, not by SuMo's own runner, which can neither sample
 * nor give each contract its own tests: in a throwaway copy of the project (the tracked and untracked
 * files, `node_modules` linked; SuMo's runner rewrites contracts and deletes `artifacts/`), the mutant
 * replaces the contract and `hardhat test solidity <the contract's test files>` runs. A mutant is
 * killed when the tests fail (or time out), stillborn when it does not compile (Hardhat's HHE910),
 * and survives when they pass. A contract with at most `FULL_LIMIT` mutants is tested whole; a larger
 * one on a seeded random sample (`--sample`, `--seed`; the same seed draws the same mutants).
 *
 * Survivors are either killed by a new test or explained as equivalent in
 * `bench/mutation-equivalent.json` (by their stable key, with a reason); the script merges that file
 * in. It writes `bench/mutation.json`; a run of some contracts replaces only their entries.
 *
 * Plain Node (type stripping); SuMo is CommonJS and is loaded with `createRequire`.
 * Exit codes: 0 done; 1 a step failed (the unmutated tests fail, a stale equivalent entry); 2 bad option.
 */
import { spawn, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";

const ROOT = path.resolve(import.meta.dirname, "..");
const require = createRequire(import.meta.url);

export const SUMO_VERSION = "1.2.1";
/** SuMo's "optimization" cluster (off by default in SuMo too): they change gas, not behaviour. */
export const OPTIMIZATION_OPERATORS = ["DLR", "FVR", "VVR"];
/** Contracts with at most this many mutants are tested whole; larger ones on a sample. */
export const FULL_LIMIT = 100;
export const DEFAULT_SAMPLE = 60;
export const DEFAULT_SEED = "galeon";
export const REPORT_PATH = "bench/mutation.json";
export const EQUIVALENT_PATH = "bench/mutation-equivalent.json";

/** Each contract under mutation and the Solidity tests that exercise it (run against each mutant). */
export const TARGETS: Record<string, { file: string; tests: string[] }> = {
  SplitLib: { file: "contracts/libraries/SplitLib.sol", tests: ["test/solidity/libraries/SplitLib.t.sol"] },
  TwapLib: { file: "contracts/libraries/TwapLib.sol", tests: ["test/solidity/libraries/TwapLib.t.sol"] },
  GuardianPausable: {
    file: "contracts/access/GuardianPausable.sol",
    tests: ["test/solidity/access/GuardianPausable.t.sol"],
  },
  GaleonTreasury: { file: "contracts/dao/GaleonTreasury.sol", tests: ["test/solidity/dao/GaleonTreasury.t.sol"] },
  GaleonGovernor: { file: "contracts/dao/GaleonGovernor.sol", tests: ["test/solidity/dao/GaleonGovernor.t.sol"] },
  GaleonTimelock: { file: "contracts/dao/GaleonTimelock.sol", tests: ["test/solidity/dao/GaleonTimelock.t.sol"] },
  BuybackBurner: {
    file: "contracts/buyback/BuybackBurner.sol",
    tests: ["test/solidity/buyback/BuybackBurner.t.sol"],
  },
  DataAccessRouter: {
    file: "contracts/payments/DataAccessRouter.sol",
    tests: ["test/solidity/payments/DataAccessRouter.t.sol"],
  },
};

/** One mutant as this script keeps it. */
export interface Mutant {
  /** SuMo's id: `m` + sha1(file name, start, end, replacement)[0..8]; changes when the file above moves. */
  id: string;
  /** Stable across edits elsewhere in the file: operator, the line's text before and after, occurrence. */
  key: string;
  operator: string;
  /** 1-based line of the mutated code in the contract. */
  line: number;
  start: number;
  end: number;
  replacement: string;
  /** `-` the original line(s), `+` the mutated line(s), trimmed. */
  diff: string;
}

export type Status = "killed" | "timedout" | "stillborn" | "live";

export interface EquivalentEntry {
  key: string;
  operator: string;
  line: number;
  diff: string;
  reason: string;
}

export interface ContractReport {
  file: string;
  tests: string[];
  /** Mutants SuMo generates for the contract. */
  mutants: number;
  /** Mutants tested: all of them, or the sample. */
  sampleSize: number;
  /** The seed of the sample, or null when every mutant was tested. */
  seed: string | null;
  killed: number;
  timedOut: number;
  stillborn: number;
  equivalent: number;
  survived: number;
  /** (killed + timed out) / (tested - stillborn - equivalent), 4 decimals. */
  score: number;
  runtimeSeconds: number;
  /** Seconds spent re-testing survivors after new tests (`--survivors`), when that was done. */
  survivorsRerunSeconds?: number;
  survivors: (Omit<Mutant, "start" | "end" | "replacement"> & { status: "live" })[];
  equivalents: (Omit<Mutant, "start" | "end" | "replacement"> & { reason: string })[];
}

export interface Report {
  tool: string;
  operators: string;
  note: string;
  contracts: Record<string, ContractReport>;
}

/** A 32-bit seeded generator (mulberry32) from any string: the same seed, the same sequence. */
export function seededRandom(seed: string): () => number {
  let state = createHash("sha256").update(seed).digest().readUInt32LE(0);
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * `size` mutants drawn without replacement (Fisher-Yates over the mutants ordered by key, so the draw
 * depends on the seed and the set of mutants, not on SuMo's order), returned in line order.
 */
export function sample<T extends { key: string; line: number }>(mutants: T[], size: number, seed: string): T[] {
  const pool = [...mutants].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const random = seededRandom(seed);
  for (let i = pool.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [pool[i], pool[j]] = [pool[j], pool[i]];
  }
  return pool.slice(0, Math.min(size, pool.length)).sort((a, b) => a.line - b.line || (a.key < b.key ? -1 : 1));
}

/** The line number (1-based) of character `offset` of `source`. */
function lineOf(source: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < source.length; i++) if (source[i] === "\n") line++;
  return line;
}

/** Keys, diffs and lines for raw SuMo mutations of `source` (ids kept from SuMo). */
export function describeMutants(
  source: string,
  raw: { id: string; operator: string; start: number; end: number; replace: string }[],
): Mutant[] {
  const seen = new Map<string, number>();
  const mutants = raw
    .map((m) => {
      const mutated = source.slice(0, m.start) + m.replace + source.slice(m.end);
      const first = lineOf(source, m.start);
      const before = source.split("\n");
      const after = mutated.split("\n");
      const lastBefore = lineOf(source, m.end);
      const lastAfter = lastBefore + (after.length - before.length);
      const removed = before.slice(first - 1, lastBefore).map((l) => `- ${l.trim()}`);
      const added = after.slice(first - 1, Math.max(first - 1, lastAfter)).map((l) => `+ ${l.trim()}`);
      const diff = [...removed, ...added].join("\n");
      return { id: m.id, operator: m.operator, line: first, start: m.start, end: m.end, replacement: m.replace, diff };
    })
    .sort((a, b) => a.start - b.start || a.end - b.end || (a.replacement < b.replacement ? -1 : 1));
  return mutants.map((m) => {
    const base = `${m.operator}|${m.diff}`;
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    const key = createHash("sha256").update(`${base}|${n}`).digest("hex").slice(0, 12);
    return { ...m, key };
  });
}

/** The report entry of one contract from each tested mutant's status and the equivalents file. */
export function contractReport(
  target: { file: string; tests: string[] },
  total: number,
  seed: string | null,
  results: { mutant: Mutant; status: Status }[],
  equivalents: EquivalentEntry[],
  runtimeSeconds: number,
): { report: ContractReport; killedEquivalents: Mutant[] } {
  const reasons = new Map(equivalents.map((e) => [e.key, e.reason]));
  const strip = ({ id, key, operator, line, diff }: Mutant) => ({ id, key, operator, line, diff });
  const count = (s: Status) => results.filter((r) => r.status === s).length;
  const live = results.filter((r) => r.status === "live");
  const equivalent = live.filter((r) => reasons.has(r.mutant.key));
  const survivors = live.filter((r) => !reasons.has(r.mutant.key));
  const killedEquivalents = results
    .filter((r) => r.status !== "live" && r.status !== "stillborn" && reasons.has(r.mutant.key))
    .map((r) => r.mutant);
  const killed = count("killed");
  const timedOut = count("timedout");
  const stillborn = count("stillborn");
  const valid = results.length - stillborn - equivalent.length;
  return {
    report: {
      file: target.file,
      tests: target.tests,
      mutants: total,
      sampleSize: results.length,
      seed,
      killed,
      timedOut,
      stillborn,
      equivalent: equivalent.length,
      survived: survivors.length,
      score: valid === 0 ? 1 : Math.round(((killed + timedOut) / valid) * 10_000) / 10_000,
      runtimeSeconds: Math.round(runtimeSeconds),
      survivors: survivors.map((r) => ({ ...strip(r.mutant), status: "live" as const })),
      equivalents: equivalent.map((r) => ({ ...strip(r.mutant), reason: reasons.get(r.mutant.key) ?? "" })),
    },
    killedEquivalents,
  };
}

/**
 * A contract's entry after its survivors alone were tested again (`--survivors`, after new tests):
 * every other mutant keeps its status from the full run, which tests only added since cannot revive.
 */
export function rerunReport(
  previous: ContractReport,
  results: { mutant: Mutant; status: Status }[],
  equivalents: EquivalentEntry[],
  runtimeSeconds: number,
): ContractReport {
  const reasons = new Map(equivalents.map((e) => [e.key, e.reason]));
  const strip = ({ id, key, operator, line, diff }: Mutant) => ({ id, key, operator, line, diff });
  const killed = previous.killed + results.filter((r) => r.status === "killed" || r.status === "stillborn").length;
  const timedOut = previous.timedOut + results.filter((r) => r.status === "timedout").length;
  const live = results.filter((r) => r.status === "live");
  const newlyEquivalent = live.filter((r) => reasons.has(r.mutant.key));
  const survivors = live.filter((r) => !reasons.has(r.mutant.key));
  const equivalent = previous.equivalent + newlyEquivalent.length;
  const valid = previous.sampleSize - previous.stillborn - equivalent;
  return {
    ...previous,
    killed,
    timedOut,
    equivalent,
    survived: survivors.length,
    score: valid === 0 ? 1 : Math.round(((killed + timedOut) / valid) * 10_000) / 10_000,
    survivorsRerunSeconds: (previous.survivorsRerunSeconds ?? 0) + Math.round(runtimeSeconds),
    survivors: survivors.map((r) => ({ ...strip(r.mutant), status: "live" as const })),
    equivalents: [
      ...previous.equivalents,
      ...newlyEquivalent.map((r) => ({ ...strip(r.mutant), reason: reasons.get(r.mutant.key) ?? "" })),
    ],
  };
}

/** The new report: the previous one with the entries of the contracts just run replaced. */
export function mergeReport(previous: Report | undefined, fresh: Record<string, ContractReport>): Report {
  const contracts: Record<string, ContractReport> = { ...(previous?.contracts ?? {}), ...fresh };
  const ordered: Record<string, ContractReport> = {};
  for (const name of Object.keys(TARGETS)) if (contracts[name]) ordered[name] = contracts[name];
  return {
    tool: `@morenabarboni/sumo ${SUMO_VERSION}`,
    operators: `SuMo's standard cluster (every operator but ${OPTIMIZATION_OPERATORS.join(", ")})`,
    note:
      "score = (killed + timed out) / (tested - stillborn - equivalent); a contract with more than " +
      `${FULL_LIMIT} mutants is tested on a seeded random sample; survivors are live mutants not explained ` +
      `in ${EQUIVALENT_PATH}`,
    contracts: ordered,
  };
}

// ---------------------------------------------------------------------------------------------------
// Running

interface SumoMutation {
  id: string;
  operator: string;
  start: number;
  end: number;
  replace: string;
}
interface SumoOperator {
  ID: string;
  getMutations(file: string, source: string, visit: unknown): SumoMutation[];
}

/** SuMo's mutants of one file (its operators only; its runner and CLI are not used). */
function generate(copy: string, file: string): Mutant[] {
  // SuMo reads `sumo-config.js` from its "app root" when its modules load: the throwaway copy's.
  process.env.APP_ROOT_PATH = copy;
  const generators = require("@morenabarboni/sumo/src/operators/mutationGenerator.js") as Record<
    string,
    new () => SumoOperator
  >;
  const parser = require("@solidity-parser/parser") as {
    parse(source: string, options: object): unknown;
    visit(ast: unknown, visitor: object): void;
  };
  const absolute = path.join(copy, file);
  const source = readFileSync(absolute, "utf8");
  const ast = parser.parse(source, { range: true, loc: true });
  const visit = parser.visit.bind(parser, ast);
  const raw: SumoMutation[] = [];
  for (const [name, Operator] of Object.entries(generators)) {
    if (name === "CompositeOperator") continue;
    const operator = new Operator();
    if (OPTIMIZATION_OPERATORS.includes(operator.ID)) continue;
    raw.push(...operator.getMutations(absolute, source, visit));
  }
  return describeMutants(source, raw);
}

/** A throwaway copy of the project (tracked and untracked files, not ignored ones); node_modules linked. */
function makeCopy(): string {
  const copy = mkdtempSync(path.join(os.tmpdir(), "galeon-mutation-"));
  const listing = spawnSyncText("git", ["ls-files", "-z", "--cached", "--others", "--exclude-standard"], ROOT);
  for (const file of listing.split("\0").filter(Boolean)) {
    const from = path.join(ROOT, file);
    if (!existsSync(from)) continue; // deleted in the working tree
    mkdirSync(path.dirname(path.join(copy, file)), { recursive: true });
    cpSync(from, path.join(copy, file));
  }
  symlinkSync(path.join(ROOT, "node_modules"), path.join(copy, "node_modules"));
  writeFileSync(
    path.join(copy, "sumo-config.js"),
    [
      "// Written by scripts/mutation.ts: SuMo's configuration for this throwaway copy.",
      'export const contractsDir = "contracts";',
      'export const testDir = "test/solidity";',
      'export const buildDir = "artifacts";',
      "export const skipContracts = [];",
      "export const skipTests = [];",
      "export const testingTimeOutInSec = 600;",
      'export const network = "none";',
      'export const testingFramework = "custom";',
      "export const minimal = false;",
      "export const tce = false;",
      "",
    ].join("\n"),
  );
  return copy;
}

function spawnSyncText(command: string, args: string[], cwd: string): string {
  const result = spawnSync(command, args, { cwd, encoding: "utf8" });
  if (result.status !== 0) throw new Error(`${command} ${args.join(" ")} failed: ${result.stderr}`);
  return result.stdout;
}

const HARDHAT_CLI = path.join(path.dirname(require.resolve("hardhat/package.json")), "dist/src/cli.js");

/** `hardhat test solidity <tests>` in the copy: its exit code and output, or "timeout". */
function runTests(
  copy: string,
  tests: string[],
  timeoutMs: number,
): Promise<{ code: number | "timeout"; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [HARDHAT_CLI, "test", "solidity", ...tests], {
      cwd: copy,
      detached: true,
      env: { ...process.env, HARDHAT_DISABLE_TELEMETRY: "true", FORCE_COLOR: "0", NO_COLOR: "1" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (d: Buffer) => (output += d.toString()));
    child.stderr.on("data", (d: Buffer) => (output += d.toString()));
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      try {
        process.kill(-(child.pid as number), "SIGKILL");
      } catch {
        // already gone
      }
    }, timeoutMs);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code: timedOut ? "timeout" : (code ?? 1), output });
    });
  });
}

export function classify(code: number | "timeout", output: string): Status {
  if (code === "timeout") return "timedout";
  if (code === 0) return "live";
  return /HHE910|Compilation failed/.test(output) ? "stillborn" : "killed";
}

const USAGE = `usage: npm run mutation -- [options]

  --contract NAME    only this contract (repeatable); one of ${Object.keys(TARGETS).join(", ")}
  --sample N         mutants sampled from a contract with more than ${FULL_LIMIT} (default ${DEFAULT_SAMPLE})
  --seed S           the sample's seed (default ${DEFAULT_SEED})
  --all              test every mutant of every contract, sampling none
  --survivors        test again only the survivors in the report (after adding tests); update their entries
  --list             print each contract's mutant count and what would be tested; run nothing
  --out FILE         the report (default ${REPORT_PATH}; merged into when it exists)
`;

export interface Options {
  contracts: string[];
  sample: number;
  seed: string;
  all: boolean;
  survivors: boolean;
  list: boolean;
  out: string;
}

export function parseArgs(argv: string[]): Options {
  const options: Options = {
    contracts: [],
    sample: DEFAULT_SAMPLE,
    seed: DEFAULT_SEED,
    all: false,
    survivors: false,
    list: false,
    out: REPORT_PATH,
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new UsageError(`${arg} needs a value`);
      return v;
    };
    if (arg === "--contract") {
      const name = value();
      if (!TARGETS[name]) throw new UsageError(`unknown contract ${name}`);
      options.contracts.push(name);
    } else if (arg === "--sample") {
      const n = Number(value());
      if (!Number.isInteger(n) || n < 1) throw new UsageError("--sample must be a positive whole number");
      options.sample = n;
    } else if (arg === "--seed") options.seed = value();
    else if (arg === "--all") options.all = true;
    else if (arg === "--survivors") options.survivors = true;
    else if (arg === "--list") options.list = true;
    else if (arg === "--out") options.out = value();
    else if (arg === "--help" || arg === "-h") throw new UsageError("");
    else throw new UsageError(`unknown option ${arg}`);
  }
  if (options.contracts.length === 0) options.contracts = Object.keys(TARGETS);
  return options;
}

export class UsageError extends Error {}

/** The mutants to test of one contract: all, or a sample; and the seed (null when all). */
export function selection(mutants: Mutant[], options: Options): { tested: Mutant[]; seed: string | null } {
  if (options.all || mutants.length <= FULL_LIMIT) return { tested: mutants, seed: null };
  return { tested: sample(mutants, options.sample, options.seed), seed: options.seed };
}

function log(line: string) {
  process.stdout.write(`${line}\n`);
}

async function main() {
  let options: Options;
  try {
    options = parseArgs(process.argv.slice(2));
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`${error.message ? `error: ${error.message}\n` : ""}${USAGE}`);
    process.exit(error.message ? 2 : 0);
  }
  const equivalentsByContract = JSON.parse(readFileSync(path.join(ROOT, EQUIVALENT_PATH), "utf8")) as Record<
    string,
    EquivalentEntry[]
  >;
  const copy = makeCopy();
  let failed = false;
  try {
    for (const name of options.contracts) {
      const target = TARGETS[name];
      const mutants = generate(copy, target.file);
      const outPath = path.resolve(ROOT, options.out);
      const previous = existsSync(outPath) ? (JSON.parse(readFileSync(outPath, "utf8")) as Report) : undefined;
      const rerunOf = options.survivors ? previous?.contracts[name] : undefined;
      if (options.survivors && !rerunOf) throw new Error(`${name}: no entry in ${options.out} to re-test survivors of`);
      let { tested, seed } = selection(mutants, options);
      if (rerunOf) {
        const byKey = new Map(mutants.map((m) => [m.key, m]));
        tested = rerunOf.survivors.map((s) => {
          const mutant = byKey.get(s.key);
          if (!mutant)
            throw new Error(
              `${name}: survivor ${s.key} (line ${s.line}) is no longer a mutant; run the contract whole`,
            );
          return mutant;
        });
        seed = rerunOf.seed;
      }
      const keys = new Set(mutants.map((m) => m.key));
      for (const entry of equivalentsByContract[name] ?? []) {
        if (!keys.has(entry.key)) {
          failed = true;
          log(
            `error: ${name}: ${EQUIVALENT_PATH} lists ${entry.key} (line ${entry.line}), which is no longer a mutant`,
          );
        }
      }
      log(
        `${name}: ${mutants.length} mutants, testing ${tested.length}` +
          (rerunOf ? " (the survivors)" : seed === null ? " (all)" : ` (sample, seed ${seed})`),
      );
      if (options.list) continue;
      const started = Date.now();
      const original = readFileSync(path.join(copy, target.file), "utf8");
      // The unmutated contract must pass its tests; its time sets the mutants' timeout.
      const baseline = await runTests(copy, target.tests, 30 * 60_000);
      if (baseline.code !== 0) {
        log(baseline.output);
        throw new Error(`${name}: the tests fail on the unmutated contract`);
      }
      const timeoutMs = Math.max(120_000, (Date.now() - started) * 4);
      const results: { mutant: Mutant; status: Status }[] = [];
      for (const [index, mutant] of tested.entries()) {
        const t0 = Date.now();
        writeFileSync(
          path.join(copy, target.file),
          original.slice(0, mutant.start) + mutant.replacement + original.slice(mutant.end),
        );
        let status: Status;
        try {
          const { code, output } = await runTests(copy, target.tests, timeoutMs);
          status = classify(code, output);
        } finally {
          writeFileSync(path.join(copy, target.file), original);
        }
        results.push({ mutant, status });
        const took = ((Date.now() - t0) / 1000).toFixed(1);
        log(
          `  [${index + 1}/${tested.length}] ${mutant.id} ${mutant.operator} line ${mutant.line}: ${status} (${took} s)`,
        );
        if (status === "live") log(mutant.diff.replace(/^/gm, "      "));
      }
      const seconds = (Date.now() - started) / 1000;
      const equivalents = equivalentsByContract[name] ?? [];
      const { report, killedEquivalents } = rerunOf
        ? { report: rerunReport(rerunOf, results, equivalents, seconds), killedEquivalents: [] }
        : contractReport(target, mutants.length, seed, results, equivalents, seconds);
      for (const m of killedEquivalents) {
        failed = true;
        log(
          `error: ${name} ${m.key} (line ${m.line}) is listed as equivalent in ${EQUIVALENT_PATH} but the tests kill it`,
        );
      }
      log(
        `${name}: score ${(report.score * 100).toFixed(1)}% (${report.killed + report.timedOut} killed, ` +
          `${report.survived} survived, ${report.equivalent} equivalent, ${report.stillborn} stillborn) in ${Math.round(seconds)} s`,
      );
      // Written after each contract, so a long run keeps what it measured; read again just before, so
      // that entries written meanwhile (by hand or by another run) are kept.
      const latest = existsSync(outPath) ? (JSON.parse(readFileSync(outPath, "utf8")) as Report) : undefined;
      writeFileSync(outPath, `${JSON.stringify(mergeReport(latest, { [name]: report }), null, 2)}\n`);
    }
  } finally {
    rmSync(copy, { recursive: true, force: true });
  }
  process.exit(failed ? 1 : 0);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error: unknown) => {
    process.stderr.write(`error: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
}
