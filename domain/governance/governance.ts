/**
 * DAO proposals for the command line: the actions file and the flags' parsers (pure, unit-tested),
 * encoding actions against the deployment's ABIs, rebuilding a proposal from its `ProposalCreated`
 * event (no local state) and decoding its calls back into words.
 */

import { Contract, type EventLog, FunctionFragment, Interface, type ParamType, type Provider } from "ethers";

import { parseAddress } from "../chain/addresses.js";
import { formatAmount } from "../amounts/amounts.js";
import { FUTURES } from "../chain/futures.js";
import { badInput } from "../errors/refusal.js";

/**
 * The deployed suite as the governance helpers read it: the contracts by Ignition future id, and
 * their ABIs (the command line's `Deployment` reads them from Ignition's files).
 */
export interface Deployment {
  readonly id: string;
  readonly addresses: Readonly<Record<string, string>>;
  has(futureIdOrName: string): boolean;
  address(futureIdOrName: string): string;
  abi(futureIdOrName: string): Promise<unknown[]>;
}

/** One action of an actions file, as written by people or by `attestor rotate`. */
export interface ActionSpec {
  /** The called address; may be omitted when `contract` names a contract of the deployment. */
  target?: string;
  /** A contract name of the deployment (`DataAccessRouter`, `GaleonTreasury`, ...), for the target and the ABI. */
  contract?: string;
  /** The function signature, e.g. `setAttestor(address)`. */
  function: string;
  /** The arguments, as JSON values (numbers as decimal strings, addresses as hex). */
  args: unknown[];
  /** Wei sent with the call, as a decimal string (default "0"). */
  value?: string;
}

export interface ActionsFile {
  description: string;
  actions: ActionSpec[];
}

/** An action ready for the Governor. */
export interface EncodedAction {
  target: string;
  value: bigint;
  calldata: string;
  /** For people: `DataAccessRouter.setAttestor(0x...)`. */
  summary: string;
}

/** Vote support values of OpenZeppelin's GovernorCountingSimple. */
export const SUPPORT = { against: 0, for: 1, abstain: 2 } as const;
export type SupportName = keyof typeof SUPPORT;

/** Parses `--support for|against|abstain` (case-insensitive) into the Governor's value. */
export function parseSupport(input: string | undefined): { name: SupportName; value: number } {
  const text = (input ?? "").trim().toLowerCase();
  if (!(text in SUPPORT)) {
    throw badInput(`--support must be for, against or abstain (got "${input ?? ""}")`);
  }
  const name = text as SupportName;
  return { name, value: SUPPORT[name] };
}

/**
 * Parses `--split h,t,b,g` (`dao propose` and `galeon check`): the hospitals', treasury's, buy-back's
 * and Galeon's shares, in one of two forms told apart by their sum: percentages summing to 100 (up to
 * two decimals, e.g. `40,30,20,10` or `45.5,24.5,20,10`), or whole basis points summing to 10,000
 * (`4000,3000,2000,1000`, as the router stores them). No split is valid in both forms. Returns basis
 * points, in the router's `setSplit` order. The router's other rule, the hospitals' floor of 40%, is
 * the router's to enforce (`dao propose` simulates it; `galeon check` compares with what is set).
 */
export function parseSplit(input: string, label = "--split"): [number, number, number, number] {
  const parts = input.split(",").map((p) => p.trim());
  if (parts.length !== 4) {
    throw badInput(
      `${label} "${input}" must be four percentages summing to 100 (e.g. 40,30,20,10), or four basis points` +
        ` summing to 10,000 (e.g. 4000,3000,2000,1000): hospitals,treasury,buyback,galeon`,
    );
  }
  parts.forEach((p, i) => {
    if (!/^[0-9]+(\.[0-9]{1,2})?$/.test(p)) {
      throw badInput(
        `${label} part ${i + 1} "${p}" is not a percentage with at most two decimals, nor a whole number of basis points`,
      );
    }
  });
  const integers = parts.every((p) => /^[0-9]+$/.test(p));
  const sum = parts.reduce((s, p) => s + Number(p), 0);
  if (integers && sum === 10_000) return parts.map(Number) as [number, number, number, number];
  const bps = parts.map((p) => {
    const [whole, fraction = ""] = p.split(".");
    return Number(whole) * 100 + Number(fraction.padEnd(2, "0"));
  });
  const total = bps.reduce((s, b) => s + b, 0);
  if (total === 10_000) return bps as [number, number, number, number];
  if (parts.every((p) => Number(p) <= 100)) throw badInput(`${label} "${input}" sums to ${total / 100}%, not 100%`);
  throw badInput(
    `${label} "${input}" sums to ${sum.toLocaleString("en-US")}: basis points must sum to 10,000, percentages to 100`,
  );
}

/** Parses a proposal id: a decimal (or 0x hexadecimal) uint256. */
export function parseProposalId(input: string | undefined): bigint {
  const text = (input ?? "").trim();
  if (!/^([0-9]+|0x[0-9a-fA-F]+)$/.test(text)) {
    throw badInput(`proposal id "${input ?? ""}" is not a number: copy it from dao propose or dao status`);
  }
  const id = BigInt(text);
  if (id >= 1n << 256n) throw badInput(`proposal id "${input}" is larger than 256 bits`);
  return id;
}

const where = (source: string, index?: number) => (index === undefined ? source : `${source}: action ${index + 1}`);

/**
 * Validates the parsed JSON of an actions file (`source` names it in errors): a non-empty
 * description, a non-empty list of actions, each with a function signature that parses, arguments
 * as many as its parameters, a target address or a contract name, and a whole-number value.
 */
export function parseActionsJson(json: unknown, source: string): ActionsFile {
  if (typeof json !== "object" || json === null || Array.isArray(json)) {
    throw badInput(`${source} must hold a JSON object with "description" and "actions"`);
  }
  const { description, actions } = json as { description?: unknown; actions?: unknown };
  if (typeof description !== "string" || description.trim() === "") {
    throw badInput(`${source} has no "description": say what the proposal does`);
  }
  if (!Array.isArray(actions) || actions.length === 0) {
    throw badInput(`${source} has no "actions": a proposal needs at least one`);
  }
  const parsed = actions.map((raw: unknown, i): ActionSpec => {
    if (typeof raw !== "object" || raw === null || Array.isArray(raw)) {
      throw badInput(`${where(source, i)} is not an object`);
    }
    const a = raw as Record<string, unknown>;
    if (typeof a.function !== "string" || a.function.trim() === "") {
      throw badInput(`${where(source, i)} has no "function" (e.g. "setAttestor(address)")`);
    }
    let fragment: FunctionFragment;
    try {
      fragment = FunctionFragment.from(a.function.trim());
    } catch {
      throw badInput(`${where(source, i)}: "${a.function}" is not a function signature like "setAttestor(address)"`);
    }
    const args = a.args ?? [];
    if (!Array.isArray(args)) throw badInput(`${where(source, i)}: "args" must be a list`);
    if (args.length !== fragment.inputs.length) {
      throw badInput(
        `${where(source, i)}: ${fragment.format("sighash")} takes ${fragment.inputs.length} arguments but "args"` +
          ` has ${args.length}`,
      );
    }
    if (a.contract !== undefined && (typeof a.contract !== "string" || a.contract.trim() === "")) {
      throw badInput(`${where(source, i)}: "contract" must be a contract name like "DataAccessRouter"`);
    }
    let target: string | undefined;
    if (a.target !== undefined && a.target !== null && a.target !== "") {
      if (typeof a.target !== "string") throw badInput(`${where(source, i)}: "target" must be an address`);
      target = parseAddress(a.target, { label: `${where(source, i)} target` });
    } else if (a.contract === undefined) {
      throw badInput(`${where(source, i)} needs a "target" address or a "contract" of the deployment`);
    }
    let value = "0";
    if (a.value !== undefined) {
      const text = typeof a.value === "number" ? String(a.value) : a.value;
      if (typeof text !== "string" || !/^[0-9]+$/.test(text)) {
        throw badInput(
          `${where(source, i)}: "value" must be a whole number of wei as a string (got ${String(a.value)})`,
        );
      }
      value = text;
    }
    return {
      ...(target === undefined ? {} : { target }),
      ...(a.contract === undefined ? {} : { contract: (a.contract as string).trim() }),
      function: fragment.format("sighash"),
      args,
      value,
    };
  });
  return { description, actions: parsed };
}

/** The deployment's contract at `address` (its bare future name), if any. */
export function contractNameAt(deployment: Deployment, address: string): string | undefined {
  const entry = Object.entries(deployment.addresses).find(([, a]) => a.toLowerCase() === address.toLowerCase());
  return entry?.[0].split("#").pop();
}

/** Short text of an argument for people (nested arrays too). */
export function showArg(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(showArg).join(", ")}]`;
  if (typeof value === "bigint") return value.toString();
  return String(value);
}

/**
 * Encodes the actions of a file for `propose`: targets from the deployment when only `contract` is
 * given, the function checked against the contract's ABI when it is a deployed contract, the
 * arguments encoded by their types (a bad argument is refused with its action's number).
 */
export async function encodeActions(specs: ActionSpec[], deployment: Deployment, source: string) {
  const encoded: EncodedAction[] = [];
  for (const [i, spec] of specs.entries()) {
    let target = spec.target;
    let name = spec.contract;
    if (spec.contract !== undefined) {
      if (!deployment.has(spec.contract)) {
        if (target === undefined) {
          throw badInput(`${where(source, i)}: deployment ${deployment.id} has no contract named ${spec.contract}`);
        }
      } else {
        const deployed = deployment.address(spec.contract);
        if (target !== undefined && target.toLowerCase() !== deployed.toLowerCase()) {
          throw badInput(
            `${where(source, i)}: target ${target} is not the deployment's ${spec.contract} (${deployed})`,
          );
        }
        target = deployed;
        const abi = new Interface((await deployment.abi(spec.contract)) as never);
        if (abi.getFunction(spec.function) === null) {
          throw badInput(`${where(source, i)}: ${spec.contract} has no function ${spec.function}`);
        }
      }
    }
    name ??= contractNameAt(deployment, target!) ?? target!;
    const iface = new Interface([`function ${spec.function}`]);
    const fragment = iface.getFunction(spec.function)!;
    let calldata: string;
    try {
      calldata = iface.encodeFunctionData(fragment, spec.args as never[]);
    } catch (error) {
      const reason = (error as { shortMessage?: string }).shortMessage ?? (error as Error).message;
      throw badInput(`${where(source, i)}: the arguments of ${spec.function} do not fit: ${reason.split("\n")[0]}`);
    }
    encoded.push({
      target: target!,
      value: BigInt(spec.value ?? "0"),
      calldata,
      summary: `${name}.${fragment.name}(${spec.args.map(showArg).join(", ")})`,
    });
  }
  return encoded;
}

/** A proposal as its `ProposalCreated` event recorded it. */
export interface ProposalRecord {
  proposalId: bigint;
  proposer: string;
  targets: string[];
  values: bigint[];
  calldatas: string[];
  description: string;
  voteStart: bigint;
  voteEnd: bigint;
  blockNumber: number;
}

export const PROPOSAL_CREATED =
  "event ProposalCreated(uint256 proposalId, address proposer, address[] targets, uint256[] values," +
  " string[] signatures, bytes[] calldatas, uint256 voteStart, uint256 voteEnd, string description)";

/** Every proposal the Governor at `address` recorded since `fromBlock`, oldest first. */
export async function proposals(provider: Provider, address: string, fromBlock: number): Promise<ProposalRecord[]> {
  const iface = new Interface([PROPOSAL_CREATED]);
  const event = iface.getEvent("ProposalCreated")!;
  const logs = await provider.getLogs({ address, fromBlock, toBlock: "latest", topics: [event.topicHash] });
  return logs.map((log) => {
    const a = iface.parseLog(log)!.args;
    return {
      proposalId: a.proposalId as bigint,
      proposer: a.proposer as string,
      targets: [...(a.targets as string[])],
      // `values` is also a method of ethers' Result: read the field by position.
      values: [...(a[3] as bigint[])],
      calldatas: [...(a.calldatas as string[])],
      description: a.description as string,
      voteStart: a.voteStart as bigint,
      voteEnd: a.voteEnd as bigint,
      blockNumber: (log as EventLog).blockNumber,
    };
  });
}

/** Symbol and decimals of the ERC-20 at an address, or undefined when it is none. */
export type TokenLookup = (address: string) => Promise<{ symbol: string; decimals: number } | undefined>;

const ERC20_METADATA = new Interface([
  "function symbol() view returns (string)",
  "function decimals() view returns (uint8)",
]);

/** A cached `TokenLookup` reading `symbol()` and `decimals()` on chain. */
export function tokenLookup(provider: Provider): TokenLookup {
  const cache = new Map<string, Promise<{ symbol: string; decimals: number } | undefined>>();
  return async (address) => {
    const key = address.toLowerCase();
    if (!cache.has(key)) {
      const token = new Contract(address, ERC20_METADATA, provider);
      cache.set(
        key,
        Promise.all([token.symbol() as Promise<string>, token.decimals() as Promise<bigint>]).then(
          ([symbol, decimals]) => ({ symbol, decimals: Number(decimals) }),
          () => undefined,
        ),
      );
    }
    return await cache.get(key)!;
  };
}

/** Parameter names, by what their numbers mean: amounts, basis points, instants, durations. */
const AMOUNT_PARAM = /amount|lot|threshold|value|balance/i;
const BPS_PARAM = /bps$/i;
const INSTANT_PARAM = /expiry|start|deadline|timestamp|until|eta/i;
const DURATION_PARAM = /delay|period|hop|window|duration|extension|age/i;

/** Seconds for people: "2 d 3 h", "30 min", "45 s". */
export function formatSeconds(value: bigint): string {
  let s = value;
  const parts: string[] = [];
  for (const [unit, size] of [
    ["d", 86_400n],
    ["h", 3_600n],
    ["min", 60n],
  ] as const) {
    if (s >= size) {
      parts.push(`${s / size} ${unit}`);
      s %= size;
    }
  }
  if (s > 0n || parts.length === 0) parts.push(`${s} s`);
  return parts.join(" ");
}

/**
 * The words of one decoded call: amounts in their token's units (the call's `token` argument, else
 * the called token itself, the Governor's threshold in $GALEON, `transferEth` in ETH), basis points in
 * percent, instants as dates, durations in days/hours, addresses named after the deployment's
 * contracts and tokens. Without `tokens`, amounts stay in base units.
 */
async function describeArgs(
  deployment: Deployment,
  target: string,
  fragment: FunctionFragment,
  args: readonly unknown[],
  tokens: TokenLookup | undefined,
): Promise<string[]> {
  const named = async (address: string) => {
    const token = tokens === undefined ? undefined : await tokens(address);
    const label = token?.symbol ?? contractNameAt(deployment, address);
    return label === undefined ? address : `${address} (${label})`;
  };
  let unit: { symbol: string; decimals: number } | undefined;
  if (tokens !== undefined) {
    const tokenArg = fragment.inputs.findIndex((p) => p.type === "address" && /token/i.test(p.name));
    if (tokenArg >= 0) unit = await tokens(String(args[tokenArg]));
    else if (fragment.name === "transferEth") unit = { symbol: "ETH", decimals: 18 };
    else if (contractNameAt(deployment, target) === "GaleonGovernor" && deployment.has(FUTURES.galeonToken)) {
      unit = await tokens(deployment.address(FUTURES.galeonToken));
    } else unit = await tokens(target);
  }
  const one = async (param: ParamType, value: unknown): Promise<string> => {
    if (param.baseType === "array" && Array.isArray(value)) {
      const child = param.arrayChildren!;
      return `[${(await Promise.all(value.map((v: unknown) => one(child, v)))).join(", ")}]`;
    }
    if (param.type === "address") return await named(String(value));
    if (param.baseType.startsWith("uint") && typeof value === "bigint") {
      if (BPS_PARAM.test(param.name)) return `${formatAmount(value, 2)}%`;
      if (INSTANT_PARAM.test(param.name)) return formatTime(value);
      if (DURATION_PARAM.test(param.name)) return formatSeconds(value);
      if (AMOUNT_PARAM.test(param.name) && unit !== undefined) return formatAmount(value, unit.decimals, unit.symbol);
    }
    return showArg(value);
  };
  return await Promise.all(fragment.inputs.map((param, i) => one(param, args[i])));
}

/**
 * Decodes one call of a proposal with the ABI of the deployment's contract at `target`. `args` stay
 * as on chain (base units, for `--json`); `summary` is for people, amounts in token units when
 * `tokens` is given (see `describeArgs`).
 */
export async function decodeAction(
  deployment: Deployment,
  target: string,
  value: bigint,
  calldata: string,
  tokens?: TokenLookup,
) {
  const name = contractNameAt(deployment, target);
  const sent = value === 0n ? "" : ` sending ${formatAmount(value, 18, "ETH")}`;
  if (name !== undefined) {
    try {
      const iface = new Interface((await deployment.abi(name)) as never);
      const parsed = iface.parseTransaction({ data: calldata, value });
      if (parsed !== null) {
        const args = parsed.args.toArray(true);
        const words = await describeArgs(deployment, target, parsed.fragment, args, tokens);
        return {
          target,
          contract: name,
          function: parsed.signature,
          args: args.map(showArg),
          value,
          summary: `${name}.${parsed.name}(${words.join(", ")})${sent}`,
        };
      }
    } catch {
      // Not this contract's function: shown raw below.
    }
  }
  return {
    target,
    contract: name ?? null,
    function: calldata.slice(0, 10),
    args: [] as string[],
    value,
    summary: `${name ?? target} call ${calldata.slice(0, 10)} (${(calldata.length - 10) / 2} bytes of arguments)${sent}`,
  };
}

export type DecodedAction = Awaited<ReturnType<typeof decodeAction>>;

/** A timestamp for people: ISO 8601 in UTC without milliseconds. */
export function formatTime(seconds: bigint | number): string {
  return new Date(Number(seconds) * 1000).toISOString().replace(".000Z", "Z");
}
