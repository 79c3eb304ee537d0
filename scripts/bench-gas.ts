/**
 * `npm run bench`: measures the gas of every user-facing operation on the in-process chain,
 * prints a table, writes `bench/gas.json` (a flat object key -> gas) and rewrites the README's gas
 * table between its markers. Budgets from the issues are checked here, not by timed tests.
 */
import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";

import { network } from "hardhat";

import { buybackBench } from "./bench/buyback.js";
import { daoBench } from "./bench/dao.js";
import { escrowBench } from "./bench/escrow.js";
import { routerBench } from "./bench/router.js";
import { tokenBench } from "./bench/token.js";
import { BENCH_START, type BenchSection, type GasRow } from "./bench/types.js";

const SECTIONS: Array<[string, BenchSection]> = [
  ["token", tokenBench],
  ["router", routerBench],
  ["escrow", escrowBench],
  ["buyback", buybackBench],
  ["dao", daoBench],
];

const START = "<!-- gas-table:start -->";
const END = "<!-- gas-table:end -->";

function fmt(n: bigint): string {
  return n.toLocaleString("en-US");
}

function renderTable(rows: GasRow[]): string {
  const lines = ["| operation | key | gas | target |", "|---|---|---:|---:|"];
  for (const r of rows) {
    const target = r.budget === undefined ? "" : `<= ${fmt(r.budget)}${r.gas > r.budget ? " **missed**" : ""}`;
    lines.push(`| ${r.label} | \`${r.key}\` | ${fmt(r.gas)} | ${target} |`);
  }
  return lines.join("\n");
}

const rows: GasRow[] = [];
for (const [name, section] of SECTIONS) {
  // Each section gets a fresh chain, so one section's state cannot skew another's numbers.
  const { ethers, networkHelpers } = await network.create();
  await networkHelpers.time.increaseTo(BENCH_START);
  const measured = await section({ ethers, networkHelpers });
  console.log(`measured ${name}: ${measured.length} operations`);
  rows.push(...measured);
}

const table = renderTable(rows);
console.log(`\n${table}\n`);

const json = Object.fromEntries(rows.map((r) => [r.key, Number(r.gas)]));
await mkdir("bench", { recursive: true });
await writeFile(path.join("bench", "gas.json"), JSON.stringify(json, null, 2) + "\n");

const readme = await readFile("README.md", "utf8");
const start = readme.indexOf(START);
const end = readme.indexOf(END);
if (start === -1 || end === -1) throw new Error(`README.md lacks the ${START} / ${END} markers`);
await writeFile("README.md", readme.slice(0, start + START.length) + "\n" + table + "\n" + readme.slice(end));
console.log("wrote bench/gas.json and the README gas table");

const missed = rows.filter((r) => r.budget !== undefined && r.gas > r.budget);
for (const r of missed) console.log(`over budget: ${r.key} ${fmt(r.gas)} > ${fmt(r.budget!)}`);
