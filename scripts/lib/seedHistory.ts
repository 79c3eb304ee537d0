/**
 * Seeds a local node's Galeon deployment (`LocalSuite`) with a history spread over days: purchases over
 * the hospitals (most in the test euro, some in $GALEON), hospital claims, buy-backs of both legs, and
 * metered jobs in the job escrow (when its address is given: settled below their lock, refunded after
 * their deadline, the last one left open), and optionally a DAO proposal voted through to execution and
 * a second one left pending. Used by
 * `npm run stack` (the dashboard's demo history), the dashboard's tests and the benchmarks.
 *
 * Local development nodes only (the Hardhat node or anvil): the node's unlocked development accounts
 * sign (deploy/parameters/local.json: 0 operator, 1 attestor, 2 buyer, 8 a second holder), the clock is
 * set block by block (`evm_setNextBlockTimestamp`) and purchases are mined many per block
 * (`evm_setAutomine`). Hospitals above the five `LocalSuite` registers are registered by the timelock,
 * impersonated (`hardhat_impersonateAccount`, which both nodes accept): a shortcut for measurements,
 * where the real suite would vote a proposal.
 */
import { id, JsonRpcProvider, JsonRpcSigner, keccak256, toUtf8Bytes, ZeroAddress, ZeroHash } from "ethers";

import {
  BuybackBurner__factory,
  DataAccessRouter__factory,
  GaleonGovernor__factory,
  GaleonToken__factory,
  GaleonTreasury__factory,
  JobEscrow__factory,
  TestStablecoin__factory,
} from "../../typechain-types/index.js";
import { packUsage, type Quote, signQuote } from "../../domain/quotes/quote.js";

const E6 = 10n ** 6n;
const E18 = 10n ** 18n;
const HOUR = 3_600;
/** Under `npm run coverage` the node runs instrumented contracts, which cost several times the gas. */
const GAS_FACTOR = process.env.HARDHAT_COVERAGE === "true" ? 5n : 1n;
const DAY = 86_400;

/** The development accounts of deploy/parameters/local.json that sign the seeded history. */
export const SEED_ACCOUNTS = {
  operator: "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266",
  attestor: "0x70997970C51812dc3A010C7d01b50e0d17dc79C8",
  buyer: "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC",
  holder: "0x23618e81E3f5cdF7f54C3d65f7FBc0aBf5B21E8f",
} as const;

/** The grantee of the seeded proposal: an address nobody holds, not a person. */
export const SEED_GRANTEE = "0x00000000000000000000000000000000000a11ce";

/** The contracts the seeding drives, by the part of their Ignition future id after `#`. */
export type SuiteAddresses = Record<
  "GaleonToken" | "TestEuro" | "DataAccessRouter" | "BuybackBurner" | "GaleonGovernor" | "GaleonTreasury",
  string
> & { JobEscrow?: string };

/** What seeded job `k` of `jobs` becomes: the last one stays open, every third from the second is refunded. */
export function seedJobFate(k: number, jobs: number): "settled" | "refunded" | "open" {
  return k === jobs - 1 ? "open" : k % 3 === 1 ? "refunded" : "settled";
}

export interface SeedOptions {
  /** Purchases to make (default 300). */
  purchases?: number;
  /** Hospitals 1..N that purchases name (default 5; those above 5 are registered first). */
  hospitals?: number;
  /** At most this many hospitals in one purchase's usage vector (default 3). */
  hospitalsPerPurchase?: number;
  /** One purchase in this many is paid in $GALEON (default 10; 0: none). */
  galeonEvery?: number;
  /** Hospital claims, spread over the history, each hospital in turn, every token (default 10). */
  claims?: number;
  /** Buy-backs of the test euro leg, spread over the history (default 4; each also burns the $GALEON leg). */
  buybacks?: number;
  /**
   * Metered jobs funded in the job escrow, in the test euro (default 4; only when `addresses.JobEscrow`
   * is given): see `seedJobFate`. A settled job pays 60 to 80% of its lock through the router (a purchase
   * too), a refunded one is refunded an hour after its 3-day deadline, the open one may be settled for 60 days.
   */
  jobs?: number;
  /** A treasury grant proposed, voted, queued and executed, and a second proposal left pending (default true). */
  proposal?: boolean;
  /** Days the history spans (default 30; the proposal alone needs about 12). */
  days?: number;
  /** Purchases mined in one block at most (default 40; 10 under coverage). */
  perBlock?: number;
  /** Progress lines (default: none). */
  log?: (line: string) => void;
}

export interface SeedSummary {
  purchases: number;
  hospitals: number;
  claims: number;
  buybacks: number;
  /** Metered jobs funded, and how they ended (settled jobs are purchases too, not counted in `purchases`). */
  jobs: { funded: number; settled: number; refunded: number; open: number };
  /** The executed proposal's id and the pending one's (when `proposal`). */
  proposals: bigint[];
  firstBlock: number;
  lastBlock: number;
  /** Unix seconds of the first and last seeded blocks. */
  from: number;
  to: number;
  ms: number;
}

/** A deterministic pseudo-random integer in [0, n) for index `i` (the same history every run). */
function pick(i: number, salt: number, n: number): number {
  const x = Math.sin((i + 1) * 12.9898 + salt * 78.233) * 43_758.5453;
  return Math.floor((x - Math.floor(x)) * n);
}

/** The usage vector of purchase `i`: 1..`most` distinct hospitals among 1..`hospitals`, ascending. */
function usageOf(i: number, hospitals: number, most: number): Array<[number, bigint]> {
  const size = 1 + pick(i, 1, Math.min(most, hospitals));
  const ids = new Set<number>();
  for (let k = 0; ids.size < size; k++) ids.add(1 + pick(i, 2 + k, hospitals));
  return [...ids].sort((a, b) => a - b).map((h, k) => [h, BigInt(1 + pick(i, 40 + k, 20))]);
}

/**
 * Seeds the history. The deployment must be `LocalSuite` as deployed (the operator still holds its
 * $GALEON); the history starts one hour after the latest block.
 */
export async function seedHistory(rpcUrl: string, addresses: SuiteAddresses, options: SeedOptions = {}) {
  const count = options.purchases ?? 300;
  const hospitals = options.hospitals ?? 5;
  const most = options.hospitalsPerPurchase ?? 3;
  const galeonEvery = options.galeonEvery ?? 10;
  const claims = options.claims ?? 10;
  const buybacks = options.buybacks ?? 4;
  const withProposal = options.proposal ?? true;
  const jobs = addresses.JobEscrow === undefined ? 0 : (options.jobs ?? 4);
  const days = options.days ?? 30;
  const perBlock = options.perBlock ?? (GAS_FACTOR > 1n ? 10 : 40);
  const log = options.log ?? (() => undefined);
  for (const [name, value] of Object.entries({ count, hospitals, most, claims, buybacks, jobs, days, perBlock })) {
    if (!Number.isInteger(value) || value < (["claims", "buybacks", "count", "jobs"].includes(name) ? 0 : 1))
      throw new Error(`seedHistory: ${name} must be a positive integer (got ${value})`);
  }

  const started = Date.now();
  const provider = new JsonRpcProvider(rpcUrl, undefined, { staticNetwork: true, cacheTimeout: -1, polling: true });
  provider.pollingInterval = 50;
  const send = (method: string, params: unknown[] = []) => provider.send(method, params);
  const signer = (address: string) => provider.getSigner(address);
  const [operator, attestor, buyer, holder] = await Promise.all([
    signer(SEED_ACCOUNTS.operator),
    signer(SEED_ACCOUNTS.attestor),
    signer(SEED_ACCOUNTS.buyer),
    signer(SEED_ACCOUNTS.holder),
  ]);
  const galeon = GaleonToken__factory.connect(addresses.GaleonToken, operator);
  const eurc = TestStablecoin__factory.connect(addresses.TestEuro, buyer);
  const router = DataAccessRouter__factory.connect(addresses.DataAccessRouter, buyer);
  const burner = BuybackBurner__factory.connect(addresses.BuybackBurner, buyer);
  const governor = GaleonGovernor__factory.connect(addresses.GaleonGovernor, operator);
  const treasury = GaleonTreasury__factory.connect(addresses.GaleonTreasury, operator);
  const chainId = (await provider.getNetwork()).chainId;
  const latest = async () => (await provider.getBlock("latest"))!;
  /** A revert's custom error by name, from the suite's ABIs. */
  const decode = (data: string) => {
    const escrowErrors =
      addresses.JobEscrow === undefined ? [] : [JobEscrow__factory.connect(addresses.JobEscrow, buyer)];
    for (const contract of [router, burner, governor, treasury, galeon, eurc, ...escrowErrors]) {
      const error = contract.interface.parseError(data);
      if (error !== null) return `${error.name}(${error.args.join(", ")})`;
    }
    return `revert data ${data}`;
  };

  /** Mines the transactions `sends` makes as one block at `timestamp`; throws on any failure. */
  let clock = (await latest()).timestamp;
  async function block(timestamp: number, sends: () => Promise<string[]>): Promise<void> {
    clock = Math.max(timestamp, clock + 1);
    await send("evm_setAutomine", [false]);
    let hashes: string[];
    try {
      hashes = await sends();
      await send("evm_setNextBlockTimestamp", [clock]);
      await send("evm_mine");
    } finally {
      await send("evm_setAutomine", [true]);
    }
    const receipts = await Promise.all(hashes.map((hash) => provider.getTransactionReceipt(hash)));
    for (const [k, hash] of hashes.entries()) {
      const receipt = receipts[k];
      if (receipt === null || receipt.status !== 1) {
        const tx = await provider.getTransaction(hash);
        if (receipt !== null && receipt.gasUsed === tx!.gasLimit) {
          throw new Error(`seedHistory: a transaction ran out of gas (${tx!.gasLimit}) at ${clock}`);
        }
        // Why it reverted: the revert data of the node's trace (both local nodes trace).
        let why = "no revert data";
        try {
          const trace = (await send("debug_traceTransaction", [
            hash,
            { disableStorage: true, disableMemory: true, disableStack: true },
          ])) as { returnValue?: string };
          const data = trace.returnValue ?? "";
          if (data !== "" && data !== "0x") why = decode(data.startsWith("0x") ? data : `0x${data}`);
        } catch {
          // No trace: the transaction alone.
        }
        throw new Error(`seedHistory: a transaction to ${tx!.to} failed at ${clock}: ${why}`);
      }
    }
  }
  /** Sends one call without waiting (mined by `block`); a fixed gas limit, no estimation. */
  const tx = (from: JsonRpcSigner, to: string, data: string, gasLimit = 1_000_000n) =>
    from.sendUncheckedTransaction({ to, data, gasLimit: gasLimit * GAS_FACTOR });

  const routerAddress = addresses.DataAccessRouter;
  const eurcAddress = addresses.TestEuro;
  const galeonAddress = addresses.GaleonToken;
  const start = clock + HOUR;
  const span = days * DAY;
  const firstBlock = (await latest()).number + 1;

  // Hospitals above those LocalSuite registers: registered by the impersonated timelock.
  const timelockAddress = await governor.timelock();
  for (let h = 1; h <= hospitals; h++) {
    if ((await router.payoutOf(h)) !== ZeroAddress) continue;
    await send("hardhat_impersonateAccount", [timelockAddress]);
    await send("hardhat_setBalance", [timelockAddress, "0x56bc75e2d63100000"]);
    const timelock = new JsonRpcSigner(provider, timelockAddress);
    // A payout address nobody holds, derived from the id: not a person.
    const payout = `0x${(0xb0b0000 + h).toString(16).padStart(40, "0")}`;
    await block(clock + 1, async () => [
      await tx(
        timelock,
        routerAddress,
        router.interface.encodeFunctionData("register", [
          h,
          payout,
          keccak256(toUtf8Bytes(`galeon-seed-hospital-${h}`)),
        ]),
      ),
    ]);
  }

  // The buyer's money: test euros minted (anyone may mint the test euro) and $GALEON from the operator.
  /** Job `k`'s lock: 10,000 test euros, 2,500 more for each job after the first. */
  const jobMax = (k: number) => (10_000n + 2_500n * BigInt(k)) * E6;
  let jobsTotal = 0n;
  for (let k = 0; k < jobs; k++) jobsTotal += jobMax(k);
  const totalEurc = 10_000n * E6 * BigInt(count + 1) + jobsTotal;
  await block(start, async () => [
    await tx(buyer, eurcAddress, eurc.interface.encodeFunctionData("mint", [SEED_ACCOUNTS.buyer, totalEurc])),
    await tx(buyer, eurcAddress, eurc.interface.encodeFunctionData("approve", [routerAddress, 2n ** 255n])),
    ...(jobs > 0
      ? [await tx(buyer, eurcAddress, eurc.interface.encodeFunctionData("approve", [addresses.JobEscrow!, 2n ** 255n]))]
      : []),
    await tx(
      operator,
      galeonAddress,
      galeon.interface.encodeFunctionData("transfer", [
        SEED_ACCOUNTS.buyer,
        100_000n * E18 * BigInt(Math.ceil(count / Math.max(galeonEvery, 1)) + 1),
      ]),
    ),
    await tx(buyer, galeonAddress, galeon.interface.encodeFunctionData("approve", [routerAddress, 2n ** 255n])),
    await tx(operator, galeonAddress, galeon.interface.encodeFunctionData("delegate", [SEED_ACCOUNTS.operator])),
    await tx(holder, galeonAddress, galeon.interface.encodeFunctionData("delegate", [SEED_ACCOUNTS.holder])),
  ]);

  // The plan: every action at its time, in time order.
  type Action = { at: number; order: number; run: () => Promise<void> };
  const plan: Action[] = [];
  const purchasesAt = (i: number) => start + HOUR + Math.floor(((i + 0.5) * (span - 2 * HOUR)) / Math.max(count, 1));
  /** Purchase `i`, its quote signed by the attestor at the current block time. */
  const signed = async (i: number) => {
    const inGaleon = galeonEvery > 0 && i % galeonEvery === galeonEvery - 1;
    const usage = usageOf(i, hospitals, most);
    // 50 to 5,000 test euros, in cents; in $GALEON 1,000 to 100,000 whole tokens.
    const amount = inGaleon
      ? BigInt(1_000 + 100 * pick(i, 7, 991)) * E18
      : BigInt(5_000 + pick(i, 9, 495_001)) * 10_000n;
    const at = BigInt(clock);
    const quote: Quote = {
      accessId: id(`galeon-seed-access-${chainId}-${routerAddress}-${start}-${i}`),
      buyer: SEED_ACCOUNTS.buyer,
      payer: SEED_ACCOUNTS.buyer,
      token: inGaleon ? galeonAddress : eurcAddress,
      amount,
      deadline: at + BigInt(30 * DAY),
      accessExpiry: at + BigInt(90 * DAY),
      usage: usage.map(([hospitalId, units]) => packUsage({ hospitalId, units })),
      jobHash: id(`galeon-seed-job-${i}`),
      permitId: id(`galeon-seed-permit-${i % 7}`),
      permitExpiry: at + BigInt(365 * DAY),
      renews: ZeroHash,
    };
    return { quote, signature: await signQuote(attestor, chainId, routerAddress, quote), usage };
  };
  const purchase = ({ quote, signature, usage }: Awaited<ReturnType<typeof signed>>) =>
    tx(
      buyer,
      routerAddress,
      router.interface.encodeFunctionData("purchase", [quote, signature, quote.amount]),
      300_000n + 60_000n * BigInt(usage.length),
    );

  // Purchases: mined together when within six hours of the block's first, at most `perBlock` a block.
  for (let i = 0; i < count; ) {
    const first = i;
    const at = purchasesAt(first);
    let last = first;
    while (last + 1 < count && last + 1 - first < perBlock && purchasesAt(last + 1) - at < 6 * HOUR) last++;
    i = last + 1;
    plan.push({
      at,
      order: 1,
      run: () =>
        block(at, async () => {
          // Signed at the block's time (the quotes' deadlines), sent in order (the buyer's nonces).
          const hashes: string[] = [];
          const quotes = await Promise.all(Array.from({ length: last - first + 1 }, (_, k) => signed(first + k)));
          for (const q of quotes) hashes.push(await purchase(q));
          return hashes;
        }),
    });
  }
  // Claims: hospitals in turn, every token they may hold.
  for (let k = 0; k < claims; k++) {
    const at = start + Math.floor(((k + 1) * span) / (claims + 1)) + 20 * 60;
    const hospital = 1 + (k % hospitals);
    plan.push({
      at,
      order: 2,
      run: () =>
        block(at, async () => [
          await tx(
            buyer,
            routerAddress,
            router.interface.encodeFunctionData("claimHospital", [hospital, [eurcAddress, galeonAddress]]),
          ),
        ]),
    });
  }
  /** Whether a purchase in $GALEON falls in [from, to) (the burner refuses to burn nothing). */
  const galeonBetween = (from: number, to: number) => {
    for (let i = galeonEvery - 1; galeonEvery > 0 && i < count; i += galeonEvery) {
      if (purchasesAt(i) >= from && purchasesAt(i) < to) return true;
    }
    return false;
  };
  let galeonBurnedAt = 0;
  // Buy-backs: a fresh price observation, the swap 31 minutes later (the TWAP window), and the
  // $GALEON leg burned directly.
  for (let k = 0; k < buybacks; k++) {
    const at = start + Math.floor(((k + 1) * span) / (buybacks + 1)) + 2 * HOUR;
    const burnGaleon = galeonBetween(galeonBurnedAt, at);
    if (burnGaleon) galeonBurnedAt = at;
    plan.push({
      at,
      order: 3,
      run: async () => {
        await block(at, async () => [
          await tx(
            buyer,
            addresses.BuybackBurner,
            burner.interface.encodeFunctionData("recordObservation", [eurcAddress]),
          ),
        ]);
        await block(at + 31 * 60, async () => [
          await tx(buyer, addresses.BuybackBurner, burner.interface.encodeFunctionData("execute", [eurcAddress])),
        ]);
        if (burnGaleon) {
          await block(at + 32 * 60, async () => [
            await tx(buyer, addresses.BuybackBurner, burner.interface.encodeFunctionData("execute", [galeonAddress])),
          ]);
        }
      },
    });
  }
  // Metered jobs: funded by the buyer, then settled by the attestor's settlement (submitted by the
  // buyer), refunded after the deadline, or left open.
  const jobCounts = { funded: jobs, settled: 0, refunded: 0, open: 0 };
  if (jobs > 0) {
    const escrowAddress = addresses.JobEscrow!;
    const escrow = JobEscrow__factory.connect(escrowAddress, buyer);
    for (let k = 0; k < jobs; k++) {
      const fate = seedJobFate(k, jobs);
      jobCounts[fate]++;
      const fundAt = start + Math.floor(((k + 1) * span) / (jobs + 1)) + 3 * HOUR;
      const maxAmount = jobMax(k);
      const jobHash = id(`galeon-seed-metered-job-${k}`);
      const salt = id(`galeon-seed-metered-salt-${chainId}-${escrowAddress}-${start}-${k}`);
      const settleBy = fundAt + (fate === "open" ? 60 : fate === "refunded" ? 3 : 7) * DAY;
      const terms = {
        buyer: SEED_ACCOUNTS.buyer,
        token: eurcAddress,
        maxAmount,
        autoSettleLimit: maxAmount,
        settleBy,
        jobHash,
        salt,
      };
      plan.push({
        at: fundAt,
        order: 5,
        run: () =>
          block(fundAt, async () => [
            await tx(buyer, escrowAddress, escrow.interface.encodeFunctionData("fund", [terms]), 400_000n),
          ]),
      });
      if (fate === "refunded") {
        const refundAt = settleBy + HOUR;
        plan.push({
          at: refundAt,
          order: 5,
          run: async () => {
            const lockId = await escrow.lockIdOf(SEED_ACCOUNTS.buyer, SEED_ACCOUNTS.buyer, jobHash, salt);
            await block(refundAt, async () => [
              await tx(buyer, escrowAddress, escrow.interface.encodeFunctionData("refund", [lockId]), 300_000n),
            ]);
          },
        });
      } else if (fate === "settled") {
        const settleAt = fundAt + 2 * DAY;
        // 60, 70 or 80% of the lock: the job used fewer records than quoted.
        const amount = (maxAmount * BigInt(60 + 10 * (k % 3))) / 100n;
        const usage = usageOf(count + k, hospitals, most);
        plan.push({
          at: settleAt,
          order: 5,
          run: async () => {
            const lockId = await escrow.lockIdOf(SEED_ACCOUNTS.buyer, SEED_ACCOUNTS.buyer, jobHash, salt);
            const at = BigInt(Math.max(settleAt, clock + 1));
            const quote: Quote = {
              accessId: lockId,
              buyer: SEED_ACCOUNTS.buyer,
              payer: escrowAddress,
              token: eurcAddress,
              amount,
              deadline: at + BigInt(DAY),
              accessExpiry: at + BigInt(90 * DAY),
              usage: usage.map(([hospitalId, units]) => packUsage({ hospitalId, units })),
              jobHash,
              permitId: id(`galeon-seed-permit-${k % 7}`),
              permitExpiry: at + BigInt(365 * DAY),
              renews: ZeroHash,
            };
            const signature = await signQuote(attestor, chainId, routerAddress, quote);
            await block(settleAt, async () => [
              await tx(
                buyer,
                escrowAddress,
                escrow.interface.encodeFunctionData("settle", [quote, signature, "0x"]),
                600_000n + 60_000n * BigInt(usage.length),
              ),
            ]);
          },
        });
      }
    }
  }
  // The DAO: a treasury grant of 1,000 test euros, from proposal to execution (2 days of delay, 7 of
  // voting, 2 in the timelock), then a second proposal left pending at the end.
  const proposals: bigint[] = [];
  /** `text`, or `text (2)`, ...: a description no proposal of these actions has used (seeding again). */
  const unused = async (text: string, targets: string[], calldatas: string[]) => {
    for (let n = 1; ; n++) {
      const description = n === 1 ? text : `${text} (${n})`;
      const proposalId = await governor.hashProposal(
        targets,
        targets.map(() => 0n),
        calldatas,
        id(description),
      );
      if ((await governor.proposalSnapshot(proposalId)) === 0n) return description;
    }
  };
  if (withProposal) {
    const proposeAt = start + Math.floor(span / 6);
    const targets = [addresses.GaleonTreasury];
    const values = [0n];
    const calldatas = [
      treasury.interface.encodeFunctionData("transferToken", [eurcAddress, SEED_GRANTEE, 1_000n * E6]),
    ];
    const description = await unused("Grant 1,000 tEURC from the treasury", targets, calldatas);
    const descriptionHash = id(description);
    const proposalId = await governor.hashProposal(targets, values, calldatas, descriptionHash);
    proposals.push(proposalId);
    const step = (at: number, data: () => string, from = operator, to = addresses.GaleonGovernor) =>
      plan.push({ at, order: 4, run: () => block(at, async () => [await tx(from, to, data())]) });
    step(proposeAt, () => governor.interface.encodeFunctionData("propose", [targets, values, calldatas, description]));
    step(proposeAt + 2 * DAY + HOUR, () =>
      governor.interface.encodeFunctionData("castVoteWithReason", [proposalId, 1, "fund the data programme"]),
    );
    step(
      proposeAt + 2 * DAY + 2 * HOUR,
      () => governor.interface.encodeFunctionData("castVote", [proposalId, 0]),
      holder,
    );
    step(proposeAt + 9 * DAY + 3 * HOUR, () =>
      governor.interface.encodeFunctionData("queue", [targets, values, calldatas, descriptionHash]),
    );
    // The treasury collects its 30% from the router (pull payments) before paying the grant.
    step(
      proposeAt + 11 * DAY + 3 * HOUR,
      () => treasury.interface.encodeFunctionData("collect", [routerAddress, [eurcAddress, galeonAddress]]),
      buyer,
      addresses.GaleonTreasury,
    );
    step(proposeAt + 11 * DAY + 4 * HOUR, () =>
      governor.interface.encodeFunctionData("execute", [targets, values, calldatas, descriptionHash]),
    );
  }
  plan.sort((a, b) => a.at - b.at || a.order - b.order);
  let blocks = 0;
  for (const action of plan) {
    await action.run();
    if (++blocks % 50 === 0) log(`${blocks} of ${plan.length} steps (${((Date.now() - started) / 1000).toFixed(0)} s)`);
  }
  if (withProposal) {
    const targets = [addresses.DataAccessRouter];
    const calldatas = [router.interface.encodeFunctionData("suspend", [hospitals])];
    const description = await unused(`Suspend hospital ${hospitals}`, targets, calldatas);
    proposals.push(await governor.hashProposal(targets, [0n], calldatas, id(description)));
    await block(clock + HOUR, async () => [
      await tx(
        operator,
        addresses.GaleonGovernor,
        governor.interface.encodeFunctionData("propose", [targets, [0n], calldatas, description]),
      ),
    ]);
  }
  const end = await latest();
  const first = (await provider.getBlock(firstBlock))!;
  provider.destroy();
  return {
    purchases: count,
    hospitals,
    claims,
    buybacks,
    jobs: jobCounts,
    proposals,
    firstBlock,
    lastBlock: end.number,
    from: first.timestamp,
    to: end.timestamp,
    ms: Date.now() - started,
  } satisfies SeedSummary;
}
