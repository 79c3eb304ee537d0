/**
 * Every example is a test: each shell command of the README and of docs/*.md runs, exactly as
 * written, in bash, on a fresh Hardhat node and on a fresh anvil, in the order a reader meets it,
 * through to its end (the DAO walkthrough to Executed). A command whose printed output in the page
 * starts with `error:` must fail with that error; every other command must exit 0.
 *
 * How pages are read:
 * - ```sh blocks: every command (lines joined on a trailing `\`, heredocs kept whole) runs;
 * - ```console blocks: each `$ ` line is a command, the lines under it its output. A console command
 *   that is also a command of an sh block of the same page is that command's transcript (it gives its
 *   expected output and is not run twice); any other runs where it stands.
 *
 * What the test does for the reader: it starts the node the pages start "in another terminal" (on a
 * free port; `GALEON_RPC_URL`, which `--network localnode` reads, points every command at it), and
 * answers yes to Ignition's deployment prompt (`HARDHAT_IGNITION_CONFIRM_DEPLOYMENT=true`). The
 * files the examples write (quote.json, usage.csv, ... and the local deployment
 * deploy/deployments/chain-31337) are moved aside before and put back after, so a reader's own
 * files survive the test.
 *
 * Commands not run here say where they are tested instead (`ELSEWHERE`); an entry that no longer
 * matches a page fails the test, so the list cannot go stale.
 */
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, readdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";

import { expect } from "chai";

import { COVERAGE, type NodeKind, removeDeployment, ROOT, startNode } from "./harness.js";

export interface DocCommand {
  file: string;
  /** 1-based line of the command's first line in the page. */
  line: number;
  /** The command as written (continuation lines and heredocs included). */
  text: string;
  /** Whitespace-normalised, comments stripped: how an sh command and its transcript are matched. */
  key: string;
  /** The output printed under it in a console block, if any. */
  output?: string[];
  /** Where that output stands in its page: lines [from, to) (0-based), for `GALEON_DOCS_UPDATE`. */
  outputAt?: { file: string; from: number; to: number };
  /** Where it came from. */
  block: "sh" | "console";
  /** The `## ` heading it stands under ("" before the first). */
  section: string;
}

const normalise = (text: string) =>
  text
    .replace(/\\\n\s*/g, " ")
    .replace(/\s+#[^'"\n]*$/gm, "")
    .replace(/\s+/g, " ")
    .trim();

/** The shell commands of a Markdown page, in order, with the outputs its console blocks print. */
export function pageCommands(file: string, markdown: string): DocCommand[] {
  const lines = markdown.split("\n");
  const sh: DocCommand[] = [];
  const consoles: DocCommand[] = [];
  const ordered: DocCommand[] = [];
  let section = "";
  for (let i = 0; i < lines.length; i++) {
    if (lines[i].startsWith("## ")) section = lines[i].slice(3).trim();
    const fence = /^```(sh|bash|shell|console)\s*$/.exec(lines[i]);
    if (fence === null) {
      if (lines[i].startsWith("```")) {
        // Skip any other fenced block whole (json, text, ...).
        for (i++; i < lines.length && !lines[i].startsWith("```"); i++);
      }
      continue;
    }
    const kind = fence[1] === "console" ? "console" : "sh";
    const body: { text: string; line: number }[] = [];
    for (i++; i < lines.length && !lines[i].startsWith("```"); i++) body.push({ text: lines[i], line: i + 1 });
    for (let j = 0; j < body.length; j++) {
      const { text, line } = body[j];
      if (kind === "console" && !text.startsWith("$ ")) continue;
      let command = kind === "console" ? text.slice(2) : text;
      if (kind === "sh" && (command.trim() === "" || command.trim().startsWith("#"))) continue;
      while (command.endsWith("\\") && j + 1 < body.length) command += "\n" + body[++j].text;
      const heredoc = /<<-?'?(\w+)'?/.exec(command);
      if (heredoc !== null) {
        while (j + 1 < body.length && body[j].text.trim() !== heredoc[1]) command += "\n" + body[++j].text;
      }
      const entry: DocCommand = { file, line, text: command, key: normalise(command), block: kind, section };
      if (kind === "console") {
        const output: string[] = [];
        const from = j + 1 < body.length ? body[j + 1].line - 1 : i;
        while (j + 1 < body.length && !body[j + 1].text.startsWith("$ ")) output.push(body[++j].text);
        entry.output = output;
        entry.outputAt = { file, from, to: from + output.length };
        consoles.push(entry);
      } else sh.push(entry);
      ordered.push(entry);
    }
  }
  // A console command that an sh block of the page also runs is that command's transcript.
  // Matched in order: the n-th transcript of a command is that of its n-th run.
  const shKeys = new Map<string, DocCommand[]>();
  for (const c of sh) shKeys.set(c.key, [...(shKeys.get(c.key) ?? []), c]);
  const run: DocCommand[] = [];
  for (const command of ordered) {
    if (command.block === "console" && (shKeys.get(command.key)?.length ?? 0) > 0) {
      const target = shKeys.get(command.key)!.shift()!;
      target.output ??= command.output;
      target.outputAt ??= command.outputAt;
      continue;
    }
    run.push(command);
  }
  return run;
}

/** True when the page says this command is refused: its printed output starts with `error:`. */
export const expectsRefusal = (command: DocCommand) => command.output?.[0]?.startsWith("error:") === true;

/** Commands run here by other means, or tested elsewhere; each entry must match a page's command. */
const ELSEWHERE: { file: string; starts: string; why: string }[] = [
  { file: "README.md", starts: "npm ci && npm run demo", why: ".ci/run runs the quick start as written" },
  { file: "README.md", starts: "npm test", why: "the test command itself (.ci/run runs it)" },
  { file: "*", starts: "npx hardhat node", why: "the test starts the node the page starts in another terminal" },
  { file: "docs/operator.md", starts: "npx hardhat keystore set", why: "an interactive prompt for a secret" },
  {
    file: "docs/operator.md",
    starts: "npx hardhat ignition deploy deploy/modules/GaleonToken.ts --network sepolia",
    why: "Sepolia; the same modules are rehearsed on anvil by test/ts/e2e/check.test.ts",
  },
  {
    file: "docs/operator.md",
    starts: "npx hardhat ignition deploy deploy/modules/GaleonSuite.ts --network sepolia",
    why: "Sepolia; rehearsed on anvil by test/ts/e2e/check.test.ts",
  },
  { file: "docs/operator.md", starts: "npx hardhat ignition verify", why: "Etherscan (no internet here)" },
  { file: "docs/operator.md", starts: "npx hardhat --network sepolia", why: "Sepolia; check.test.ts on anvil" },
  { file: "docs/foreign-clients.md", starts: "", why: "run as written by test/ts/e2e/foreignClients.test.ts" },
  { file: "docs/indexer.md", starts: "", why: "run by the indexer's tests (indexer/test/)" },
  {
    file: "docs/dashboard.md",
    starts: "npm run stack",
    why: "a server until Ctrl-C: dashboard/test/dashboard.test.ts runs it (on free ports) and stops it with SIGINT",
  },
];

const skipped = (command: DocCommand) =>
  ELSEWHERE.find((e) => (e.file === "*" || e.file === command.file) && command.key.startsWith(e.starts));

/**
 * The pages in the order a reader runs them, one fresh node per scenario: the command line guide
 * deploys the local suite, then each persona's guide goes on on that chain; the DAO walkthrough
 * starts its own node.
 */
const SCENARIOS: { name: string; pages: string[] }[] = [
  {
    name: "the command line guide, then attestor, buyer, hospital, keeper and operator",
    pages: [
      "docs/command-line.md",
      "docs/attestor.md",
      "docs/buyer.md",
      "docs/hospital.md",
      "docs/keeper.md",
      "docs/operator.md",
      "docs/command-line.md#Large histories",
      "docs/dashboard.md#Seeding a node of your own",
    ],
  },
  { name: "the DAO walkthrough, to Executed", pages: ["docs/dao.md"] },
];

/** The sections that a scenario runs on their own (`page#section`), away from their page. */
const SEPARATE = new Set(SCENARIOS.flatMap((s) => s.pages).filter((p) => p.includes("#")));

/** The commands a scenario's page entry stands for: a whole page less its separate sections, or one section. */
async function entryCommands(entry: string): Promise<DocCommand[]> {
  const [file, section] = entry.split("#");
  const all = pageCommands(file, await readFile(path.join(ROOT, file), "utf8"));
  return section !== undefined
    ? all.filter((c) => c.section === section)
    : all.filter((c) => !SEPARATE.has(`${file}#${c.section}`));
}

/** Every page with shell commands; each must belong to a scenario or be run elsewhere. */
async function pagesWithCommands(): Promise<string[]> {
  const docs = (await readdir(path.join(ROOT, "docs"))).filter((f) => f.endsWith(".md")).map((f) => `docs/${f}`);
  const pages: string[] = [];
  for (const file of ["README.md", ...docs.sort()]) {
    if (pageCommands(file, await readFile(path.join(ROOT, file), "utf8")).length > 0) pages.push(file);
  }
  return pages;
}

interface Outcome {
  command: DocCommand;
  code: number;
  /** What it printed, stdout and stderr interleaved as a terminal shows them. */
  output: string;
}

/** Runs the commands in one bash, in order (shell variables carry over), and returns each outcome. */
async function runInBash(commands: DocCommand[], env: NodeJS.ProcessEnv, timeoutMs: number): Promise<Outcome[]> {
  const marker = `__galeon_docs_${process.pid}__`;
  const script = commands.map((c, i) => `{ ${c.text}\n} 2>&1\necho "${marker} ${i} $?"`).join("\n");
  const child = spawn("bash", ["--noprofile", "--norc", "-c", script], {
    cwd: ROOT,
    env,
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout.on("data", (d: Buffer) => (output += d.toString()));
  child.stderr.on("data", (d: Buffer) => (output += d.toString()));
  const timer = setTimeout(() => {
    try {
      process.kill(-child.pid!, "SIGKILL");
    } catch {
      // Already gone.
    }
  }, timeoutMs);
  await new Promise((resolve) => child.on("exit", resolve));
  clearTimeout(timer);
  const outcomes: Outcome[] = [];
  let rest = output;
  for (let i = 0; i < commands.length; i++) {
    const m = new RegExp(`${marker} ${i} (\\d+)\\n`).exec(rest);
    if (m === null) {
      outcomes.push({ command: commands[i], code: -1, output: `(not run to its end)\n${rest}` });
      rest = "";
      continue;
    }
    outcomes.push({ command: commands[i], code: Number(m[1]), output: rest.slice(0, m.index) });
    rest = rest.slice(m.index + m[0].length);
  }
  return outcomes;
}

/** Writes each command's real output into its page, in place of the one printed there. */
async function updatePages(outcomes: Outcome[]): Promise<void> {
  const byFile = new Map<string, Outcome[]>();
  for (const o of outcomes.filter((x) => x.command.outputAt !== undefined)) {
    const file = o.command.outputAt!.file;
    byFile.set(file, [...(byFile.get(file) ?? []), o]);
  }
  for (const [file, list] of byFile) {
    const lines = (await readFile(path.join(ROOT, file), "utf8")).split("\n");
    for (const o of list.sort((a, b) => b.command.outputAt!.from - a.command.outputAt!.from)) {
      const trimmed = o.output.replace(/\s+$/, "");
      const printed = trimmed === "" ? [] : trimmed.split("\n").map((l) => l.replace(/\s+$/, ""));
      lines.splice(o.command.outputAt!.from, o.command.outputAt!.to - o.command.outputAt!.from, ...printed);
    }
    await writeFile(path.join(ROOT, file), lines.join("\n"));
  }
}

/** The addresses a printed output names (fixed on a fresh node: the same deployer, the same order). */
const addressesIn = (text: string) =>
  new Set([...text.matchAll(/0x[0-9a-fA-F]{40}(?![0-9a-fA-F])/g)].map((m) => m[0].toLowerCase()));

/**
 * A printed line as it reads whatever the run: hexadecimal values (addresses, hashes, ids), numbers
 * (amounts, times, counts) and runs of spaces (table columns) made uniform. What stays are the
 * words, which a real run must print too: a page cannot say "never paid" where the command says
 * "active".
 */
const shape = (line: string) =>
  line
    .replace(/0x[0-9a-fA-F]+/g, "0x…")
    .replace(/[0-9][0-9,._:TZ-]*/g, "9")
    .replace(/\s+/g, " ")
    .trim();

/** The lines of a page's printed output whose words the real output lacks (see `shape`). */
export function unprintedLines(documented: readonly string[], real: string): string[] {
  const printed = new Set(real.split("\n").map(shape));
  return documented.filter((l) => shape(l) !== "" && !printed.has(shape(l)));
}

/** The paths the examples write in the repository, moved aside for the run and put back after. */
function writtenPaths(commands: DocCommand[]): string[] {
  const paths = new Set(["deploy/deployments/chain-31337"]);
  for (const c of commands) {
    for (const m of c.text.matchAll(/(?:>\s*|--out\s+)([\w.-]+\.\w+)/g)) paths.add(m[1]);
  }
  return [...paths];
}

describe("every example of the README and docs/ runs as written", function () {
  it("each page with shell commands is run here or names the test that runs it", async function () {
    const inScenarios = new Set(SCENARIOS.flatMap((s) => s.pages).map((p) => p.split("#")[0]));
    for (const page of await pagesWithCommands()) {
      const commands = pageCommands(page, await readFile(path.join(ROOT, page), "utf8"));
      const unrun = commands.filter((c) => !inScenarios.has(page) && skipped(c) === undefined);
      expect(unrun.map((c) => `${c.file}:${c.line} ${c.key}`)).to.deep.equal([]);
    }
  });

  it("a printed output is held to its words: another status than the command's is caught", function () {
    const real =
      "access id  0x43c7ba4b14a39049eccf3feeadd68c000c5fd3a6664d4e9f2a0b47d565705120\nstatus     active\nvalid now  yes\n";
    expect(unprintedLines(["access id  0x4c72", "status     active", "valid now  yes"], real)).to.deep.equal([]);
    expect(unprintedLines(["status     no such access (never paid)", "valid now  no"], real)).to.deep.equal([
      "status     no such access (never paid)",
      "valid now  no",
    ]);
    // Numbers and table widths may differ from run to run.
    expect(
      unprintedLines(["hospital 1    2000  2,000,000 tEURC"], "hospital 1  12000  12,000,000.5 tEURC"),
    ).to.deep.equal([]);
  });

  it("buyer.md's buyer access example shows the access its quote.json paid for, active", async function () {
    const commands = pageCommands("docs/buyer.md", await readFile(path.join(ROOT, "docs/buyer.md"), "utf8"));
    const access = commands.find((c) => c.key.startsWith("npx hardhat --network localnode buyer access"))!;
    const paid = commands.find((c) => /buyer pay .*--quote quote\.json$/.test(c.key) && !c.key.includes("--dry-run"))!;
    const id = /for access (0x[0-9a-f]{64})/.exec(paid.output!.join("\n"))![1];
    expect(access.output!.join("\n")).to.match(new RegExp(`^access id +${id}$`, "m"));
    expect(access.output!.join("\n")).to.match(/^status +active/m);
    expect(access.output!.join("\n")).to.match(/^valid now +yes$/m);
  });

  it("every entry of the list of commands run elsewhere still matches a command of its page", async function () {
    const all: DocCommand[] = [];
    for (const page of await pagesWithCommands()) {
      all.push(...pageCommands(page, await readFile(path.join(ROOT, page), "utf8")));
    }
    for (const entry of ELSEWHERE) {
      const matches = all.filter(
        (c) => (entry.file === "*" || c.file === entry.file) && c.key.startsWith(entry.starts),
      );
      expect(matches, `${entry.file}: ${entry.starts}`).to.not.be.empty;
    }
  });

  for (const kind of ["hardhat", "anvil"] as NodeKind[]) {
    for (const scenario of SCENARIOS) {
      it(`on a fresh ${kind} node: ${scenario.name}`, async function () {
        if (COVERAGE) this.skip(); // the instrumented build runs the same commands through the other e2e tests
        this.timeout(900_000);
        const commands: DocCommand[] = [];
        for (const entry of scenario.pages) commands.push(...(await entryCommands(entry)));
        const toRun = commands.filter((c) => skipped(c) === undefined);
        expect(toRun.length, "commands to run").to.be.greaterThan(3);

        const aside = await mkdtemp(path.join(os.tmpdir(), "galeon-docs-aside-"));
        const moved: string[] = [];
        const written = writtenPaths(toRun);
        for (const p of written) {
          if (existsSync(path.join(ROOT, p))) {
            await mkdir(path.dirname(path.join(aside, p)), { recursive: true });
            await rename(path.join(ROOT, p), path.join(aside, p));
            moved.push(p);
          }
        }
        const node = await startNode(kind);
        try {
          const env = {
            ...process.env,
            GALEON_RPC_URL: node.url,
            HARDHAT_IGNITION_CONFIRM_DEPLOYMENT: "true",
            NO_COLOR: "1",
          };
          const outcomes = await runInBash(toRun, env, 840_000);
          if (process.env.GALEON_DOCS_VERBOSE !== undefined) {
            for (const o of outcomes) {
              const first = o.output.split("\n").find((l) => l.trim() !== "") ?? "";
              console.log(`      ${o.command.file}:${o.command.line} exit ${o.code}: ${first.slice(0, 110)}`);
            }
          }
          if (process.env.GALEON_DOCS_UPDATE !== undefined && kind === "hardhat") await updatePages(outcomes);
          const wrong = outcomes.filter((o) => (expectsRefusal(o.command) ? o.code === 0 : o.code !== 0));
          const report = wrong.map(
            (o) =>
              `${o.command.file}:${o.command.line}: exit ${o.code}` +
              `${expectsRefusal(o.command) ? " (the page says it is refused)" : ""}\n$ ${o.command.text}\n${o.output.slice(-3_000)}`,
          );
          expect(report, report.join("\n\n")).to.deep.equal([]);
          const documented = process.env.GALEON_DOCS_UPDATE !== undefined ? [] : outcomes;
          for (const o of documented.filter((x) => x.command.output !== undefined && x.command.output.length > 0)) {
            const where = `${o.command.file}:${o.command.line}`;
            // A refusal says what the page says, up to its first part that varies from run to run.
            if (expectsRefusal(o.command)) {
              const stable = o.command.output![0].split(/\d{4}-\d\d-\d\dT|0x[0-9a-fA-F]{40}/)[0];
              expect(o.output, where).to.include(stable);
            }
            // Every line the page prints, the command prints, up to its numbers and hexadecimal values;
            // on the Hardhat node, the outputs' source (anvil says some things its own way, e.g. it
            // simulates at the earliest execution where the Hardhat node says "now").
            if (!expectsRefusal(o.command) && kind === "hardhat") {
              expect(
                unprintedLines(o.command.output!, o.output),
                `${where}: lines the page prints but the command does not:\n${o.output}`,
              ).to.deep.equal([]);
            }
            // Every address the page prints, the command prints (a fresh node deploys at the same addresses).
            const missing = [...addressesIn(o.command.output!.join("\n"))].filter((a) => !addressesIn(o.output).has(a));
            expect(missing, `${where}: addresses the page prints but the command does not:\n${o.output}`).to.deep.equal(
              [],
            );
          }
        } finally {
          await node.stop();
          for (const p of written) await rm(path.join(ROOT, p), { recursive: true, force: true });
          await removeDeployment("chain-31337"); // and Ignition's memory of this node
          for (const p of moved) {
            await mkdir(path.dirname(path.join(ROOT, p)), { recursive: true });
            await rename(path.join(aside, p), path.join(ROOT, p));
          }
          await rm(aside, { recursive: true, force: true });
        }
      });
    }
  }
});
