/**
 * Every Galeon task's help (`npx hardhat <task> --help`) as a newcomer reads it: values as `<STRING>`
 * (never Hardhat's `<STRING_WITHOUT_DEFAULT>`), no empty `(default: )`, and every option or
 * positional argument the task requires marked "(required)" and shown without brackets in the usage
 * line (scripts/lib/help.ts). The help text is Hardhat's own (its help renderer, on the tasks this
 * configuration registers), passed through the rewrite `hardhat.config.ts` installs; one CLI run
 * checks that the installed rewrite is what a user sees.
 */
import { createRequire } from "node:module";
import path from "node:path";
import { pathToFileURL } from "node:url";

import { expect } from "chai";
import hre from "hardhat";

import { REQUIRED, rewriteHelp } from "../../../scripts/lib/help.js";
import { galeonTasks } from "../../../scripts/tasks/index.js";
import { hardhat } from "../e2e/harness.js";

const require = createRequire(import.meta.url);
const HARDHAT = path.dirname(require.resolve("hardhat/package.json"));
const { getHelpString } = (await import(
  pathToFileURL(path.join(HARDHAT, "dist/src/internal/cli/help/get-help-string.js")).href
)) as { getHelpString: (task: unknown, globalOptions: Map<string, unknown>) => Promise<string> };

/** What each task refuses to run without (its action's `required(...)` and parsers), by task. */
const REQUIRED_BY_TASK: Record<string, string[]> = {
  "attestor sign-quote": ["--buyer", "--token", "--amount", "--usage", "--permit-id"],
  "attestor settle": ["--lock", "--usage", "--amount", "--permit-id"],
  "attestor rotate": ["--to"],
  "buyer pay": ["--quote"],
  "buyer faucet": ["--amount"],
  "buyer access": ["accessId"],
  "buyer fund": ["--token", "--max", "--settle-by"],
  "buyer settle": ["--settlement"],
  "buyer refund": ["lockId"],
  "hospital balance": ["--hospital"],
  "hospital claim": ["--hospital"],
  "hospital set-payout": ["--hospital", "address"],
  "hospital statement": ["--hospital"],
  "galeon time advance": ["duration"],
  "dao vote": ["proposalId", "--support"],
  "dao queue": ["proposalId"],
  "dao execute": ["proposalId"],
};

/** The runnable (non-empty) Galeon tasks, by id. */
const taskIds = galeonTasks
  .filter((t) => (t as { type?: unknown }).type !== "EMPTY_TASK")
  .map((t) => (t as unknown as { id: string[] }).id);

const usageLine = (help: string) => help.split("\n").find((l) => l.startsWith("Usage: "))!;

describe("task help", function () {
  it("lists the tasks this suite registers (every persona)", function () {
    expect(taskIds.map((id) => id[0])).to.include.members([
      "attestor",
      "buyer",
      "hospital",
      "treasury",
      "dao",
      "buyback",
      "galeon",
    ]);
    for (const id of Object.keys(REQUIRED_BY_TASK)) {
      expect(
        taskIds.map((t) => t.join(" ")),
        id,
      ).to.include(id);
    }
  });

  for (const id of taskIds) {
    it(`${id.join(" ")}: no type names for values, required options marked and unbracketed`, async function () {
      const help = rewriteHelp(await getHelpString(hre.tasks.getTask(id), new Map()));
      expect(help, "Hardhat's type name").not.to.match(/_WITHOUT_DEFAULT/);
      expect(help, "an empty default").not.to.contain("(default: )");
      const usage = usageLine(help);
      const marked = [...help.matchAll(/^ {2}(--[a-z0-9-]+|[A-Za-z][A-Za-z0-9]*)\s.*\(required\)$/gm)].map((m) => m[1]);
      expect(marked).to.have.members(REQUIRED_BY_TASK[id.join(" ")] ?? []);
      for (const name of marked) {
        expect(usage, `${name} without brackets`).to.match(
          name.startsWith("--") ? new RegExp(` ${name} <[A-Z]+>( |$)`) : new RegExp(` ${name}( |$)`),
        );
        expect(usage, `${name} not bracketed`).not.to.contain(`[${name}`);
      }
      for (const bracketed of usage.matchAll(/\[(--[a-z0-9-]+)/g)) {
        expect(marked, `${bracketed[1]} is optional`).not.to.include(bracketed[1]);
      }
      expect(REQUIRED).to.equal("(required)");
    });
  }

  it("is what the command line prints: npx hardhat attestor sign-quote --help", async function () {
    this.timeout(60_000);
    const run = await hardhat(["attestor", "sign-quote", "--help"], "http://127.0.0.1:9");
    expect(run.code, run.stderr).to.equal(0);
    expect(run.stdout).not.to.contain("_WITHOUT_DEFAULT");
    expect(usageLine(run.stdout)).to.contain(
      " --amount <STRING> --buyer <STRING> [--deployment-id <STRING>] [--from <STRING>] [--job <STRING>]",
    );
    expect(run.stdout).to.match(/^ {2}--buyer +The buyer's address \(gets the access record\) \(required\)$/m);
  });
});
