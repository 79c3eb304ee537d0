/**
 * End to end: every example of docs/foreign-clients.md, run as written and checked against the
 * output printed under it. Each shell example is marked in the page (`<!-- example: KIND -->`):
 * - `setup`: starting anvil and deploying the local suite; checked to be exactly what the harness
 *   does here (`startLocalSuite("anvil")`, which only adds a free port and a unique deployment id);
 * - `anvil`: run by bash on that anvil; `hardhat-node`: run by bash on a fresh Hardhat node.
 * Two substitutions, so that the examples run beside other tests and a user's own node and local
 * deployment: `http://127.0.0.1:8545` becomes the node's URL and `deploy/deployments/chain-31337/`
 * the test deployment's folder. In a printed output, a line `...` stands for any lines, and a line
 * ending with `...` for any line that starts like it.
 */
import { spawn } from "node:child_process";
import { readFile } from "node:fs/promises";
import path from "node:path";

import { expect } from "chai";

import {
  ANVIL_PACKAGE,
  type LocalSuiteOnNode,
  localSuiteDeployArgs,
  type NodeProcess,
  ROOT,
  startLocalSuite,
  startNode,
} from "./harness.js";

/** Pinned like anvil, fetched by npx at test time (never a package.json dependency). */
const CAST_PACKAGE = "@foundry-rs/cast@1.7.1";
const DOC = path.join(ROOT, "docs", "foreign-clients.md");

type Kind = "setup" | "anvil" | "hardhat-node";

interface Example {
  kind: Kind | undefined;
  /** 1-based line of the opening fence in the page. */
  line: number;
  code: string;
  /** The ```text block printed right after the example, if any. */
  output?: string[];
}

/** The shell examples of a Markdown page, with their markers and printed outputs. */
function shellExamples(markdown: string): Example[] {
  const lines = markdown.split("\n");
  const examples: Example[] = [];
  const fence = (from: number) => {
    const body: string[] = [];
    let i = from + 1;
    while (i < lines.length && lines[i] !== "```") body.push(lines[i++]);
    return { body, end: i };
  };
  const nextNonEmpty = (from: number) => {
    let i = from;
    while (i < lines.length && lines[i].trim() === "") i++;
    return i;
  };
  for (let i = 0; i < lines.length; i++) {
    if (lines[i] !== "```sh") continue;
    let previous = i - 1;
    while (previous >= 0 && lines[previous].trim() === "") previous--;
    const marker = /^<!-- example: ([a-z-]+) -->$/.exec(lines[previous] ?? "");
    const { body, end } = fence(i);
    const example: Example = { kind: marker?.[1] as Kind | undefined, line: i + 1, code: body.join("\n") };
    const after = nextNonEmpty(end + 1);
    if (lines[after] === "```text") example.output = fence(after).body;
    examples.push(example);
    i = end;
  }
  return examples;
}

/** Runs an example with bash in the repository root; stdout and stderr merged, npm's notices dropped. */
async function runExample(code: string): Promise<string[]> {
  const child = spawn("bash", ["-c", `exec 2>&1\n${code}`], {
    cwd: ROOT,
    stdio: ["ignore", "pipe", "inherit"],
    env: { ...process.env, NO_COLOR: "1" },
  });
  let out = "";
  child.stdout.on("data", (d: Buffer) => (out += d.toString()));
  const timer = setTimeout(() => child.kill("SIGKILL"), 240_000);
  await new Promise((resolve) => child.on("close", resolve));
  clearTimeout(timer);
  return out
    .split("\n")
    .map((l) => l.trimEnd())
    .filter((l) => l !== "" && !/^npm (warn|notice)/.test(l));
}

/** A printed line matches the same line, or any line that starts like it when it ends with `...`. */
function matches(actual: string, printed: string): boolean {
  return printed.endsWith("...") ? actual.startsWith(printed.slice(0, -3)) : actual === printed;
}

/** Asserts the printed output: the same lines, where a line `...` stands for any lines in between. */
function expectOutput(actual: string[], printed: string[], where: string): void {
  const expected = printed.map((l) => l.trimEnd()).filter((l) => l !== "");
  const shown = `${where}: printed\n${expected.join("\n")}\nbut got\n${actual.join("\n")}`;
  if (!expected.includes("...")) {
    expect(actual.length, shown).to.equal(expected.length);
    expected.forEach((line, i) => expect(matches(actual[i], line), shown).to.equal(true));
    return;
  }
  let at = 0;
  for (const line of expected.filter((l) => l !== "...")) {
    while (at < actual.length && !matches(actual[at], line)) at++;
    expect(at < actual.length, `${shown}\n("${line}" missing)`).to.equal(true);
    at++;
  }
}

describe("docs/foreign-clients.md, every example (e2e)", function () {
  this.timeout(900_000);
  let examples: Example[];

  before(async function () {
    examples = shellExamples(await readFile(DOC, "utf8"));
  });

  it("marks every shell example with how it runs", function () {
    expect(examples.length).to.be.greaterThan(5);
    for (const example of examples) {
      expect(["setup", "anvil", "hardhat-node"], `line ${example.line}`).to.include(example.kind);
    }
    for (const example of examples.filter((e) => e.kind !== "setup")) {
      expect(example.output, `line ${example.line}: no printed output`).to.not.equal(undefined);
      expect(example.code, `line ${example.line}`).to.not.match(/@foundry-rs\/cast(?!@1\.7\.1)/);
    }
  });

  it("sets up exactly as this test does: anvil from npm, the LocalSuite module with local.json", function () {
    const setup = examples.filter((e) => e.kind === "setup").map((e) => e.code);
    const deploy = localSuiteDeployArgs("x").slice(0, -2); // without --deployment-id
    expect(setup).to.deep.equal([`npx --yes ${ANVIL_PACKAGE}`, `npx hardhat ${deploy.join(" ")}`]);
  });

  describe("on anvil with the local suite", function () {
    let suite: LocalSuiteOnNode | undefined;

    before(async function () {
      suite = await startLocalSuite("anvil", "foreign");
    });

    after(async function () {
      await suite?.stop();
    });

    it("prints what the page says, example by example", async function () {
      const anvilExamples = examples.filter((e) => e.kind === "anvil");
      expect(anvilExamples.length).to.be.greaterThanOrEqual(5);
      for (const example of anvilExamples) {
        const code = example.code
          .replaceAll("http://127.0.0.1:8545", suite!.node.url)
          .replaceAll("deploy/deployments/chain-31337/", `deploy/deployments/${suite!.deploymentId}/`);
        const output = await runExample(code);
        expectOutput(output, example.output!, `docs/foreign-clients.md line ${example.line}`);
      }
    });
  });

  describe("on the Hardhat node", function () {
    let node: NodeProcess | undefined;

    before(async function () {
      node = await startNode("hardhat");
    });

    after(async function () {
      await node?.stop();
    });

    it("shows why cast needs anvil: reads work, every call with a transaction is refused", async function () {
      const hardhatExamples = examples.filter((e) => e.kind === "hardhat-node");
      expect(hardhatExamples).to.have.length(1);
      for (const example of hardhatExamples) {
        const output = await runExample(example.code.replaceAll("http://127.0.0.1:8545", node!.url));
        expectOutput(output, example.output!, `docs/foreign-clients.md line ${example.line}`);
      }
    });
  });
});
