import { execFile } from "node:child_process";
import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";

import { expect } from "chai";

import { ROOT } from "../e2e/harness.js";

const run = promisify(execFile);
const SCRIPT = path.join(ROOT, "scripts/ci/check-lock.mjs");

async function check(lock: unknown): Promise<{ code: number; out: string }> {
  const dir = await mkdtemp(path.join(tmpdir(), "galeon-lock-"));
  const file = path.join(dir, "package-lock.json");
  await writeFile(file, JSON.stringify(lock));
  try {
    const { stdout } = await run(process.execPath, [SCRIPT, file]);
    return { code: 0, out: stdout };
  } catch (error) {
    const e = error as { code: number; stderr: string };
    return { code: e.code, out: e.stderr };
  }
}

describe("package-lock.json platform check (npm run lint)", function () {
  let lock: { packages: Record<string, { version: string; optionalDependencies?: Record<string, string> }> };

  before(async function () {
    lock = JSON.parse(await readFile(path.join(ROOT, "package-lock.json"), "utf8"));
  });

  it("passes on the committed lock, which holds every EDR platform build", async function () {
    const edr = lock.packages["node_modules/@nomicfoundation/edr"];
    expect(Object.keys(edr.optionalDependencies ?? {})).to.have.length.greaterThanOrEqual(7);
    const { code, out } = await check(lock);
    expect(code, out).to.equal(0);
  });

  it("fails, naming the package, when a platform build is missing from the lock", async function () {
    const broken = structuredClone(lock);
    delete broken.packages["node_modules/@nomicfoundation/edr-darwin-arm64"];
    const { code, out } = await check(broken);
    expect(code).to.equal(1);
    expect(out).to.contain("@nomicfoundation/edr-darwin-arm64@");
    expect(out).to.contain("not in the lock");
  });

  it("fails when a platform build is locked at a version the range refuses", async function () {
    const broken = structuredClone(lock);
    broken.packages["node_modules/@nomicfoundation/edr-win32-x64-msvc"].version = "0.20.0";
    const { code, out } = await check(broken);
    expect(code).to.equal(1);
    expect(out).to.contain("the lock has 0.20.0");
  });
});
