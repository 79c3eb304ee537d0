/**
 * Turns revert data into a sentence. Custom errors are decoded with the ABIs of every compiled
 * artifact (and the deployment's own artifacts), then phrased by `SENTENCES`; an error with no
 * sentence falls back to `ErrorName(arg=value, ...)`. `Error(string)` and panics are handled too.
 */
import { AbiCoder, ErrorFragment, Interface } from "ethers";

import { BASE_SENTENCES } from "./sentences/base.js";
import { BUYBACK_SENTENCES } from "./sentences/buyback.js";
import { DAO_SENTENCES } from "./sentences/dao.js";
import { ESCROW_SENTENCES } from "./sentences/escrow.js";
import { ROUTER_SENTENCES } from "./sentences/router.js";
import { type Sentence, type SentenceContext, sentenceContext } from "./sentences/say.js";

/**
 * Friendly sentences by error name, one file per area under `sentences/`: persona task authors add
 * their contracts' errors there. Amounts go through `say.amount` (token units).
 */
export const SENTENCES: Record<string, Sentence> = {
  ...BASE_SENTENCES,
  ...ROUTER_SENTENCES,
  ...BUYBACK_SENTENCES,
  ...DAO_SENTENCES,
  ...ESCROW_SENTENCES,
};

const PANICS: Record<number, string> = {
  0x01: "an assertion failed",
  0x11: "an arithmetic operation overflowed",
  0x12: "division by zero",
  0x21: "an invalid enum value",
  0x22: "a corrupt storage byte array",
  0x31: "pop on an empty array",
  0x32: "an array index out of bounds",
  0x41: "too much memory allocated",
  0x51: "a call to an uninitialised function",
};

const ERROR_STRING = "0x08c379a0";
const PANIC = "0x4e487b71";

/** The custom errors of a set of ABIs, deduplicated by signature. */
export class ErrorDecoder {
  readonly #iface: Interface;
  readonly #say: SentenceContext;

  /** `say` formats amounts (default: base units, as no token is known). */
  constructor(abis: Iterable<readonly unknown[]>, say: SentenceContext = sentenceContext()) {
    this.#say = say;
    const seen = new Map<string, ErrorFragment>();
    for (const abi of abis) {
      for (const item of abi) {
        if (typeof item !== "object" || item === null || (item as { type?: unknown }).type !== "error") continue;
        const fragment = ErrorFragment.from(item as never);
        seen.set(fragment.format("sighash"), fragment);
      }
    }
    this.#iface = new Interface([...seen.values()]);
  }

  /** A sentence for revert data, or undefined when the data is empty or unknown. */
  describe(data: string): string | undefined {
    if (!/^0x([0-9a-fA-F]{2})*$/.test(data) || data.length < 10) return undefined;
    const selector = data.slice(0, 10).toLowerCase();
    const payload = "0x" + data.slice(10);
    try {
      if (selector === ERROR_STRING) {
        const [reason] = AbiCoder.defaultAbiCoder().decode(["string"], payload);
        return `reverted: ${String(reason)}`;
      }
      if (selector === PANIC) {
        const [code] = AbiCoder.defaultAbiCoder().decode(["uint256"], payload);
        const n = Number(code);
        return `panic 0x${n.toString(16).padStart(2, "0")}: ${PANICS[n] ?? "unknown panic code"}`;
      }
      const parsed = this.#iface.parseError(data);
      if (parsed === null) return `an unknown custom error (selector ${selector})`;
      const sentence = SENTENCES[parsed.name];
      if (sentence !== undefined) return sentence(parsed.args, this.#say);
      const args = parsed.fragment.inputs.map((input, i) => `${input.name || i}=${String(parsed.args[i])}`);
      return `${parsed.name}(${args.join(", ")})`;
    } catch {
      return `undecodable revert data (selector ${selector})`;
    }
  }
}

/**
 * Finds revert data in an error thrown by ethers or a Hardhat provider: the first hex string of at
 * least a selector in `data`, `error`, `info`, `cause` (depth-limited, no cycles).
 */
export function findRevertData(error: unknown, depth = 0, seen = new Set<unknown>()): string | undefined {
  if (depth > 6 || typeof error !== "object" || error === null || seen.has(error)) return undefined;
  seen.add(error);
  const record = error as Record<string, unknown>;
  const data = record.data;
  if (typeof data === "string" && /^0x[0-9a-fA-F]{8}/.test(data)) return data;
  if (typeof data === "object" && data !== null) {
    const inner = (data as Record<string, unknown>).data;
    if (typeof inner === "string" && /^0x[0-9a-fA-F]{8}/.test(inner)) return inner;
  }
  for (const key of ["data", "error", "info", "cause", "revert"]) {
    const found = findRevertData(record[key], depth + 1, seen);
    if (found !== undefined) return found;
  }
  return undefined;
}
