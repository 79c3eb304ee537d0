/**
 * `galeon status`: the suite's figures, one section per component of the deployment.
 *
 * Extension points: each entry of `SECTIONS` reads one component and returns its JSON part and its
 * table rows, or `undefined` when the deployment lacks that component. The router's revenue comes
 * from a `StatusSource`: the router's logs, or the Galeon indexer with `--indexer URL` /
 * `GALEON_INDEXER_URL`; the rest from views on chain, all at one block (the chain's head, or the
 * indexer's block). With an indexer, what it served is checked against the chain at that block: the
 * supply and burned $GALEON, per token the payees' balances (split minus withdrawn vs `payeeBalance`),
 * the hospitals' (each hospital's vs `hospitalBalance`, their sum vs credited minus claimed), revenue
 * equal to its split, the router holding at least what is claimable, and the treasury's balances.
 */
import { Contract, Interface } from "ethers";

import { formatAmount } from "../../../../domain/amounts/amounts.js";
import { galeonAction } from "../../../lib/cli.js";
import type { CommonTaskArgs, TaskContext } from "../../../lib/context.js";
import { FUTURES } from "../../../../domain/chain/futures.js";
import { CliError, environmentError, EXIT } from "../../../../domain/errors/refusal.js";
import {
  behindNote,
  type IndexedHospitals,
  IndexerClient,
  IndexerRevenueSource,
  indexerUrl,
} from "../../../lib/indexer.js";
import { jobEscrow, openLocks } from "../../../lib/escrow.js";
import { renderSections, type Section } from "../../../lib/output.js";
import { indexerHint, scanLogs } from "../../../../domain/chain/logs.js";
import { PAYEE, PAYEE_LABEL, routerTokens } from "../../../lib/money.js";
import { LogRevenueSource, type RevenueTotals, type StatusSource } from "../../../../domain/statements/statusSource.js";
import { ERC20_ABI, tokenInfo, type TokenInfo } from "../../../../domain/amounts/tokens.js";
import { knownTokens } from "../../../lib/tokens.js";
import type { DataAccessRouter, GaleonToken, GaleonTreasury } from "../../../../typechain-types/index.js";

interface StatusSection {
  /** The key of this section in the JSON object. */
  key: string;
  data: Record<string, unknown>;
  table: Section;
  /** Lines printed after every section (follow-up commands). */
  footer?: string;
}

/** The block every section reads at, and what an indexer served (checked as the sections read the chain). */
interface StatusView {
  block: number;
  indexer?: IndexerRevenueSource;
  hospitals?: IndexedHospitals;
  /** What the checks compared (with an indexer). */
  checked: string[];
  /** Where the indexer and the chain differ (with an indexer), one sentence each. */
  failures: string[];
}

type SectionReader = (ctx: TaskContext, view: StatusView) => Promise<StatusSection | undefined>;

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

const tokenSection: SectionReader = async (ctx, view) => {
  const token = await ctx.contract<GaleonToken>(FUTURES.galeonToken);
  const address = await token.getAddress();
  const [name, symbol, decimals, supply] = await Promise.all([
    token.name(),
    token.symbol(),
    token.decimals(),
    token.totalSupply({ blockTag: view.block }),
  ]);
  const initial = await initialSupply(ctx, address);
  const burned = initial.value - supply;
  const fmt = (v: bigint) => formatAmount(v, decimals, symbol);
  const served = view.indexer?.served?.token;
  if (view.indexer !== undefined) {
    view.checked.push(`the supply of $${symbol}`);
    if (served === null || served === undefined) view.failures.push(`the indexer serves no $${symbol} supply`);
    else {
      if (BigInt(served.totalSupply) !== supply)
        view.failures.push(`supply: indexer ${fmt(BigInt(served.totalSupply))} vs chain ${fmt(supply)}`);
      if (BigInt(served.burned) !== burned)
        view.failures.push(`burned: indexer ${fmt(BigInt(served.burned))} vs chain ${fmt(burned)}`);
    }
  }
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
const routerSection: SectionReader = async (ctx, view) => {
  const deployment = await ctx.deployment();
  if (!deployment.has(FUTURES.router)) return undefined;
  const { connection } = await ctx.network();
  const provider = (await ctx.ethers()).provider;
  const router = await ctx.contract<DataAccessRouter>(FUTURES.router);
  const address = await router.getAddress();
  const fromBlock = deployment.deploymentBlock(FUTURES.router) ?? 0;
  const toBlock = view.block;
  const source: StatusSource = view.indexer ?? new LogRevenueSource(connection.provider);
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
    if (view.indexer !== undefined) await checkRouterToken(view, router, meta, t, payees, claimable.hospitals, fmt);
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

const EXECUTED = new Interface([
  "event BuybackExecuted(address indexed token, uint256 amountIn, uint256 galeonBurned, uint256 twapX112, uint256 minOut)",
]);

/**
 * The buy-back burner, per token: what it holds (pulled from the router, not yet spent), what it
 * spent and the $GALEON it burned with it (its `BuybackExecuted` events since its deployment block,
 * scanned like the router's). The router's section shows what still waits there for the buy-back.
 */
const buybackSection: SectionReader = async (ctx, view) => {
  const deployment = await ctx.deployment();
  if (!deployment.has(FUTURES.burner)) return undefined;
  const { connection } = await ctx.network();
  const provider = (await ctx.ethers()).provider;
  const address = deployment.address(FUTURES.burner);
  const tokens = new Map<string, TokenInfo>();
  for (const t of await knownTokens(provider, deployment)) tokens.set(t.address.toLowerCase(), t);
  if (deployment.has(FUTURES.router)) {
    for (const t of await routerTokens(ctx)) tokens.set(t.address.toLowerCase(), t);
  }
  const totals = new Map<string, { spent: bigint; burned: bigint; runs: number }>();
  const topic = EXECUTED.getEvent("BuybackExecuted")!.topicHash;
  await scanLogs(
    connection.provider,
    { address, topics: [topic] },
    { fromBlock: deployment.deploymentBlock(FUTURES.burner) ?? 0, toBlock: view.block },
    (logs) => {
      for (const log of logs) {
        const event = EXECUTED.parseLog(log)!;
        const key = String(event.args.token).toLowerCase();
        const total = totals.get(key) ?? { spent: 0n, burned: 0n, runs: 0 };
        total.spent += event.args.amountIn as bigint;
        total.burned += event.args.galeonBurned as bigint;
        total.runs += 1;
        totals.set(key, total);
      }
    },
  );
  const galeon = deployment.has(FUTURES.galeonToken) ? deployment.address(FUTURES.galeonToken).toLowerCase() : "";
  const galeonInfo = tokens.get(galeon);
  const fmtGaleon = (v: bigint) =>
    galeonInfo === undefined ? `${v} base units of $GALEON` : formatAmount(v, galeonInfo.decimals, galeonInfo.symbol);
  const rows: Array<[string, string]> = [];
  const perToken = [];
  for (const meta of tokens.values()) {
    const held = (await new Contract(meta.address, ERC20_ABI, provider).balanceOf(address, {
      blockTag: view.block,
    })) as bigint;
    const total = totals.get(meta.address.toLowerCase()) ?? { spent: 0n, burned: 0n, runs: 0 };
    if (held === 0n && total.runs === 0) continue;
    const fmt = (v: bigint) => formatAmount(v, meta.decimals, meta.symbol);
    perToken.push({
      token: meta.address,
      symbol: meta.symbol,
      decimals: meta.decimals,
      held,
      spent: total.spent,
      galeonBurned: total.burned,
      runs: total.runs,
    });
    rows.push(
      [`${meta.symbol} held by the burner (not yet spent)`, fmt(held)],
      [`${meta.symbol} spent (${plural(total.runs, "run")})`, fmt(total.spent)],
      [`  $GALEON burned with it`, fmtGaleon(total.burned)],
    );
  }
  if (rows.length === 0) rows.push(["buy-back", "nothing received yet"]);
  return {
    key: "buyback",
    data: { address, tokens: perToken },
    table: { title: `Buy-back (burner at ${address})`, rows },
  };
};

/** The treasury's balance of every token the deployment knows, and of ether. */
const treasurySection: SectionReader = async (ctx, view) => {
  const deployment = await ctx.deployment();
  if (!deployment.has(FUTURES.treasury)) return undefined;
  const ethers = await ctx.ethers();
  const treasury = await ctx.contract<GaleonTreasury>(FUTURES.treasury);
  const address = await treasury.getAddress();
  const tokens = await knownTokens(ethers.provider, deployment);
  const balances = await Promise.all(tokens.map((t) => treasury.balanceOf(t.address, { blockTag: view.block })));
  const eth = await treasury.ethBalance({ blockTag: view.block });
  const served = view.indexer?.served?.treasury;
  if (served !== undefined) {
    view.checked.push("the treasury's balances");
    tokens.forEach((t, i) => {
      const b = served.balances.find((x) => x.token.toLowerCase() === t.address.toLowerCase());
      if (b !== undefined && BigInt(b.balance) !== balances[i]) {
        const fmt = (v: bigint) => formatAmount(v, t.decimals, t.symbol);
        view.failures.push(`treasury ${t.symbol}: indexer ${fmt(BigInt(b.balance))} vs chain ${fmt(balances[i])}`);
      }
    });
    if (BigInt(served.eth) !== eth) {
      view.failures.push(
        `treasury ether: indexer ${formatAmount(BigInt(served.eth), 18, "ETH")} vs chain ${formatAmount(eth, 18, "ETH")}`,
      );
    }
  }
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

/**
 * Checks one token of what the indexer served against the router on chain at the view's block: revenue
 * equal to its split; each payee's split minus what it withdrew equal to `payeeBalance`; each
 * hospital's balance equal to `hospitalBalance`, and their sum to credited minus claimed; the router
 * holding at least everything claimable.
 */
async function checkRouterToken(
  view: StatusView,
  router: DataAccessRouter,
  meta: TokenInfo,
  t: RevenueTotals | undefined,
  payees: bigint[],
  hospitalsClaimable: bigint,
  fmt: (v: bigint) => string,
): Promise<void> {
  const served = view.indexer!.served!.router.tokens.find((x) => x.token.toLowerCase() === meta.address.toLowerCase());
  view.checked.push(`${meta.symbol} held for hospitals and payees`);
  if (t !== undefined && t.parts.reduce((a, b) => a + b, 0n) !== t.revenue) {
    view.failures.push(`${meta.symbol} revenue ${fmt(t.revenue)} is not the sum of its split`);
  }
  const withdrawn = served?.withdrawn ?? { treasury: "0", buyback: "0", galeon: "0" };
  const split = served?.split ?? { hospitals: "0", treasury: "0", buyback: "0", galeon: "0" };
  (["treasury", "buyback", "galeon"] as const).forEach((name, i) => {
    const indexed = BigInt(split[name]) - BigInt(withdrawn[name]);
    if (indexed !== payees[i]) {
      view.failures.push(
        `${meta.symbol} held for ${PAYEE_LABEL[name]}: indexer ${fmt(indexed)} vs chain ${fmt(payees[i])}`,
      );
    }
  });
  let sum = 0n;
  for (const h of view.hospitals?.hospitals ?? []) {
    const b = h.balances.find((x) => x.token.toLowerCase() === meta.address.toLowerCase());
    const indexed = BigInt(b?.balance ?? 0);
    const onChain = await router.hospitalBalance(h.id, meta.address, { blockTag: view.block });
    sum += onChain;
    if (indexed !== onChain) {
      view.failures.push(`hospital ${h.id} ${meta.symbol}: indexer ${fmt(indexed)} vs chain ${fmt(onChain)}`);
    }
  }
  if (sum !== hospitalsClaimable) {
    view.failures.push(
      `${meta.symbol} held for hospitals: indexer ${fmt(hospitalsClaimable)} vs the sum of hospitalBalance on chain ${fmt(sum)}`,
    );
  }
  const held = await new Contract(meta.address, ERC20_ABI, router.runner).balanceOf(await router.getAddress(), {
    blockTag: view.block,
  });
  const claimable = hospitalsClaimable + payees[0] + payees[1] + payees[2];
  if (held < claimable) {
    view.failures.push(`the router holds ${fmt(held)}, less than the ${fmt(claimable)} the indexer says is claimable`);
  }
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? "" : "s"}`;
}

/** The job escrow (metered jobs): open locks and what they hold, with `committed` on chain. */
const escrowSection: SectionReader = async (ctx, view) => {
  const locks = await openLocks(ctx, view.block);
  if (locks === undefined) return undefined;
  const escrow = await jobEscrow(ctx);
  const provider = (await ctx.ethers()).provider;
  const tokens = await Promise.all([...locks.byToken.keys()].map((t) => tokenInfo(provider, t)));
  const held = tokens.map((t) => ({ ...t, locked: locks.byToken.get(t.address)! }));
  const committed = await Promise.all(tokens.map((t) => escrow.committed(t.address, { blockTag: view.block })));
  return {
    key: "escrow",
    data: {
      address: locks.address,
      openLocks: locks.open,
      tokens: held.map((t, i) => ({
        token: t.address,
        symbol: t.symbol,
        decimals: t.decimals,
        locked: t.locked,
        committed: committed[i],
      })),
    },
    table: {
      title: `Job escrow at ${locks.address}`,
      rows: [
        ["open locks", String(locks.open)],
        ...held.map((t): [string, string] => [`locked in ${t.symbol}`, formatAmount(t.locked, t.decimals, t.symbol)]),
      ],
    },
  };
};

/** In display order. */
const SECTIONS: SectionReader[] = [tokenSection, routerSection, buybackSection, treasurySection, escrowSection];

interface StatusArgs extends CommonTaskArgs {
  indexer?: string;
}

export default galeonAction(async (args: StatusArgs, ctx) => {
  const indexer = indexerUrl(args.indexer);
  const deployment = await ctx.deployment();
  const { name, connection } = await ctx.network();
  const view: StatusView = { block: await (await ctx.ethers()).provider.getBlockNumber(), checked: [], failures: [] };
  let note: string | undefined;
  if (indexer !== undefined) {
    // The indexer's block first: every section then reads the chain at that block. Its totals and
    // hospitals must describe the same block (asked again if it indexed a block in between).
    const router = deployment.has(FUTURES.router) ? deployment.address(FUTURES.router) : "";
    let source: IndexerRevenueSource | undefined;
    for (let attempt = 1; source === undefined; attempt++) {
      const candidate = new IndexerRevenueSource(
        new IndexerClient(indexer),
        { chainId: deployment.chainId, deploymentId: deployment.id },
        connection.provider,
      );
      await candidate.revenue({ router, fromBlock: 0, toBlock: view.block });
      view.hospitals = await candidate.client.get<IndexedHospitals>("/api/hospitals");
      if (view.hospitals.block.number === candidate.at!.block.number) source = candidate;
      else if (attempt === 3) {
        throw environmentError(`the indexer at ${indexer} indexed new blocks while answering, three times: run again`);
      }
    }
    view.indexer = source;
    view.block = source.at!.block.number;
    note =
      behindNote(indexer, source.at!) ??
      `read from the indexer at ${indexer}, at the chain's head (block ${view.block})`;
  }
  const sections: StatusSection[] = [];
  for (const read of SECTIONS) {
    const section = await read(ctx, view);
    if (section !== undefined) sections.push(section);
  }
  const header = `Galeon on network ${name} (chain ${deployment.chainId}), deployment ${deployment.id}`;
  const reconciled = view.failures.length === 0;
  const check =
    indexer === undefined
      ? undefined
      : reconciled
        ? `check: the indexer's figures equal the chain's at block ${view.block} (${view.checked.join(", ")})`
        : `check FAILED at block ${view.block}: ${view.failures.join("; ")}`;
  if (note !== undefined) console.error(note);
  const data = {
    network: name,
    chainId: deployment.chainId,
    deploymentId: deployment.id,
    ...Object.fromEntries(sections.map((s) => [s.key, s.data])),
    ...(indexer === undefined
      ? {}
      : {
          source: view.indexer!.name,
          indexer: {
            url: indexer,
            block: view.block,
            chainHead: view.indexer!.at!.chainHead,
            behind: view.indexer!.at!.behind,
          },
          reconciled,
          check,
        }),
  };
  const text =
    `${header}\n\n${renderSections(sections.map((s) => s.table))}` +
    sections.map((s) => (s.footer === undefined ? "" : `\n\n${s.footer}`)).join("") +
    (check === undefined ? "" : `\n\n${check}`);
  if (!reconciled) {
    if (!args.json) console.log(text);
    throw new CliError(`the indexer's figures do not match the chain's: ${check}`);
  }
  return { data, text };
});
