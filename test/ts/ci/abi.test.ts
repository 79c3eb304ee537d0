/**
 * abi/ for foreign clients (scripts/ci/abi.mjs, `npm run abi`, checked by `npm run lint`): the
 * committed files are those of the build, every error and event the interfaces declare is in the
 * tables with its selector and meaning, and the check names each stale file.
 */
import { execFile } from "node:child_process";
import { cp, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";

import { expect } from "chai";
import { id } from "ethers";

import { generate, stale } from "../../../scripts/ci/abi.mjs";
import { ROOT } from "../e2e/harness.js";

const run = promisify(execFile);
const SCRIPT = path.join(ROOT, "scripts/ci/abi.mjs");

interface Entry {
  error?: string;
  event?: string;
  signature: string;
  contracts: string[];
  meaning: string;
  abi: { type: string; name: string };
}

/** `error Name(type a, ...)` / `event Name(...)` declarations of contracts/interfaces/I*.sol. */
async function declared(kind: "error" | "event"): Promise<Array<{ name: string; file: string }>> {
  const dir = path.join(ROOT, "contracts", "interfaces");
  const found: Array<{ name: string; file: string }> = [];
  for (const file of (await readdir(dir)).filter((f) => f.endsWith(".sol"))) {
    const source = await readFile(path.join(dir, file), "utf8");
    for (const match of source.matchAll(new RegExp(`^\\s*${kind} (\\w+)\\(`, "gm")))
      found.push({ name: match[1], file });
  }
  return found;
}

describe("abi/ for foreign clients", function () {
  let files: Map<string, string>;
  let errors: Record<string, Entry>;
  let events: Record<string, Entry>;

  before(async function () {
    files = generate();
    errors = JSON.parse(files.get("errors.json")!) as Record<string, Entry>;
    events = JSON.parse(files.get("events.json")!) as Record<string, Entry>;
  });

  it("is what the build gives (else: npm run abi)", function () {
    expect(stale(files)).to.deep.equal([]);
  });

  it("holds one ABI per deployed contract, without mocks, interfaces, libraries or abstract contracts", async function () {
    const abis = [...files.keys()].filter((n) => !["errors.json", "events.json", "errors.md"].includes(n));
    expect(abis).to.include.members([
      "BuybackBurner.json",
      "DataAccessRouter.json",
      "GaleonGovernor.json",
      "GaleonToken.json",
      "GaleonTreasury.json",
      "TestStablecoin.json",
      "TimelockController.json",
      "VestingWallet.json",
    ]);
    const excluded = ["HospitalRegistry.sol", "GuardianPausable.sol"];
    for (const folder of ["mocks", "interfaces", "libraries"]) {
      excluded.push(...(await readdir(path.join(ROOT, "contracts", folder))).filter((f) => f.endsWith(".sol")));
    }
    for (const source of excluded) expect(abis, source).to.not.include(source.replace(/\.sol$/, ".json"));
  });

  it("lists every custom error of the interfaces by its selector, with its NatSpec meaning", async function () {
    const errorsDeclared = await declared("error");
    expect(errorsDeclared.length).to.be.greaterThan(30);
    const bySignatureName = new Map(Object.entries(errors).map(([selector, e]) => [e.abi.name, { selector, ...e }]));
    for (const { name, file } of errorsDeclared) {
      const entry = bySignatureName.get(name);
      expect(entry, `${name} (${file})`).to.not.equal(undefined);
      expect(entry!.selector, name).to.equal(id(entry!.signature).slice(0, 10));
      expect(entry!.meaning, `${name}: no NatSpec`).to.not.equal("");
      expect(entry!.contracts.length, name).to.be.greaterThan(0);
    }
    // OpenZeppelin's errors are there too, e.g. the one every owner-only function raises.
    expect(errors["0x118cdaa7"].signature).to.equal("OwnableUnauthorizedAccount(address)");
    expect(errors["0x118cdaa7"].contracts).to.include("DataAccessRouter");
  });

  it("lists every event of the interfaces by topic 0", async function () {
    const eventsDeclared = await declared("event");
    const byName = new Map(Object.entries(events).map(([topic, e]) => [e.abi.name, { topic, ...e }]));
    for (const { name, file } of eventsDeclared) {
      const entry = byName.get(name);
      expect(entry, `${name} (${file})`).to.not.equal(undefined);
      expect(entry!.topic, name).to.equal(id(entry!.signature));
    }
    const registered = byName.get("HospitalRegistered")!;
    expect(registered.event).to.equal(
      "HospitalRegistered(uint32 indexed hospitalId, address indexed payout, bytes32 metadataHash)",
    );
  });

  it("errors.md has one row per error and per event", function () {
    const md = files.get("errors.md")!;
    for (const selector of Object.keys(errors)) expect(md).to.contain(`| \`${selector}\` |`);
    for (const topic of Object.keys(events)) expect(md).to.contain(`| \`${topic}\` |`);
  });

  describe("the lint check (--check)", function () {
    let dir: string;

    before(async function () {
      dir = await mkdtemp(path.join(tmpdir(), "galeon-abi-"));
      await cp(path.join(ROOT, "abi"), dir, { recursive: true });
    });

    after(async function () {
      await rm(dir, { recursive: true, force: true });
    });

    it("passes on the committed abi/", async function () {
      const { stdout } = await run(process.execPath, [SCRIPT, "--check"]);
      expect(stdout).to.match(/^abi\/: \d+ files match the build/);
    });

    it("fails naming every changed, missing or extra file, and writes nothing", async function () {
      const router = path.join(dir, "DataAccessRouter.json");
      await writeFile(router, "[]\n");
      await rm(path.join(dir, "events.json"));
      await writeFile(path.join(dir, "Removed.json"), "[]\n");
      expect(stale(files, dir)).to.deep.equal(["DataAccessRouter.json", "Removed.json", "events.json"]);
      const failure = await run(process.execPath, [SCRIPT, "--check", "--dir", dir]).catch((e: unknown) => e);
      const { code, stderr } = failure as { code: number; stderr: string };
      expect(code).to.equal(1);
      expect(stderr.trim().split("\n")).to.have.length(1);
      expect(stderr).to.contain("is stale (DataAccessRouter.json, Removed.json, events.json): run npm run abi");
      expect(await readFile(router, "utf8")).to.equal("[]\n");
    });
  });
});
