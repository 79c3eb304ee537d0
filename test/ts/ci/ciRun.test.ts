/**
 * `.ci/run` runs the README's quick start exactly as the README writes it, before lint and before
 * the README's test command, so that CI sees what a newcomer sees on a fresh clone.
 */
import { readFile } from "node:fs/promises";
import path from "node:path";

import { expect } from "chai";

import { ROOT } from "../e2e/harness.js";

describe(".ci/run and the README's quick start", function () {
  it("runs the quick start's commands as written, first, then lint, then the test command", async function () {
    const readme = await readFile(path.join(ROOT, "README.md"), "utf8");
    const quickStart = readme.split("## Quick start")[1].split("\n## ")[0];
    const block = /```sh\n([\s\S]*?)```/.exec(quickStart)![1];
    const commands = block
      .split("\n")
      .map((l) => l.replace(/#.*$/, "").trim())
      .filter((l) => l !== "");
    expect(commands).to.deep.equal(["npm ci && npm run demo", "npm test"]);

    const ci = (await readFile(path.join(ROOT, ".ci", "run"), "utf8"))
      .split("\n")
      .map((l) => l.replace(/#.*$/, "").trim());
    const at = (command: string) => ci.findIndex((l) => l === command || l.startsWith(`${command} `));
    const [install, test] = [at(commands[0]), at(commands[1])];
    const lint = at("npm run lint");
    expect(install, "quick start line").to.be.greaterThanOrEqual(0);
    expect(lint, "npm run lint").to.be.greaterThan(install);
    expect(test, "npm test").to.be.greaterThan(lint);
    expect(
      ci.slice(0, install).some((l) => /\bnpm (ci|install|run)\b|hardhat/.test(l)),
      "nothing before it",
    ).to.equal(false);
  });

  it("keeps the README a newcomer's page: at most 15 KB, the guides in docs/", async function () {
    const readme = await readFile(path.join(ROOT, "README.md"));
    expect(readme.length, "README.md bytes").to.be.at.most(15 * 1024);
    for (const guide of ["buyer", "hospital", "dao", "operator", "security", "gas"]) {
      expect(readme.toString(), `links docs/${guide}.md`).to.include(`docs/${guide}.md`);
    }
  });
});
