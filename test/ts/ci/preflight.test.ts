/**
 * The preflight that runs before Hardhat (npm scripts, and hardhat.config.ts for `npx hardhat`):
 * an old Node, or a node_modules installed under one (without Hardhat's native EDR package), gets
 * one line saying what to run, instead of Hardhat's "remove package-lock.json".
 */
import { execFile } from "node:child_process";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";

import { expect } from "chai";

import { diagnose } from "../../../scripts/ci/preflight.mjs";
import { ROOT } from "../e2e/harness.js";

const run = promisify(execFile);
const SCRIPT = path.join(ROOT, "scripts/ci/preflight.mjs");
const INSTALL = "run: source scripts/node22.sh && npm ci";

/** A fake project: package.json, hardhat and EDR as installed here, and the native builds listed. */
async function fakeProject(nativeBuilds: Record<string, string>): Promise<string> {
  const root = await mkdtemp(path.join(tmpdir(), "galeon-preflight-"));
  const edr = JSON.parse(await readFile(path.join(ROOT, "node_modules/@nomicfoundation/edr/package.json"), "utf8"));
  const packages: Record<string, object> = {
    "": JSON.parse(await readFile(path.join(ROOT, "package.json"), "utf8")),
    "node_modules/hardhat": { name: "hardhat", version: "3.18.0" },
    "node_modules/@nomicfoundation/edr": edr,
  };
  for (const [name, version] of Object.entries(nativeBuilds)) packages[`node_modules/${name}`] = { name, version };
  for (const [dir, pkg] of Object.entries(packages)) {
    await mkdir(path.join(root, dir), { recursive: true });
    await writeFile(path.join(root, dir, "package.json"), JSON.stringify(pkg));
  }
  return root;
}

async function runScript(root: string): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [SCRIPT, root]);
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe("preflight (before Hardhat starts)", function () {
  const roots: string[] = [];
  let edrVersion: string;

  before(async function () {
    edrVersion = JSON.parse(
      await readFile(path.join(ROOT, "node_modules/@nomicfoundation/edr/package.json"), "utf8"),
    ).version;
  });

  after(async function () {
    for (const root of roots) await rm(root, { recursive: true, force: true });
  });

  async function project(nativeBuilds: Record<string, string>): Promise<string> {
    const root = await fakeProject(nativeBuilds);
    roots.push(root);
    return root;
  }

  it("says nothing of this repository under this Node", async function () {
    expect(diagnose()).to.equal(undefined);
    const result = await runScript(ROOT);
    expect(result).to.deep.equal({ code: 0, stdout: "", stderr: "" });
  });

  it("passes a project whose native EDR build for the platform is installed", async function () {
    const root = await project({ "@nomicfoundation/edr-linux-x64-gnu": edrVersion });
    expect(diagnose({ root, platform: "linux", arch: "x64" })).to.equal(undefined);
  });

  describe("refuses, saying what to run", function () {
    it("when Node is older than package.json's engines (22.13.0)", function () {
      expect(diagnose({ nodeVersion: "20.20.2" })).to.equal(
        "Node 20.20.2 is older than the 22.13.0 Hardhat 3 needs; run: source scripts/node22.sh",
      );
      expect(diagnose({ nodeVersion: "22.12.0" })).to.match(/older than the 22\.13\.0/);
      expect(diagnose({ nodeVersion: "22.13.0" })).to.equal(undefined);
      expect(diagnose({ nodeVersion: "24.1.0" })).to.equal(undefined);
    });

    it("when npm ci ran under an old Node: the native EDR build is missing (one line, exit 3)", async function () {
      // What `npm ci` under Node 20 leaves: EDR without its platform package.
      const root = await project({});
      const problem = diagnose({ root, platform: "linux", arch: "x64" });
      expect(problem).to.equal(
        "node_modules lacks Hardhat's native EDR package for linux-x64 (@nomicfoundation/edr-linux-x64-gnu or " +
          "@nomicfoundation/edr-linux-x64-musl), which npm ci skips under a Node older than 22.13.0; " +
          INSTALL,
      );
      expect(diagnose({ root, platform: "darwin", arch: "arm64" })).to.contain("(@nomicfoundation/edr-darwin-arm64)");

      const result = await runScript(root);
      expect(result.code).to.equal(3);
      expect(result.stdout).to.equal("");
      expect(result.stderr.trimEnd().split("\n")).to.deep.equal([
        `error: ${diagnose({ root })}`, // this machine's platform
      ]);
      expect(result.stderr).to.match(/^error: node_modules lacks Hardhat's native EDR package for /);
    });

    it("when both: old Node and a node_modules without the native build", async function () {
      const root = await project({});
      expect(diagnose({ root, nodeVersion: "20.20.2", platform: "linux", arch: "x64" })).to.match(
        new RegExp(
          `^Node 20\\.20\\.2 is older than the 22\\.13\\.0 Hardhat 3 needs and node_modules lacks .*; ${INSTALL}$`,
        ),
      );
    });

    it("when the native build does not match EDR's version", async function () {
      const root = await project({ "@nomicfoundation/edr-linux-x64-gnu": "0.1.0" });
      expect(diagnose({ root, platform: "linux", arch: "x64" })).to.equal(
        `node_modules holds @nomicfoundation/edr-linux-x64-gnu@0.1.0, not the ${edrVersion} that EDR needs; ${INSTALL}`,
      );
    });

    it("when nothing is installed", async function () {
      const root = await mkdtemp(path.join(tmpdir(), "galeon-preflight-"));
      roots.push(root);
      expect(diagnose({ root })).to.equal(`the dependencies are not installed; ${INSTALL}`);
      expect(diagnose({ root, nodeVersion: "20.20.2" })).to.equal(`the dependencies are not installed; ${INSTALL}`);
    });
  });
});
