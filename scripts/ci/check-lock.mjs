#!/usr/bin/env node
// Checks that package-lock.json can install on every platform: each optional dependency that a
// locked package declares (the per-platform native builds of EDR, esbuild, ...) must be locked too,
// at a version that satisfies the range. A lock made against a registry mirror that lacks some
// platform builds silently omits them, and `npm ci` then fails on macOS, Windows or ARM.
// Usage: node scripts/ci/check-lock.mjs [path/to/package-lock.json]
import { readFileSync } from "node:fs";

const lockPath = process.argv[2] ?? "package-lock.json";
const lock = JSON.parse(readFileSync(lockPath, "utf8"));
const packages = lock.packages ?? {};

/** Where Node's resolution finds `name` from the package installed at `from` (a lock key). */
function resolve(from, name) {
  let dir = from;
  for (;;) {
    const candidate = `${dir ? `${dir}/` : ""}node_modules/${name}`;
    if (packages[candidate]) return candidate;
    if (!dir) return undefined;
    const cut = dir.lastIndexOf("/node_modules/");
    dir = cut === -1 ? "" : dir.slice(0, cut);
  }
}

/** Exact versions and simple ranges (`1.2.3`, `^1.2.3`, `~1.2.3`, `>=1.2.3`); anything else passes. */
function satisfies(version, range) {
  const parse = (v) => v.split("-")[0].split(".").map(Number);
  const m = /^(\^|~|>=|=)?\s*(\d+\.\d+\.\d+(?:-[\w.]+)?)$/.exec(range.trim());
  if (!m) return true;
  const [op, base] = [m[1] ?? "=", m[2]];
  const [a, b] = [parse(version), parse(base)];
  const cmp = a[0] - b[0] || a[1] - b[1] || a[2] - b[2];
  if (op === "=") return version === base;
  if (op === ">=") return cmp >= 0;
  if (op === "~") return a[0] === b[0] && a[1] === b[1] && cmp >= 0;
  return (b[0] !== 0 ? a[0] === b[0] : a[0] === 0 && a[1] === b[1]) && cmp >= 0;
}

const missing = [];
let checked = 0;
for (const [key, pkg] of Object.entries(packages)) {
  for (const [name, range] of Object.entries(pkg.optionalDependencies ?? {})) {
    checked++;
    const found = resolve(key, name);
    if (!found) missing.push(`${key || "(root)"} needs ${name}@${range}: not in the lock`);
    else if (!satisfies(packages[found].version, range))
      missing.push(`${key || "(root)"} needs ${name}@${range}: the lock has ${packages[found].version}`);
  }
}
if (missing.length) {
  console.error(`${lockPath}: ${missing.length} platform package(s) missing; npm ci would fail on other machines:`);
  for (const line of missing) console.error(`  ${line}`);
  console.error("Regenerate the lock against a registry that has every platform build, or pin versions that do.");
  process.exit(1);
}
console.log(`${lockPath}: all ${checked} optional (platform) dependencies are locked`);
