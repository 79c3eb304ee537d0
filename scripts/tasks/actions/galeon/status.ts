/**
 * `galeon status`: the suite's figures, one section per component of the deployment.
 *
 * Extension points: each entry of `SECTIONS` reads one component and returns its JSON part and its
 * table rows, or `undefined` when the deployment lacks that component. The router's revenue comes
 * from a `StatusSource` (today its logs; an indexer later), the rest from views on chain.
 */
import { Interface } from "ethers";

import { formatAmount } from "../../../lib/amounts.js";
import { galeonAction } from "../../../lib/cli.js";
import type { CommonTaskArgs, TaskContext } from "../../../lib/context.js";
import { FUTURES } from "../../../lib/deployment.js";
import { EXIT } from "../../../lib/errors.js";
import { renderSections, type Section } from "../../../lib/output.js";
import { indexerHint } from "../../../lib/logs.js";
import { PAYEE, routerTokens } from "../../../lib/money.js";
import { LogRevenueSource, type StatusSource } from "../../../lib/statusSource.js";
import { knownTokens, tokenInfo, type TokenInfo } from "../../../lib/tokens.js";
import type { DataAccessRouter, GaleonToken, GaleonTreasury } from "../../../../typechain-types/index.js";

interface StatusSection {
  /** The key of this section in the JSON object. */
  key: string;
  data: Record<string, unknown>;
  table: Section;
  /** Lines printed after every section (follow-up commands). */
  footer?: string;
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

/**
 * Revenue per payment token and the split totals, summed from the router's `Purchased` events since
 * its deployment block by a `StatusSource` (the router's logs, scanned in chunks that shrink when a
 * node refuses them); what is still held in the router, per payee (hospitals: their credits minus
 * their `HospitalClaimed` payouts; the treasury, the buy-back and Galeon: `payeeBalance`, read on
 * chain for every token the router ever allowed), with the commands that move it.
 */
const routerSection: SectionReader = async (ctx) => {
  const deployment = await ctx.deployment();
  if (!deployment.has(FUTURES.router)) return undefined;
  const { connection } = await ctx.network();
  const provider = (await ctx.ethers()).provider;
  const router = await ctx.contract<DataAccessRouter>(FUTURES.router);
  const address = await router.getAddress();
  const fromBlock = deployment.deploymentBlock(FUTURES.router) ?? 0;
  const toBlock = await provider.getBlockNumber();
  const source: StatusSource = new LogRevenueSource(connection.provider);
  const revenue = await source.revenue({ router: address, fromBlock, toBlock });
  const hint = revenue.scan === undefined ? undefined : indexerHint(revenue.scan, "router events");
  if (hint !== undefined) console.error(hint);

  const tokens = new Map<string, TokenInfo>();
  for (const t of await routerTokens(ctx)) tokens.set(t.address, t);
  for (const t of revenue.tokens) {
    if (!tokens.has(t.token)) tokens.set(t.token, await tokenInfo(provider, t.token, EXIT.FAILED));
  }
  const rows: Array<[string, string]> = [];
  const perToken = [];
  const due = { treasury: false, buyback: false, galeon: false };
  for (const meta of tokens.values()) {
    const t = revenue.tokens.find((x) => x.token === meta.address);
    const parts = t?.parts ?? [0n, 0n, 0n, 0n];
    const claimed = t?.hospitalsClaimed ?? 0n;
    const payees = await Promise.all(
      [PAYEE.treasury, PAYEE.buyback, PAYEE.galeon].map((p) =>
        router.payeeBalance(p, meta.address, { blockTag: toBlock }),
      ),
    );
    if (t === undefined && payees.every((p) => p === 0n)) continue;
    const fmt = (v: bigint) => formatAmount(v, meta.decimals, meta.symbol);
    const claimable = { hospitals: parts[0] - claimed, treasury: payees[0], buyback: payees[1], galeon: payees[2] };
    due.treasury ||= payees[0] > 0n;
    due.buyback ||= payees[1] > 0n;
    due.galeon ||= payees[2] > 0n;
    perToken.push({
      token: meta.address,
      symbol: meta.symbol,
      decimals: meta.decimals,
      purchases: t?.purchases ?? 0,
      revenue: t?.revenue ?? 0n,
      split: { hospitals: parts[0], treasury: parts[1], buyback: parts[2], galeon: parts[3] },
      hospitalsClaimed: claimed,
      claimable,
    });
    rows.push(
      [`revenue in ${meta.symbol} (${plural(t?.purchases ?? 0, "purchase")})`, fmt(t?.revenue ?? 0n)],
      ["  to hospitals", fmt(parts[0])],
      ["  to the treasury", fmt(parts[1])],
      ["  to the buy-back", fmt(parts[2])],
      ["  to Galeon", fmt(parts[3])],
      [`held in the router for hospitals (unclaimed)`, fmt(claimable.hospitals)],
      [`held in the router for the treasury (uncollected)`, fmt(claimable.treasury)],
      [`held in the router for the buy-back (not yet bought back)`, fmt(claimable.buyback)],
      [`held in the router for Galeon (not withdrawn)`, fmt(claimable.galeon)],
    );
  }
  if (rows.length === 0) rows.push(["revenue", "no purchases yet"]);
  const next: string[] = [];
  if (due.treasury) next.push(`treasury: ${ctx.command(["treasury", "collect"], ctx.args.from)}`);
  if (due.buyback) next.push(`buy-back: ${ctx.command(["buyback", "run"], ctx.args.from)}`);
  if (due.galeon) next.push(`Galeon: ${ctx.command(["galeon", "withdraw"], ctx.args.from)}`);
  return {
    key: "router",
    data: { address, fromBlock, toBlock, tokens: perToken },
    table: { title: `Payments (router at ${address}), blocks ${fromBlock} to ${toBlock}`, rows },
    footer: next.length === 0 ? undefined : `Move what the router holds (anyone may):\n  ${next.join("\n  ")}`,
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

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? "" : "s"}`;
}

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
    text:
      `${header}\n\n${renderSections(sections.map((s) => s.table))}` +
      sections.map((s) => (s.footer === undefined ? "" : `\n\n${s.footer}`)).join(""),
  };
});
