/**
 * The post-deployment check (`galeon check`): reads a deployed suite from the chain and proves that
 * every power belongs to the DAO timelock and to nobody else (no pending ownership transfer, no timelock
 * operation left behind by the deployment, the delay as configured), and that the wiring and the split
 * are the configured ones. Pure reads: it works on any node, with any provider, and sends nothing.
 */
import { type Provider, Contract, Interface, ZeroAddress, getAddress, id } from "ethers";

import { parseSplit as parseSharedSplit } from "./governance.js";

/** OpenZeppelin TimelockController roles (the same values as deploy/modules/Dao.ts). */
export const ROLES = {
  DEFAULT_ADMIN_ROLE: "0x" + "00".repeat(32),
  PROPOSER_ROLE: id("PROPOSER_ROLE"),
  EXECUTOR_ROLE: id("EXECUTOR_ROLE"),
  CANCELLER_ROLE: id("CANCELLER_ROLE"),
} as const;

const ROLE_NAMES: Record<string, string> = Object.fromEntries(Object.entries(ROLES).map(([k, v]) => [v, k]));

/** The timelock delay the suite is deployed with (`minDelay`'s default), in seconds. */
export const DEFAULT_MIN_DELAY = 2n * 86_400n;

/** The split the router is deployed with: hospitals / treasury / buy-back / Galeon, basis points. */
export const DEFAULT_SPLIT: Split = [4000, 3000, 2000, 1000];
export type Split = [number, number, number, number];

const ROLE_EVENTS = new Interface([
  "event RoleGranted(bytes32 indexed role, address indexed account, address indexed sender)",
  "event RoleRevoked(bytes32 indexed role, address indexed account, address indexed sender)",
  "event CallScheduled(bytes32 indexed id, uint256 indexed index, address target, uint256 value, bytes data, bytes32 predecessor, uint256 delay)",
]);
const OWNABLE = ["function owner() view returns (address)", "function pendingOwner() view returns (address)"];
const TIMELOCK = [
  "function hasRole(bytes32 role, address account) view returns (bool)",
  "function getMinDelay() view returns (uint256)",
  "function isOperationPending(bytes32 id) view returns (bool)",
];
const GOVERNOR = [
  "function timelock() view returns (address)",
  "function token() view returns (address)",
  "function proposalGuardian() view returns (address)",
  "function proposalGuardianExpiry() view returns (uint64)",
];
const ROUTER = [
  ...OWNABLE,
  "function payeeAddress(uint8 payee) view returns (address)",
  "function split() view returns (uint16, uint16, uint16, uint16)",
  "function guardian() view returns (address, uint64)",
];
const ESCROW = [
  ...OWNABLE,
  "function ROUTER() view returns (address)",
  "function guardian() view returns (address, uint64)",
];
const BURNER = [
  ...OWNABLE,
  "function parameters() view returns (uint256 hop, uint256 deviationBps, uint256 twapWindow, uint256 maxObservationAge, address router)",
  "function guardian() view returns (address, uint64)",
];

/**
 * The holders of every role of an OpenZeppelin AccessControl contract at `address`, rebuilt from its
 * `RoleGranted` / `RoleRevoked` events from `fromBlock` on (the deployment block: nothing can be
 * granted before the contract exists). Returns role → set of checksummed holders; a role whose
 * holders all left maps to an empty set.
 */
export async function timelockRoleHolders(
  provider: Pick<Provider, "getLogs">,
  address: string,
  fromBlock = 0,
): Promise<Map<string, Set<string>>> {
  const topics = [ROLE_EVENTS.getEvent("RoleGranted")!.topicHash, ROLE_EVENTS.getEvent("RoleRevoked")!.topicHash];
  const logs = await provider.getLogs({ address, fromBlock, toBlock: "latest", topics: [topics] });
  const ordered = [...logs].sort((a, b) => a.blockNumber - b.blockNumber || a.index - b.index);
  const holders = new Map<string, Set<string>>();
  for (const log of ordered) {
    const parsed = ROLE_EVENTS.parseLog(log)!;
    const role = parsed.args.role as string;
    const account = getAddress(parsed.args.account as string);
    const set = holders.get(role) ?? new Set<string>();
    if (parsed.name === "RoleGranted") set.add(account);
    else set.delete(account);
    holders.set(role, set);
  }
  return holders;
}

/**
 * The timelock operations that a proposer other than `governor` may have scheduled and that are still
 * pending (waiting or ready: anyone could execute a ready one). Role and `CallScheduled` events are replayed
 * in order from `fromBlock`: an operation scheduled while anyone but the Governor held the proposer role
 * (during the deployment, the deployer) must be executed or cancelled by the time the check runs.
 */
export async function pendingOperationsFromOthers(
  provider: Pick<Provider, "getLogs">,
  timelock: { isOperationPending(id: string): Promise<boolean> },
  address: string,
  governor: string,
  fromBlock = 0,
): Promise<string[]> {
  const topics = ["RoleGranted", "RoleRevoked", "CallScheduled"].map((n) => ROLE_EVENTS.getEvent(n)!.topicHash);
  const logs = await provider.getLogs({ address, fromBlock, toBlock: "latest", topics: [topics] });
  const ordered = [...logs].sort((a, b) => a.blockNumber - b.blockNumber || a.index - b.index);
  const proposers = new Set<string>();
  const suspicious = new Set<string>();
  for (const log of ordered) {
    const parsed = ROLE_EVENTS.parseLog(log)!;
    if (parsed.name === "CallScheduled") {
      if ([...proposers].some((p) => !same(p, governor))) suspicious.add(parsed.args.id as string);
    } else if (parsed.args.role === ROLES.PROPOSER_ROLE) {
      const account = getAddress(parsed.args.account as string);
      if (parsed.name === "RoleGranted") proposers.add(account);
      else proposers.delete(account);
    }
  }
  const pending: string[] = [];
  for (const operationId of suspicious) if (await timelock.isOperationPending(operationId)) pending.push(operationId);
  return pending;
}

/** The suite's addresses, as the deployment records them. */
export interface SuiteAddresses {
  token: string;
  timelock: string;
  governor: string;
  treasury: string;
  router: string;
  burner: string;
  /** The job escrow; absent from deployments made before it existed (its rows are then skipped). */
  escrow?: string;
}

export interface CheckExpectations {
  /** The split the router must have (default 4000/3000/2000/1000). */
  split?: Split;
  /** Galeon's configured payout address (the router's constructor argument), if known. */
  galeonPayout?: string;
  /** Accounts that must hold no role and own nothing: the deployer, and any other known account. */
  outsiders?: Array<{ label: string; address: string }>;
  /** The block the timelock was deployed in (the role events are read from there). */
  fromBlock?: number;
  /** The timelock delay the deployment configured, in seconds (default 2 days). */
  minDelay?: bigint;
}

export interface Check {
  /** What is checked, in a few words. */
  check: string;
  pass: boolean;
  /** What the chain says. */
  observed: string;
  /** What it should say. */
  expected: string;
}

const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();
const list = (set: Set<string> | undefined) => [...(set ?? [])].sort();
const show = (addresses: string[]) => (addresses.length === 0 ? "nobody" : addresses.join(", "));

/** Runs every check on the suite at `addresses`. Never throws for a failed check: it reports it. */
export async function checkSuite(
  provider: Provider,
  addresses: SuiteAddresses,
  expectations: CheckExpectations = {},
): Promise<Check[]> {
  const split = expectations.split ?? DEFAULT_SPLIT;
  const timelock = new Contract(addresses.timelock, TIMELOCK, provider);
  const governor = new Contract(addresses.governor, GOVERNOR, provider);
  const treasury = new Contract(addresses.treasury, OWNABLE, provider);
  const router = new Contract(addresses.router, ROUTER, provider);
  const burner = new Contract(addresses.burner, BURNER, provider);
  const checks: Check[] = [];
  const equal = (check: string, observed: string, expected: string) =>
    checks.push({ check, pass: same(observed, expected), observed, expected });

  // Owners.
  const [routerOwner, burnerOwner, treasuryOwner] = (await Promise.all([
    router.owner(),
    burner.owner(),
    treasury.owner(),
  ])) as string[];
  equal("router (and hospital registry) owner", routerOwner, addresses.timelock);
  equal("buy-back owner", burnerOwner, addresses.timelock);
  equal("treasury owner", treasuryOwner, addresses.timelock);

  // No ownership transfer left half done (two-step ownership: a pending owner could take the contract).
  const pendingOwners = (await Promise.all([
    router.pendingOwner(),
    burner.pendingOwner(),
    treasury.pendingOwner(),
  ])) as string[];
  const owned = ["router (and hospital registry)", "buy-back", "treasury"] as const;
  owned.forEach((name, i) =>
    checks.push({
      check: `${name} pending owner`,
      pass: pendingOwners[i] === ZeroAddress,
      observed: pendingOwners[i] === ZeroAddress ? "none" : pendingOwners[i],
      expected: "none",
    }),
  );

  // The job escrow (metered jobs): the timelock's, nothing pending.
  const escrow = addresses.escrow === undefined ? undefined : new Contract(addresses.escrow, ESCROW, provider);
  const escrowOwners =
    escrow === undefined ? undefined : ((await Promise.all([escrow.owner(), escrow.pendingOwner()])) as string[]);
  if (escrowOwners !== undefined) {
    equal("job escrow owner", escrowOwners[0], addresses.timelock);
    checks.push({
      check: "job escrow pending owner",
      pass: escrowOwners[1] === ZeroAddress,
      observed: escrowOwners[1] === ZeroAddress ? "none" : escrowOwners[1],
      expected: "none",
    });
  }

  // The timelock's roles, rebuilt from its events.
  const holders = await timelockRoleHolders(provider, addresses.timelock, expectations.fromBlock ?? 0);
  const expectedRoles: Record<string, string[]> = {
    [ROLES.DEFAULT_ADMIN_ROLE]: [getAddress(addresses.timelock)],
    [ROLES.PROPOSER_ROLE]: [getAddress(addresses.governor)],
    [ROLES.CANCELLER_ROLE]: [getAddress(addresses.governor)],
    [ROLES.EXECUTOR_ROLE]: [ZeroAddress],
  };
  for (const [role, want] of Object.entries(expectedRoles)) {
    const got = list(holders.get(role));
    checks.push({
      check: `timelock ${ROLE_NAMES[role]} holders`,
      pass: got.length === want.length && got.every((a, i) => same(a, want[i])),
      observed: show(got),
      expected: want[0] === ZeroAddress ? `${ZeroAddress} (anyone)` : show(want),
    });
  }
  const otherRoles = [...holders.entries()].filter(([role, set]) => !(role in expectedRoles) && set.size > 0);
  checks.push({
    check: "timelock: no other role granted",
    pass: otherRoles.length === 0,
    observed: otherRoles.length === 0 ? "none" : otherRoles.map(([r, s]) => `${r}: ${show(list(s))}`).join("; "),
    expected: "none",
  });

  // The delay the deployment configured (set by the handover batch), and nothing the deployer scheduled
  // while it was a proposer left for anyone to execute.
  const minDelay = (await timelock.getMinDelay()) as bigint;
  const wantDelay = expectations.minDelay ?? DEFAULT_MIN_DELAY;
  checks.push({
    check: "timelock min delay",
    pass: minDelay === wantDelay,
    observed: `${minDelay} s`,
    expected: `${wantDelay} s`,
  });
  const leftovers = await pendingOperationsFromOthers(
    provider,
    timelock as unknown as { isOperationPending(id: string): Promise<boolean> },
    addresses.timelock,
    addresses.governor,
    expectations.fromBlock ?? 0,
  );
  checks.push({
    check: "timelock: no operation pending from a proposer other than the Governor",
    pass: leftovers.length === 0,
    observed: leftovers.length === 0 ? "none" : `${leftovers.length} pending: ${leftovers.join(", ")}`,
    expected: "none",
  });

  // Outsiders (the deployer first) hold nothing, even a role granted without an event.
  for (const outsider of expectations.outsiders ?? []) {
    const held: string[] = [];
    for (const [name, role] of Object.entries(ROLES)) {
      if ((await timelock.hasRole(role, outsider.address)) as boolean) held.push(`timelock ${name}`);
    }
    for (const [name, owner, pendingOwner] of [
      ["router", routerOwner, pendingOwners[0]],
      ["buy-back", burnerOwner, pendingOwners[1]],
      ["treasury", treasuryOwner, pendingOwners[2]],
      ...(escrowOwners === undefined ? [] : ([["job escrow", escrowOwners[0], escrowOwners[1]]] as const)),
    ] as const) {
      if (same(owner, outsider.address)) held.push(`${name} owner`);
      if (same(pendingOwner, outsider.address)) held.push(`${name} pending owner`);
    }
    checks.push({
      check: `${outsider.label} holds no power`,
      pass: held.length === 0,
      observed: held.length === 0 ? `${outsider.address}: nothing` : `${outsider.address}: ${held.join(", ")}`,
      expected: "nothing",
    });
  }

  // The Governor's wiring.
  equal("governor's timelock", (await governor.timelock()) as string, addresses.timelock);
  equal("governor's token", (await governor.token()) as string, addresses.token);

  // The router pays the treasury, the buy-back and Galeon; the buy-back pulls from the router.
  equal("router pays treasury leg to", (await router.payeeAddress(0)) as string, addresses.treasury);
  equal("router pays buy-back leg to", (await router.payeeAddress(1)) as string, addresses.burner);
  const galeon = (await router.payeeAddress(2)) as string;
  if (expectations.galeonPayout === undefined) {
    checks.push({
      check: "router pays Galeon leg to",
      pass: galeon !== ZeroAddress,
      observed: galeon,
      expected: "a configured address",
    });
  } else {
    equal("router pays Galeon leg to", galeon, expectations.galeonPayout);
  }
  equal("buy-back pulls its leg from", ((await burner.parameters()) as { router: string }).router, addresses.router);

  // The split.
  const observedSplit = ((await router.split()) as bigint[]).map(Number);
  checks.push({
    check: "split hospitals/treasury/buy-back/Galeon (bps)",
    pass: observedSplit.every((v, i) => v === split[i]),
    observed: observedSplit.join("/"),
    expected: split.join("/"),
  });

  // One guardian, the same everywhere (its powers: pause, cancel proposals; they expire).
  const [routerGuardian, routerExpiry] = (await router.guardian()) as [string, bigint];
  const [burnerGuardian, burnerExpiry] = (await burner.guardian()) as [string, bigint];
  const governorGuardian = (await governor.proposalGuardian()) as string;
  const governorExpiry = (await governor.proposalGuardianExpiry()) as bigint;
  const seen = [
    `router ${routerGuardian} until ${routerExpiry}`,
    `buy-back ${burnerGuardian} until ${burnerExpiry}`,
    `governor ${governorGuardian === ZeroAddress ? "none (expired or removed)" : governorGuardian} until ${governorExpiry}`,
  ];
  checks.push({
    check: "one guardian and expiry on router, buy-back and governor",
    pass:
      same(routerGuardian, burnerGuardian) &&
      routerExpiry === burnerExpiry &&
      routerExpiry === governorExpiry &&
      (governorGuardian === ZeroAddress || same(governorGuardian, routerGuardian)),
    observed: seen.join("; "),
    expected: "the same guardian and expiry on all three",
  });

  // The job escrow settles through this router, and its guardian is the router's.
  if (escrow !== undefined) {
    equal("job escrow settles through", (await escrow.ROUTER()) as string, addresses.router);
    const [escrowGuardian, escrowExpiry] = (await escrow.guardian()) as [string, bigint];
    checks.push({
      check: "job escrow guardian and expiry as the router's",
      pass: same(escrowGuardian, routerGuardian) && escrowExpiry === routerExpiry,
      observed: `${escrowGuardian} until ${escrowExpiry}`,
      expected: `${routerGuardian} until ${routerExpiry}`,
    });
  }

  return checks;
}

/**
 * Parses `--split h,t,b,g` as `dao propose` does (`parseSplit` of governance.ts: percentages summing
 * to 100 or basis points summing to 10,000). Returns basis points, or undefined when malformed.
 */
export function tryParseSplit(text: string): Split | undefined {
  try {
    return parseSharedSplit(text);
  } catch {
    return undefined;
  }
}
