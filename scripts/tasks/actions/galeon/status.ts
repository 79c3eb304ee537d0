/**
 * `galeon status`: the suite's figures, one section per component of the deployment.
 *
 * Extension points: each entry of `SECTIONS` reads one component and returns its JSON part and its
 * table rows, or `undefined` when the deployment lacks that component. Revenue per token and the
 * split totals (router), the buy-back's accrued amounts and the treasury balances plug in here as
 * their contracts land, without touching the token section or the printing.
 */
import { getAddress, Interface } from "ethers";

import { formatAmount } from "../../../lib/amounts.js";
import { galeonAction } from "../../../lib/cli.js";
import type { CommonTaskArgs, TaskContext } from "../../../lib/context.js";
import { FUTURES } from "../../../lib/deployment.js";
import { EXIT } from "../../../lib/errors.js";
import { renderSections, type Section } from "../../../lib/output.js";
import { knownTokens, tokenInfo, type TokenInfo } from "../../../lib/tokens.js";
import type { DataAccessRouter, GaleonToken, GaleonTreasury } from "../../../../typechain-types/index.js";

interface StatusSection {
  /** The key of this section in the JSON object. */
  key: string;
  data: Record<string, unknown>;
  table: Section;
}

type SectionReader = (ctx: TaskContext) => Promise<StatusSection | undefined>;

const ALLOCATED = new Interface(["event GaleonAllocated(address indexed recipient, uint256 amount)"]);

/**
 * The initial supply: the sum of the `GaleonAllocated` events of the token's deployment block (on
 * chain), or, when the node no longer has those logs, of the constructor amounts in the journal.
 */
async function initialSupply(ctx: TaskContext, address: string): Promise<{ value: bigint; source: string }> {
  const deployment = await ctx.deployment();
  const block = deployment.deploymentBlock(FUTURES.galeonToken);
  if (block !== undefined) {
    const ethers = await ctx.ethers();
    const topic = ALLOCATED.getEvent("GaleonAllocated")!.topicHash;
    const logs = await ethers.provider.getLogs({ address, fromBlock: block, toBlock: block, topics: [topic] });
    if (logs.length > 0) {
      const value = logs.reduce((sum, log) => sum + (ALLOCATED.parseLog(log)!.args.amount as bigint), 0n);
      return { value, source: "allocation events" };
    }
  }
  const amounts = deployment.constructorArgs(FUTURES.galeonToken)?.[1];
  if (Array.isArray(amounts)) {
    return { value: amounts.reduce((sum: bigint, a) => sum + BigInt(String(a)), 0n), source: "deployment parameters" };
  }
  throw new Error(`cannot tell the initial supply of $GALEON from deployment ${deployment.id}`);
}

const tokenSection: SectionReader = async (ctx) => {
  const token = await ctx.contract<GaleonToken>(FUTURES.galeonToken);
  const address = await token.getAddress();
  const [name, symbol, decimals, supply] = await Promise.all([
    token.name(),
    token.symbol(),
    token.decimals(),
    token.totalSupply(),
  ]);
  const initial = await initialSupply(ctx, address);
  const burned = initial.value - supply;
  const fmt = (v: bigint) => formatAmount(v, decimals, symbol);
  return {
    key: "token",
    data: {
      address,
      name,
      symbol,
      decimals: Number(decimals),
      initialSupply: initial.value,
      initialSupplySource: initial.source,
      totalSupply: supply,
      burned,
    },
    table: {
      title: `$${symbol} (${name}) at ${address}`,
      rows: [
        ["initial supply", fmt(initial.value)],
        ["current supply", fmt(supply)],
        ["burned", fmt(burned)],
      ],
    },
  };
};

const PAYEES = ["treasury", "buyback", "galeon"] as const;

/**
 * Revenue per payment token and the split totals, summed from the router's `Purchased` events since
 * its deployment block; what is still claimable in the router, per payee (the hospitals' part is
 * their credits minus their `HospitalClaimed` payouts).
 */
const routerSection: SectionReader = async (ctx) => {
  const deployment = await ctx.deployment();
  if (!deployment.has(FUTURES.router)) return undefined;
  const ethers = await ctx.ethers();
  const router = await ctx.contract<DataAccessRouter>(FUTURES.router);
  const address = await router.getAddress();
  const fromBlock = deployment.deploymentBlock(FUTURES.router) ?? 0;
  const [purchases, claims] = await Promise.all([
    router.queryFilter(router.filters.Purchased(), fromBlock),
    router.queryFilter(router.filters.HospitalClaimed(), fromBlock),
  ]);
  const tokens = new Map<string, TokenInfo>();
  for (const t of await knownTokens(ethers.provider, deployment)) tokens.set(t.address.toLowerCase(), t);
  const totals = new Map<string, { count: number; revenue: bigint; parts: bigint[]; claimed: bigint }>();
  const entry = (token: string) => {
    const key = token.toLowerCase();
    if (!totals.has(key)) totals.set(key, { count: 0, revenue: 0n, parts: [0n, 0n, 0n, 0n], claimed: 0n });
    return totals.get(key)!;
  };
  for (const log of purchases) {
    const e = entry(log.args.token);
    e.count += 1;
    e.revenue += log.args.amount;
    log.args.parts.forEach((p, i) => (e.parts[i] += p));
  }
  for (const log of claims) entry(log.args.token).claimed += log.args.amount;
  const rows: Array<[string, string]> = [];
  const perToken = [];
  for (const [key, t] of totals) {
    const meta = tokens.get(key) ?? (await tokenInfo(ethers.provider, getAddress(key), EXIT.BAD_INPUT));
    const fmt = (v: bigint) => formatAmount(v, meta.decimals, meta.symbol);
    const payees = await Promise.all(PAYEES.map((_, i) => router.payeeBalance(i, meta.address)));
    const claimable = {
      hospitals: t.parts[0] - t.claimed,
      treasury: payees[0],
      buyback: payees[1],
      galeon: payees[2],
    };
    perToken.push({
      token: meta.address,
      symbol: meta.symbol,
      decimals: meta.decimals,
      purchases: t.count,
      revenue: t.revenue,
      split: { hospitals: t.parts[0], treasury: t.parts[1], buyback: t.parts[2], galeon: t.parts[3] },
      hospitalsClaimed: t.claimed,
      claimable,
    });
    rows.push(
      [`revenue in ${meta.symbol} (${t.count} purchases)`, fmt(t.revenue)],
      ["  to hospitals", fmt(t.parts[0])],
      ["  to the treasury", fmt(t.parts[1])],
      ["  to the buy-back", fmt(t.parts[2])],
      ["  to Galeon", fmt(t.parts[3])],
      ["  still claimable by hospitals", fmt(claimable.hospitals)],
      ["  still claimable by the treasury", fmt(claimable.treasury)],
      ["  still claimable by the buy-back", fmt(claimable.buyback)],
      ["  still claimable by Galeon", fmt(claimable.galeon)],
    );
  }
  if (rows.length === 0) rows.push(["revenue", "no purchases yet"]);
  return {
    key: "router",
    data: { address, fromBlock, tokens: perToken },
    table: { title: `Payments (router at ${address}), from block ${fromBlock}`, rows },
  };
};

/** The treasury's balance of every token the deployment knows, and of ether. */
const treasurySection: SectionReader = async (ctx) => {
  const deployment = await ctx.deployment();
  if (!deployment.has(FUTURES.treasury)) return undefined;
  const ethers = await ctx.ethers();
  const treasury = await ctx.contract<GaleonTreasury>(FUTURES.treasury);
  const address = await treasury.getAddress();
  const tokens = await knownTokens(ethers.provider, deployment);
  const balances = await Promise.all(tokens.map((t) => treasury.balanceOf(t.address)));
  const eth = await treasury.ethBalance();
  return {
    key: "treasury",
    data: {
      address,
      balances: tokens.map((t, i) => ({
        token: t.address,
        symbol: t.symbol,
        decimals: t.decimals,
        balance: balances[i],
      })),
      eth,
    },
    table: {
      title: `Treasury at ${address}`,
      rows: [
        ...tokens.map((t, i): [string, string] => [t.symbol, formatAmount(balances[i], t.decimals, t.symbol)]),
        ["ether", formatAmount(eth, 18, "ETH")],
      ],
    },
  };
};

/** In display order. */
const SECTIONS: SectionReader[] = [tokenSection, routerSection, treasurySection];

export default galeonAction(async (_args: CommonTaskArgs, ctx) => {
  const deployment = await ctx.deployment();
  const { name } = await ctx.network();
  const sections: StatusSection[] = [];
  for (const read of SECTIONS) {
    const section = await read(ctx);
    if (section !== undefined) sections.push(section);
  }
  const header = `Galeon on network ${name} (chain ${deployment.chainId}), deployment ${deployment.id}`;
  return {
    data: {
      network: name,
      chainId: deployment.chainId,
      deploymentId: deployment.id,
      ...Object.fromEntries(sections.map((s) => [s.key, s.data])),
    },
    text: `${header}\n\n${renderSections(sections.map((s) => s.table))}`,
  };
});
