/**
 * The parameter files never rot: the parameters a suite module reads are collected from the module
 * itself (every `m.getParameter` of it and of its submodules), and each file must give every required
 * one, well-formed, and nothing the module does not read.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

import { expect } from "chai";
import { isAddress } from "ethers";

import GaleonSuiteModule from "../../../deploy/modules/GaleonSuite.js";
import LocalSuiteModule from "../../../deploy/modules/LocalSuite.js";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");

interface ModuleParameter {
  moduleId: string;
  name: string;
  required: boolean;
  defaultValue: unknown;
}

/** Every module parameter reachable from `module` (futures' arguments, submodules), by `moduleId.name`. */
function moduleParameters(module: object): Map<string, ModuleParameter> {
  const found = new Map<string, ModuleParameter>();
  const seen = new Set<unknown>();
  const visit = (value: unknown): void => {
    if (typeof value !== "object" || value === null || seen.has(value)) return;
    seen.add(value);
    const record = value as Record<string, unknown>;
    if (record.type === "MODULE_PARAMETER" && typeof record.name === "string") {
      const moduleId = String(record.moduleId);
      found.set(`${moduleId}.${record.name}`, {
        moduleId,
        name: record.name,
        required: record.defaultValue === undefined,
        defaultValue: record.defaultValue,
      });
      return;
    }
    const children = value instanceof Set || value instanceof Map ? [...value.values()] : Object.values(record);
    for (const child of children) visit(child);
  };
  visit(module);
  return found;
}

type ParameterFile = Record<string, Record<string, unknown>>;

function load(file: string): ParameterFile {
  return JSON.parse(readFileSync(path.join(ROOT, "deploy/parameters", file), "utf8")) as ParameterFile;
}

/** The value Ignition resolves for a parameter: the module's own, else `$global`'s. */
function resolve(file: ParameterFile, p: ModuleParameter): unknown {
  return file[p.moduleId]?.[p.name] ?? file.$global?.[p.name];
}

function expectWellFormed(p: ModuleParameter, value: unknown): void {
  const label = `${p.moduleId}.${p.name}`;
  const sample = p.defaultValue;
  const isAddressParam = /guardian$|attestor|Payout|uniswapFactory|stablecoin$|stablecoinPair|admin/.test(p.name);
  if (p.name === "recipients") {
    expect(value, label).to.be.an("array").that.is.not.empty;
    for (const a of value as unknown[]) expect(isAddress(a), `${label}: ${String(a)}`).to.equal(true);
  } else if (p.name === "amounts") {
    expect(value, label).to.be.an("array").that.is.not.empty;
    for (const a of value as unknown[]) expect(String(a), label).to.match(/^[1-9][0-9]*$/);
  } else if (isAddressParam) {
    expect(isAddress(value), `${label}: ${String(value)}`).to.equal(true);
  } else {
    // Integers (times in seconds, amounts in base units) are decimal strings.
    expect(String(value), label).to.match(/^[0-9]+$/);
    if (typeof sample === "bigint") expect(BigInt(String(value)) >= 0n, label).to.equal(true);
  }
}

for (const [file, module, name] of [
  ["sepolia.json", GaleonSuiteModule, "GaleonSuite"],
  ["local.json", LocalSuiteModule, "LocalSuite"],
] as const) {
  describe(`deploy/parameters/${file} gives ${name} every parameter it reads`, function () {
    const parameters = moduleParameters(module);
    const values = load(file);

    it(`collects ${name}'s parameters from the module itself`, function () {
      // The suite reads at least these; a module change that drops them would be a design change.
      for (const key of [
        "GaleonToken.recipients",
        "GaleonToken.amounts",
        `${name}.proposalThreshold`,
        `${name}.minDelay`,
        `${name}.attestor`,
        `${name}.galeonPayout`,
        `${name}.stablecoinLot`,
        `${name}.guardian`,
      ]) {
        expect(parameters.has(key), key).to.equal(true);
      }
    });

    it("sets every required parameter, well-formed", function () {
      const required = [...parameters.values()].filter((p) => p.required);
      expect(required.length).to.be.greaterThan(5);
      for (const p of required) {
        const value = resolve(values, p);
        expect(value, `${p.moduleId}.${p.name} missing from ${file}`).to.not.equal(undefined);
        expectWellFormed(p, value);
      }
    });

    it("sets nothing the module does not read", function () {
      const known = new Set(parameters.keys());
      const names = new Set([...parameters.values()].map((p) => p.name));
      for (const [moduleId, entries] of Object.entries(values)) {
        for (const key of Object.keys(entries)) {
          if (moduleId === "$global") expect(names.has(key), `$global.${key}`).to.equal(true);
          else expect(known.has(`${moduleId}.${key}`), `${moduleId}.${key}`).to.equal(true);
        }
      }
    });

    it("allocates the whole supply once: as many amounts as recipients, no duplicate", function () {
      const { recipients, amounts } = values.GaleonToken as { recipients: string[]; amounts: string[] };
      expect(amounts).to.have.length(recipients.length);
      expect(new Set(recipients.map((r) => r.toLowerCase())).size).to.equal(recipients.length);
      expect(amounts.reduce((sum, a) => sum + BigInt(a), 0n)).to.equal(1_000_000_000n * 10n ** 18n);
    });
  });
}

describe("deploy/parameters/sepolia.json is an example", function () {
  it("uses only obviously fake placeholder addresses (one repeated digit), each role its own", function () {
    const values = load("sepolia.json");
    const addresses: string[] = [];
    const collect = (v: unknown) => {
      if (typeof v === "string" && isAddress(v)) addresses.push(v.toLowerCase());
      else if (Array.isArray(v)) v.forEach(collect);
    };
    for (const entries of Object.values(values)) Object.values(entries).forEach(collect);
    expect(addresses.length).to.equal(8);
    for (const a of addresses) expect(a, a).to.match(/^0x([1-9])\1{39}$/);
    expect(new Set(addresses).size, "one placeholder per role").to.equal(addresses.length);
  });
});
