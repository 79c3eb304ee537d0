#!/usr/bin/env node
// Preflight: before Hardhat starts, checks the two things that break it with misleading advice.
//  - Node older than package.json's `engines.node` (Hardhat 3 needs >= 22.13).
//  - Hardhat's native EDR package for this platform missing from node_modules. `npm ci` under an
//    older Node silently skips it (its `engines` asks for Node >= 22), and Hardhat then says "Cannot
//    find native binding ... remove package-lock.json", which is wrong: the lock is fine.
// Prints ONE line saying what to run and exits 3 (environment); prints nothing when all is well.
// Usage: node scripts/ci/preflight.mjs [project-root]. The npm scripts run it first, and
// hardhat.config.ts calls `preflight()` so that `npx hardhat ...` gets the same line.
// Plain JavaScript that any Node since 14 parses: it must run under the Node it refuses.
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const HERE = path.dirname(fileURLToPath(import.meta.url));
const DEFAULT_ROOT = path.resolve(HERE, "../..");
const FIX_NODE = "source scripts/node22.sh";
const FIX_INSTALL = "source scripts/node22.sh && npm ci";

function readJson(file) {
  return JSON.parse(readFileSync(file, "utf8"));
}

/** The folder of package `name` as Node would resolve it from `fromDir`, or undefined. */
function findPackage(fromDir, name) {
  let dir = fromDir;
  for (;;) {
    const candidate = path.join(dir, "node_modules", name);
    if (existsSync(path.join(candidate, "package.json"))) return candidate;
    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

/** `a` >= `b` for dotted versions ("22.13.0"). */
function atLeast(a, b) {
  const pa = a.split(".").map(Number);
  const pb = b.split(".").map(Number);
  for (let i = 0; i < 3; i++) {
    if ((pa[i] || 0) !== (pb[i] || 0)) return (pa[i] || 0) > (pb[i] || 0);
  }
  return true;
}

/**
 * What is wrong with this environment, as one sentence that ends with the command to run, or
 * undefined when Hardhat can start. Every input can be faked (tests).
 * @param {{ root?: string, nodeVersion?: string, platform?: string, arch?: string }} [options]
 * @returns {string | undefined}
 */
export function diagnose(options = {}) {
  const root = options.root ?? DEFAULT_ROOT;
  const nodeVersion = options.nodeVersion ?? process.versions.node;
  const platform = options.platform ?? process.platform;
  const arch = options.arch ?? process.arch;

  const engines = existsSync(path.join(root, "package.json"))
    ? readJson(path.join(root, "package.json")).engines
    : undefined;
  const minimum = (/(\d+\.\d+\.\d+)/.exec((engines && engines.node) || "") || [])[1] ?? "22.13.0";
  const oldNode = !atLeast(nodeVersion, minimum);

  const edr = nativeEdrProblem(root, platform, arch);
  if (edr !== undefined && edr.notInstalled) return `the dependencies are not installed; run: ${FIX_INSTALL}`;
  if (oldNode) {
    return edr === undefined
      ? `Node ${nodeVersion} is older than the ${minimum} Hardhat 3 needs; run: ${FIX_NODE}`
      : `Node ${nodeVersion} is older than the ${minimum} Hardhat 3 needs and ${edr.text}; run: ${FIX_INSTALL}`;
  }
  if (edr !== undefined) {
    const why = edr.missing ? `, which npm ci skips under a Node older than ${minimum}` : "";
    return `${edr.text}${why}; run: ${FIX_INSTALL}`;
  }
  return undefined;
}

/** Why Hardhat's native EDR build cannot load here, or undefined. */
function nativeEdrProblem(root, platform, arch) {
  const hardhat = findPackage(root, "hardhat");
  const edr = hardhat === undefined ? undefined : findPackage(hardhat, "@nomicfoundation/edr");
  if (edr === undefined) return { notInstalled: true, text: "no node_modules/hardhat" };
  const { version, optionalDependencies = {} } = readJson(path.join(edr, "package.json"));
  // The native builds are named @nomicfoundation/edr-<platform>-<arch>[-<libc or abi>]; npm installs
  // only the one whose os, cpu and libc match this machine.
  const prefix = `@nomicfoundation/edr-${platform}-${arch}`;
  const candidates = Object.keys(optionalDependencies).filter((n) => n === prefix || n.startsWith(`${prefix}-`));
  if (candidates.length === 0) return { text: `Hardhat's EDR ${version} has no native build for ${platform}-${arch}` };
  const installed = candidates
    .map((name) => findPackage(edr, name))
    .filter((dir) => dir !== undefined)
    .map((dir) => readJson(path.join(dir, "package.json")));
  if (installed.length === 0) {
    return {
      missing: true,
      text: `node_modules lacks Hardhat's native EDR package for ${platform}-${arch} (${candidates.join(" or ")})`,
    };
  }
  if (!installed.some((pkg) => pkg.version === version)) {
    return {
      text: `node_modules holds ${installed[0].name}@${installed[0].version}, not the ${version} that EDR needs`,
    };
  }
  return undefined;
}

/** Prints the problem as one line on stderr and exits 3; returns when all is well. */
export function preflight(root = DEFAULT_ROOT) {
  const problem = diagnose({ root });
  if (problem === undefined) return;
  console.error(`error: ${problem}`);
  process.exit(3);
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  preflight(process.argv[2] === undefined ? DEFAULT_ROOT : path.resolve(process.argv[2]));
}
