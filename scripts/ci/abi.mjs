#!/usr/bin/env node
// Writes abi/ from the build, for clients outside this repository (cast, ethers, viem, ...):
//   abi/<Contract>.json   the ABI of each contract of the suite (what it deploys: contracts/ without
//                         mocks, interfaces and libraries, and the OpenZeppelin contracts it deploys as
//                         they are, e.g. TimelockController)
//   abi/errors.json       every custom error by selector: signature, contracts, meaning (NatSpec), ABI
//   abi/events.json       every event by topic 0: the same
//   abi/errors.md         both tables, for people
// Usage: node scripts/ci/abi.mjs [--check] [--dir abi]   (after `npx hardhat build`; `npm run abi`
// does both)
// --check writes nothing, and fails (exit 1) naming each file of abi/ that differs from the build:
// `npm run lint` runs it. Reads only artifacts/: no network.
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

import { Interface } from "ethers";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const ARTIFACTS = path.join(ROOT, "artifacts");
const OUT = path.join(ROOT, "abi");
/** Sources under contracts/ that are not deployed as suite contracts. */
const NOT_SUITE = ["contracts/mocks/", "contracts/interfaces/", "contracts/libraries/"];

/** Every contract artifact of the build (build-info and test contracts left out). */
function artifacts() {
  const found = [];
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== "build-info") walk(full);
      } else if (entry.name.endsWith(".json") && !entry.name.endsWith(".dbg.json")) {
        const artifact = JSON.parse(readFileSync(full, "utf8"));
        if (artifact._format === "hh3-artifact-1") found.push(artifact);
      }
    }
  };
  walk(ARTIFACTS);
  return found;
}

function isSuiteContract(artifact) {
  const { sourceName, bytecode, abi } = artifact;
  if (sourceName.startsWith("test/")) return false;
  if (NOT_SUITE.some((prefix) => sourceName.startsWith(prefix))) return false;
  // Abstract contracts have no bytecode; a contract with an empty ABI offers nothing to call.
  return bytecode !== "0x" && abi.length > 0;
}

/** The NatSpec of every error and event of the build, by selector / topic (from the ASTs). */
function natspec(buildInfoIds) {
  const docs = new Map();
  const clean = (text) =>
    text
      .split(/\n\s*@(?:param|return)\b/)[0]
      .replace(/@(notice|dev)\s*/g, "")
      .replace(/\s+/g, " ")
      .trim();
  const visit = (node) => {
    if (node === null || typeof node !== "object") return;
    if (Array.isArray(node)) {
      for (const child of node) visit(child);
      return;
    }
    const selector =
      node.nodeType === "ErrorDefinition"
        ? node.errorSelector
        : node.nodeType === "EventDefinition"
          ? node.eventSelector
          : undefined;
    if (selector !== undefined && node.documentation?.text !== undefined) {
      const key = `0x${selector}`;
      if (!docs.has(key)) docs.set(key, clean(node.documentation.text));
    }
    for (const value of Object.values(node)) if (typeof value === "object") visit(value);
  };
  for (const id of buildInfoIds) {
    const file = path.join(ARTIFACTS, "build-info", `${id}.output.json`);
    if (!existsSync(file)) continue;
    const { output } = JSON.parse(readFileSync(file, "utf8"));
    for (const source of Object.values(output.sources ?? {})) visit(source.ast);
  }
  return docs;
}

const json = (value) => `${JSON.stringify(value, null, 2)}\n`;
const cell = (text) => String(text).replace(/\|/g, "\\|");

/** The files abi/ must hold, by name. */
export function generate() {
  if (!existsSync(ARTIFACTS)) throw new Error("no build in artifacts/: run `npx hardhat build` first");
  const suite = artifacts()
    .filter(isSuiteContract)
    .sort((a, b) => a.contractName.localeCompare(b.contractName));
  const names = suite.map((a) => a.contractName);
  const duplicate = names.find((n, i) => names.indexOf(n) !== i);
  if (duplicate !== undefined) throw new Error(`two suite contracts are named ${duplicate}`);

  const docs = natspec(new Set(suite.map((a) => a.buildInfoId).filter((id) => id !== undefined)));
  const errors = new Map();
  const events = new Map();
  const files = new Map();
  for (const artifact of suite) {
    files.set(`${artifact.contractName}.json`, json(artifact.abi));
    const iface = new Interface(artifact.abi);
    const add = (table, key, fragment) => {
      const entry = table.get(key) ?? {
        [fragment.type]: fragment.format("full").replace(/^(error|event) /, ""),
        signature: fragment.format("sighash"),
        contracts: [],
        meaning: docs.get(key) ?? "",
        abi: JSON.parse(fragment.format("json")),
      };
      entry.contracts.push(artifact.contractName);
      table.set(key, entry);
    };
    iface.forEachError((fragment) => add(errors, fragment.selector, fragment));
    iface.forEachEvent((fragment) => add(events, fragment.topicHash, fragment));
  }
  const sorted = (table) => Object.fromEntries([...table.entries()].sort(([a], [b]) => a.localeCompare(b)));
  const errorTable = sorted(errors);
  const eventTable = sorted(events);
  files.set("errors.json", json(errorTable));
  files.set("events.json", json(eventTable));

  const md = [
    "# Custom errors and events of the Galeon suite",
    "",
    "Generated from the build by `npm run abi` (`scripts/ci/abi.mjs`); `npm run lint` fails when it is",
    "stale. How to use it with cast, ethers and viem: [docs/foreign-clients.md](../docs/foreign-clients.md).",
    `Contracts: ${names.map((n) => `[${n}](${n}.json)`).join(", ")}.`,
    "",
    "A revert's data starts with the error's 4-byte selector; Solidity's own `Error(string)` (`0x08c379a0`,",
    "e.g. Uniswap V2's `UniswapV2: ...` messages) and `Panic(uint256)` (`0x4e487b71`) are not listed.",
    "",
    "## Errors by selector",
    "",
    "| selector | error | raised by | meaning |",
    "|---|---|---|---|",
    ...Object.entries(errorTable).map(
      ([selector, e]) => `| \`${selector}\` | \`${cell(e.error)}\` | ${e.contracts.join(", ")} | ${cell(e.meaning)} |`,
    ),
    "",
    "## Events by topic 0",
    "",
    "| topic 0 | event | emitted by | meaning |",
    "|---|---|---|---|",
    ...Object.entries(eventTable).map(
      ([topic, e]) => `| \`${topic}\` | \`${cell(e.event)}\` | ${e.contracts.join(", ")} | ${cell(e.meaning)} |`,
    ),
    "",
  ].join("\n");
  files.set("errors.md", md);
  return files;
}

/** Names of the files of abi/ that differ from `files` (missing, changed, or not generated). */
export function stale(files, dir = OUT) {
  const present = existsSync(dir) ? readdirSync(dir) : [];
  const differ = [];
  for (const [name, content] of files) {
    const file = path.join(dir, name);
    if (!existsSync(file) || readFileSync(file, "utf8") !== content) differ.push(name);
  }
  for (const name of present) if (!files.has(name)) differ.push(name);
  return differ.sort();
}

function main() {
  const check = process.argv.includes("--check");
  const dirAt = process.argv.indexOf("--dir");
  const dir = dirAt === -1 ? OUT : path.resolve(process.argv[dirAt + 1]);
  let files;
  try {
    files = generate();
  } catch (error) {
    console.error(`error: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(3);
  }
  const differ = stale(files, dir);
  if (check) {
    if (differ.length > 0) {
      console.error(
        `error: ${path.relative(ROOT, dir) || "."}/ is stale (${differ.join(", ")}): run npm run abi and commit abi/`,
      );
      process.exit(1);
    }
    console.log(`abi/: ${files.size} files match the build`);
    return;
  }
  mkdirSync(dir, { recursive: true });
  for (const name of readdirSync(dir)) if (!files.has(name)) rmSync(path.join(dir, name));
  for (const [name, content] of files) writeFileSync(path.join(dir, name), content);
  console.log(
    `abi/: ${files.size} files written${differ.length > 0 ? ` (${differ.length} changed)` : ", none changed"}`,
  );
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) main();
