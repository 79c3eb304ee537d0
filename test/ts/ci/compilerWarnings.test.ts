/**
 * The one compiler warning this project accepted (scripts/lib/compilerWarnings.ts): solc's transient
 * storage warning (2394) where it points into OpenZeppelin's TransientSlot, which the router's and
 * the burner's ReentrancyGuardTransient use. The build's own output (artifacts/build-info) shows the
 * real warning; the `getCompilationJobErrors` hook this configuration registers drops exactly it, and
 * keeps the same warning on any other file and every other warning.
 */
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";

import { expect } from "chai";
import hre from "hardhat";

import { type CompilerMessage, isAcceptedWarning } from "../../../scripts/lib/compilerWarnings.js";

/** The warnings of the last build, from its build-info outputs. */
async function buildWarnings(): Promise<CompilerMessage[]> {
  const dir = path.join(hre.config.paths.artifacts, "build-info");
  const warnings: CompilerMessage[] = [];
  for (const file of (await readdir(dir)).filter((f) => f.endsWith(".output.json"))) {
    const output = JSON.parse(await readFile(path.join(dir, file), "utf8")) as {
      output?: { errors?: CompilerMessage[] };
    };
    warnings.push(...(output.output?.errors ?? []).filter((e) => e.severity === "warning"));
  }
  return warnings;
}

/** What a build prints of `errors`, through the hook chain of this configuration. */
async function printed(errors: CompilerMessage[]): Promise<CompilerMessage[]> {
  return (await hre.hooks.runHandlerChain(
    "solidity",
    "getCompilationJobErrors",
    [{} as never, { errors, sources: {}, contracts: {} } as never],
    async (_context, _job, output) => [...((output as { errors?: never[] }).errors ?? [])],
  )) as CompilerMessage[];
}

describe("compiler warnings", function () {
  it("the build warns about transient storage only in OpenZeppelin's TransientSlot", async function () {
    const transient = (await buildWarnings()).filter((w) => w.errorCode === "2394");
    expect(transient, "the warning solc gives for ReentrancyGuardTransient's tstore").not.to.be.empty;
    for (const w of transient) {
      expect(w.sourceLocation?.file).to.match(/@openzeppelin\/contracts@[^/]+\/utils\/TransientSlot\.sol$/);
    }
  });

  it("drops that warning from what a build prints, and nothing else", async function () {
    // As Hardhat hands them to the hook: no source location, the path in the text rewritten to the file.
    const transient = (await buildWarnings())
      .filter((w) => w.errorCode === "2394")
      .map(({ sourceLocation: _, ...w }) => ({
        ...w,
        formattedMessage: w.formattedMessage!.replace(
          /--> npm\/@openzeppelin\/contracts@[^/]+\//,
          "--> ./node_modules/@openzeppelin/contracts/",
        ),
      }));
    expect(transient[0].formattedMessage).to.contain(
      "--> ./node_modules/@openzeppelin/contracts/utils/TransientSlot.sol:",
    );
    const ownTstore = {
      ...transient[0],
      formattedMessage: transient[0].formattedMessage.replace(
        /--> \S+TransientSlot\.sol/,
        "--> contracts/payments/DataAccessRouter.sol",
      ),
    };
    const other = { ...transient[0], errorCode: "2072" };
    expect(await printed([...transient, ownTstore, other])).to.deep.equal([ownTstore, other]);
    // As solc names the file (the compiler output's source location), too; never an error.
    expect(
      isAcceptedWarning({
        severity: "warning",
        errorCode: "2394",
        sourceLocation: { file: "npm/@openzeppelin/contracts@5.7.0/utils/TransientSlot.sol" },
      }),
    ).to.equal(true);
    expect(isAcceptedWarning({ ...transient[0], severity: "error" })).to.equal(false);
  });
});
