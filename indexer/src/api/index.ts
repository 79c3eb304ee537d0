/**
 * The indexer's HTTP API (documented in docs/indexer.md). Besides Ponder's own `/health`, `/ready`,
 * `/status` and `/metrics`:
 * - `POST /graphql`: GraphQL over every table (`GET /graphql` returns the schema, no web page);
 * - `/sql/*`: read-only SQL over HTTP for `@ponder/client`;
 * - `GET /api/totals`: the suite's figures, as `galeon status --json` prints them;
 * - `GET /api/hospitals`, `GET /api/hospitals/:id/statement[?format=csv|json]` (the CSV streamed, the
 *   JSON whole or page by page with `limit` and `after`);
 * - `GET /api/purchases`, `GET /api/proposals`, `GET /api/proposals/:id`;
 * - `GET /api/series/revenue`, `GET /api/series/supply`, `GET /api/series/jobs`: for charts.
 * - `GET /dashboard/`: the transparency dashboard (`./dashboard.ts`, docs/dashboard.md); `/` redirects to it.
 * - `GET /app/`: the wallet app (`./app.ts`): its page, bundle, `config.json` and read-only `POST /app/rpc`.
 * Amounts in JSON are base units as decimal strings, with each token's symbol and decimals; the CSV
 * statement is in token units.
 */
import { readFileSync } from "node:fs";
import path from "node:path";

import { db } from "ponder:api";
import schema from "ponder:schema";
import { Hono } from "hono";
import { and, asc, client, desc, eq, graphql, gt, inArray, lte, or, sql } from "ponder";

import { deployment } from "../../ponder.config.js";
import { walletApp } from "./app.js";
import { dashboard } from "./dashboard.js";
import { statementCsv } from "../../../domain/statements/statementFormat.js";
import { jsonReplacer, PAYEES } from "../../lib/format.js";
import { proposalState, quorumAt } from "../../lib/governance.js";
import { statementRows, statementTotals, type TokenMeta } from "../../lib/statement.js";

const app = new Hono();

/** The indexed head: block number and timestamp of the last indexed block (what `/status` reads). */
async function head(): Promise<{ number: number; timestamp: number }> {
  const result = (await db.execute(sql`SELECT latest_checkpoint FROM _ponder_checkpoint LIMIT 1`)) as unknown as {
    rows: Array<{ latest_checkpoint: string }>;
  };
  const checkpoint = result.rows[0]?.latest_checkpoint;
  if (checkpoint === undefined) return { number: 0, timestamp: 0 };
  // Ponder's checkpoint: 10 digits of block timestamp, 16 of chain id, 16 of block number, ...
  return { timestamp: Number(checkpoint.slice(0, 10)), number: Number(checkpoint.slice(26, 42)) };
}

function json(c: { body: (data: string, status: 200, headers: Record<string, string>) => Response }, data: unknown) {
  return c.body(JSON.stringify(data, jsonReplacer), 200, { "content-type": "application/json; charset=utf-8" });
}

function badRequest(message: string) {
  return new Response(JSON.stringify({ error: message }), {
    status: 400,
    headers: { "content-type": "application/json; charset=utf-8" },
  });
}

function notFound(message: string) {
  return new Response(JSON.stringify({ error: message }), {
    status: 404,
    headers: { "content-type": "application/json; charset=utf-8" },
  });
}

/** `?limit=` between 1 and `max` (default `fallback`), or a 400 sentence. */
function limitOf(text: string | undefined, fallback: number, max = 1_000): number | string {
  if (text === undefined || text === "") return fallback;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1 || n > max) return `limit must be an integer from 1 to ${max} (got "${text}")`;
  return n;
}

const INTERVALS: Record<string, number> = { hour: 3_600, day: 86_400, week: 604_800 };

function intervalOf(text: string | undefined): number | string {
  const name = text ?? "day";
  return INTERVALS[name] ?? `interval must be hour, day or week (got "${text}")`;
}

function addressOf(text: string | undefined): `0x${string}` | undefined | string {
  if (text === undefined || text === "") return undefined;
  return /^0x[0-9a-fA-F]{40}$/.test(text) ? (text.toLowerCase() as `0x${string}`) : `not an address: "${text}"`;
}

async function tokenMap(): Promise<Map<string, typeof schema.token.$inferSelect>> {
  const rows = await db.select().from(schema.token);
  return new Map(rows.map((t) => [t.address.toLowerCase(), t]));
}

/* GraphQL and SQL */

app.use("/sql/*", client({ db, schema }));

// GET /graphql would serve GraphiQL, a page that loads scripts from a CDN: the schema instead.
app.get("/graphql", (c) => {
  try {
    return c.text(readFileSync(path.join(process.cwd(), "generated", "schema.graphql"), "utf8"));
  } catch {
    return c.text("POST GraphQL queries to /graphql (the schema is written to generated/schema.graphql)");
  }
});
app.use("/graphql", graphql({ db, schema }));

/* The suite's totals */

app.get("/api/totals", async (c) => {
  const block = await head();
  const tokens = await tokenMap();
  const [galeon] = await db.select().from(schema.galeon);
  const [treasury] = await db.select().from(schema.treasury);
  const buybacks = await db
    .select({
      token: schema.buyback.token,
      executions: sql<number>`count(*)`.mapWith(Number),
      spent: sql<string>`coalesce(sum(${schema.buyback.amountIn}), 0)`,
      burned: sql<string>`coalesce(sum(${schema.buyback.galeonBurned}), 0)`,
    })
    .from(schema.buyback)
    .groupBy(schema.buyback.token);
  const routerTokens = [...tokens.values()]
    .filter((t) => t.purchases > 0 || t.hospitalsClaimed > 0n)
    .map((t) => ({
      token: t.address,
      symbol: t.symbol,
      decimals: t.decimals,
      allowed: t.allowed,
      purchases: t.purchases,
      revenue: t.revenue,
      split: { hospitals: t.toHospitals, treasury: t.toTreasury, buyback: t.toBuyback, galeon: t.toGaleon },
      hospitalsClaimed: t.hospitalsClaimed,
      withdrawn: { treasury: t.treasuryWithdrawn, buyback: t.buybackWithdrawn, galeon: t.galeonWithdrawn },
      claimable: {
        hospitals: t.toHospitals - t.hospitalsClaimed,
        treasury: t.toTreasury - t.treasuryWithdrawn,
        buyback: t.toBuyback - t.buybackWithdrawn,
        galeon: t.toGaleon - t.galeonWithdrawn,
      },
    }));
  return json(c, {
    chainId: deployment.chainId,
    deploymentId: deployment.deploymentId,
    block,
    token:
      galeon === undefined
        ? null
        : {
            address: galeon.address,
            name: galeon.name,
            symbol: galeon.symbol,
            decimals: galeon.decimals,
            initialSupply: galeon.allocated,
            initialSupplySource: "allocation events",
            totalSupply: galeon.totalSupply,
            burned: galeon.burned,
            holders: galeon.holders,
          },
    router: { address: deployment.router.address, fromBlock: deployment.router.fromBlock, tokens: routerTokens },
    treasury: {
      address: deployment.treasury,
      balances: deployment.treasuryTokens
        .map((a) => tokens.get(a))
        .filter((t) => t !== undefined)
        .map((t) => ({ token: t.address, symbol: t.symbol, decimals: t.decimals, balance: t.treasuryBalance })),
      eth: treasury?.ethBalance ?? 0n,
      vestingGrants: treasury?.grants ?? 0,
    },
    buyback: {
      address: deployment.burner,
      tokens: buybacks.map((b) => ({
        token: b.token,
        symbol: tokens.get(b.token)?.symbol ?? "",
        decimals: tokens.get(b.token)?.decimals ?? 0,
        executions: b.executions,
        spent: BigInt(b.spent),
        galeonBurned: BigInt(b.burned),
      })),
    },
  });
});

/* Hospitals */

app.get("/api/hospitals", async (c) => {
  const tokens = await tokenMap();
  const hospitals = await db.select().from(schema.hospital).orderBy(asc(schema.hospital.id));
  const balances = await db.select().from(schema.hospitalBalance);
  return json(c, {
    block: await head(),
    hospitals: hospitals.map((h) => ({
      id: h.id,
      status: h.status,
      payout: h.payout,
      metadataHash: h.metadataHash,
      purchases: h.purchases,
      balances: balances
        .filter((b) => b.hospitalId === h.id)
        .map((b) => ({
          token: b.token,
          symbol: tokens.get(b.token)?.symbol ?? "",
          decimals: tokens.get(b.token)?.decimals ?? 0,
          credits: b.credits,
          credited: b.credited,
          claimed: b.claimed,
          balance: b.balance,
        })),
    })),
  });
});

/**
 * Rows of a JSON statement page at most (`?limit=`), and the rows the CSV is read from the database
 * by (`GALEON_INDEXER_CSV_PAGE_ROWS`: the tests make it small to stream many pages).
 */
const STATEMENT_PAGE_MAX = 10_000;
const STATEMENT_CSV_PAGE = Number(process.env.GALEON_INDEXER_CSV_PAGE_ROWS) || 2_000;

/** A statement's place: after this row (block, log index), at this indexed head. */
interface StatementCursor {
  at: { number: number; timestamp: number };
  block: bigint;
  logIndex: number;
}

/** `next` of a page: `<head>.<head timestamp>.<block>.<log index>` (what `?after=` takes back). */
function cursorText(cursor: StatementCursor): string {
  return `${cursor.at.number}.${cursor.at.timestamp}.${cursor.block}.${cursor.logIndex}`;
}

function cursorOf(text: string): StatementCursor | string {
  const match = /^([0-9]{1,15})\.([0-9]{1,15})\.([0-9]{1,15})\.([0-9]{1,9})$/.exec(text);
  if (match === null) return `after must be the next cursor of a previous page (got "${text}")`;
  return {
    at: { number: Number(match[1]), timestamp: Number(match[2]) },
    block: BigInt(match[3]),
    logIndex: Number(match[4]),
  };
}

/**
 * A hospital's entries up to block `at`, in chain order, after `after` (a row's block and log index),
 * at most `limit` (all without), on the index by hospital, block and log index; `more` when rows follow.
 */
async function statementEntries(
  hospitalId: number,
  at: number,
  after: Pick<StatementCursor, "block" | "logIndex"> | undefined,
  limit: number | undefined,
) {
  const e = schema.statementEntry;
  const query = db
    .select()
    .from(e)
    .where(
      and(
        eq(e.hospitalId, hospitalId),
        lte(e.blockNumber, BigInt(at)),
        after === undefined
          ? undefined
          : or(gt(e.blockNumber, after.block), and(eq(e.blockNumber, after.block), gt(e.logIndex, after.logIndex))),
      ),
    )
    .orderBy(asc(e.blockNumber), asc(e.logIndex));
  const rows = limit === undefined ? await query : await query.limit(limit + 1);
  const more = limit !== undefined && rows.length > limit;
  if (more) rows.length = limit;
  // The data permit of each credited access (issue 14), from its own table, for this page's rows only.
  const accessIds = [...new Set(rows.flatMap((r) => (r.accessId === null ? [] : [r.accessId])))];
  const permits = new Map(
    accessIds.length === 0
      ? []
      : (
          await db
            .select({ accessId: schema.accessPermit.accessId, permitId: schema.accessPermit.permitId })
            .from(schema.accessPermit)
            .where(inArray(schema.accessPermit.accessId, accessIds))
        ).map((p) => [p.accessId, p.permitId] as const),
  );
  const entries = rows.map((r) => ({ ...r, permitId: r.accessId === null ? null : (permits.get(r.accessId) ?? null) }));
  return { entries, more };
}

/**
 * Per token with a credit or claim up to block `at`, in order of first appearance: credited, claimed
 * and balance in base units, summed by the database (what `statementTotals` sums from all the rows).
 */
async function statementSums(hospitalId: number, at: number) {
  const e = schema.statementEntry;
  const sums = await db
    .select({
      token: e.token,
      kind: e.kind,
      amount: sql<string>`sum(${e.amount})::text`,
      first: sql<string>`min(${e.blockNumber}::numeric * 1000000000 + ${e.logIndex})::text`,
    })
    .from(e)
    .where(and(eq(e.hospitalId, hospitalId), lte(e.blockNumber, BigInt(at)), inArray(e.kind, ["credit", "claim"])))
    .groupBy(e.token, e.kind);
  const totals = new Map<
    string,
    { token: string; credited: bigint; claimed: bigint; balance: bigint; first: bigint }
  >();
  for (const s of sums) {
    if (s.token === null) continue;
    const key = s.token.toLowerCase();
    const t = totals.get(key) ?? { token: key, credited: 0n, claimed: 0n, balance: 0n, first: BigInt(s.first) };
    if (s.kind === "credit") t.credited += BigInt(s.amount);
    else t.claimed -= BigInt(s.amount);
    t.balance = t.credited - t.claimed;
    if (BigInt(s.first) < t.first) t.first = BigInt(s.first);
    totals.set(key, t);
  }
  return [...totals.values()]
    .sort((a, b) => (a.first < b.first ? -1 : a.first > b.first ? 1 : 0))
    .map(({ first: _first, ...t }) => t);
}

app.get("/api/hospitals/:id/statement", async (c) => {
  const text = c.req.param("id");
  if (!/^[0-9]+$/.test(text) || Number(text) > 0xffffffff) return badRequest(`not a hospital id: "${text}"`);
  const format = (c.req.query("format") ?? "csv").toLowerCase();
  if (format !== "csv" && format !== "json") return badRequest(`format must be csv or json (got "${format}")`);
  const paged = c.req.query("limit") !== undefined || c.req.query("after") !== undefined;
  const limit = limitOf(c.req.query("limit"), 1_000, STATEMENT_PAGE_MAX);
  if (typeof limit === "string") return badRequest(limit);
  const after = c.req.query("after") === undefined ? undefined : cursorOf(c.req.query("after")!);
  if (typeof after === "string") return badRequest(after);
  if (paged && format === "csv") return badRequest("limit and after page the JSON statement; the CSV streams whole");
  const hospitalId = Number(text);
  // The head first, then only rows up to it: rows and totals describe one block even while indexing.
  // A next page stays at the block of the first (its cursor names it).
  const block = after?.at ?? (await head());
  const [hospital] = await db.select().from(schema.hospital).where(eq(schema.hospital.id, hospitalId));
  if (hospital === undefined) return notFound(`hospital ${hospitalId} is not registered`);
  const tokens = (await tokenMap()) as ReadonlyMap<string, TokenMeta>;
  if (format === "csv") {
    // Streamed, read from the database a page at a time: the bytes of statementCsv over all the rows.
    let position: Pick<StatementCursor, "block" | "logIndex"> | undefined;
    const encoder = new TextEncoder();
    const body = new ReadableStream<Uint8Array>({
      async pull(controller) {
        try {
          const { entries, more } = await statementEntries(hospitalId, block.number, position, STATEMENT_CSV_PAGE);
          let csv = statementCsv(statementRows(entries, tokens));
          if (position !== undefined) csv = entries.length === 0 ? "" : csv.slice(csv.indexOf("\n") + 1);
          if (csv !== "") controller.enqueue(encoder.encode(csv));
          const last = entries.at(-1);
          if (!more || last === undefined) controller.close();
          else position = { block: last.blockNumber, logIndex: last.logIndex };
        } catch (error) {
          controller.error(error);
        }
      },
    });
    return c.body(body, 200, {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="hospital-${hospitalId}-statement.csv"`,
    });
  }
  // Which deployment, so that a client checks it with this one request (no /api/totals first).
  const { chainId, deploymentId } = deployment;
  const identity = { chainId, deploymentId, router: deployment.router.address, hospitalId, block };
  const withMeta = (t: { token: string; credited: bigint; claimed: bigint; balance: bigint }) => ({
    token: t.token,
    symbol: tokens.get(t.token)?.symbol ?? "",
    decimals: tokens.get(t.token)?.decimals ?? 0,
    credited: t.credited,
    claimed: t.claimed,
    balance: t.balance,
  });
  if (!paged) {
    const { entries } = await statementEntries(hospitalId, block.number, undefined, undefined);
    const rows = statementRows(entries, tokens);
    // Per token with a row, in order of first appearance: what `hospital statement` reconciles.
    return json(c, { ...identity, rows, totals: statementTotals(entries).map(withMeta) });
  }
  // A page: its rows, the cursor of the next (null on the last), and on the first page the totals of
  // the whole statement at `block`.
  const { entries, more } = await statementEntries(hospitalId, block.number, after, limit);
  const last = entries.at(-1);
  const next =
    more && last !== undefined ? cursorText({ at: block, block: last.blockNumber, logIndex: last.logIndex }) : null;
  const rows = statementRows(entries, tokens);
  if (after !== undefined) return json(c, { ...identity, rows, next });
  return json(c, { ...identity, rows, totals: (await statementSums(hospitalId, block.number)).map(withMeta), next });
});

/* Purchases */

app.get("/api/purchases", async (c) => {
  const limit = limitOf(c.req.query("limit"), 20);
  if (typeof limit === "string") return badRequest(limit);
  const token = addressOf(c.req.query("token"));
  const buyer = addressOf(c.req.query("buyer"));
  for (const v of [token, buyer]) if (typeof v === "string" && !v.startsWith("0x")) return badRequest(v);
  const where = and(
    token === undefined ? undefined : eq(schema.purchase.token, token as `0x${string}`),
    buyer === undefined ? undefined : eq(schema.purchase.buyer, buyer as `0x${string}`),
  );
  const purchases = await db
    .select()
    .from(schema.purchase)
    .where(where)
    .orderBy(desc(schema.purchase.blockNumber), desc(schema.purchase.logIndex))
    .limit(limit);
  const tokens = await tokenMap();
  return json(c, {
    block: await head(),
    purchases: purchases.map((p) => ({
      ...p,
      symbol: tokens.get(p.token)?.symbol ?? "",
      decimals: tokens.get(p.token)?.decimals ?? 0,
    })),
  });
});

/* Proposals */

async function proposalsWithState(ids?: bigint[]) {
  const block = await head();
  const now = BigInt(block.timestamp);
  const proposals = await db
    .select()
    .from(schema.proposal)
    .where(ids === undefined ? undefined : inArray(schema.proposal.id, ids))
    .orderBy(desc(schema.proposal.blockNumber), desc(schema.proposal.logIndex));
  const result = [];
  for (const p of proposals) {
    const [supply] = await db
      .select({ totalSupply: schema.supplyChange.totalSupply })
      .from(schema.supplyChange)
      .where(lte(schema.supplyChange.timestamp, p.voteStart))
      .orderBy(desc(schema.supplyChange.blockNumber), desc(schema.supplyChange.logIndex))
      .limit(1);
    const [fraction] = await db
      .select()
      .from(schema.quorumNumerator)
      .where(lte(schema.quorumNumerator.timestamp, p.voteStart))
      .orderBy(desc(schema.quorumNumerator.blockNumber), desc(schema.quorumNumerator.logIndex))
      .limit(1);
    const quorum = quorumAt(p.voteStart, now, supply?.totalSupply ?? 0n, fraction);
    result.push({ ...p, state: proposalState(p, now, quorum), quorum: quorum ?? null });
  }
  return { block, proposals: result };
}

app.get("/api/proposals", async (c) => json(c, await proposalsWithState()));

app.get("/api/proposals/:id", async (c) => {
  const text = c.req.param("id");
  if (!/^[0-9]+$/.test(text)) return badRequest(`not a proposal id: "${text}"`);
  const id = BigInt(text);
  const { block, proposals } = await proposalsWithState([id]);
  if (proposals.length === 0) return notFound(`no proposal ${text}`);
  const votes = await db
    .select()
    .from(schema.vote)
    .where(eq(schema.vote.proposalId, id))
    .orderBy(asc(schema.vote.blockNumber), asc(schema.vote.logIndex));
  return json(c, { block, proposal: proposals[0], votes });
});

/* Series for charts */

app.get("/api/series/revenue", async (c) => {
  const interval = intervalOf(c.req.query("interval"));
  if (typeof interval === "string") return badRequest(interval);
  const token = addressOf(c.req.query("token"));
  if (typeof token === "string" && !token.startsWith("0x")) return badRequest(token);
  // The interval is one of INTERVALS (a literal, so that GROUP BY sees the same expression as SELECT).
  // Timestamps are numeric columns (Ponder's bigint): `/` would divide exactly, so floor() makes the
  // interval's start.
  const bucket = sql<string>`floor(${schema.purchase.timestamp} / ${sql.raw(String(interval))}) * ${sql.raw(String(interval))}`;
  const rows = await db
    .select({
      token: schema.purchase.token,
      start: bucket,
      purchases: sql<number>`count(*)`.mapWith(Number),
      revenue: sql<string>`sum(${schema.purchase.amount})`,
      hospitals: sql<string>`sum(${schema.purchase.toHospitals})`,
      treasury: sql<string>`sum(${schema.purchase.toTreasury})`,
      buyback: sql<string>`sum(${schema.purchase.toBuyback})`,
      galeon: sql<string>`sum(${schema.purchase.toGaleon})`,
    })
    .from(schema.purchase)
    .where(token === undefined ? undefined : eq(schema.purchase.token, token as `0x${string}`))
    .groupBy(schema.purchase.token, bucket)
    .orderBy(bucket, schema.purchase.token);
  const tokens = await tokenMap();
  return json(c, {
    block: await head(),
    interval,
    series: rows.map((r) => ({
      token: r.token,
      symbol: tokens.get(r.token)?.symbol ?? "",
      decimals: tokens.get(r.token)?.decimals ?? 0,
      start: Number(r.start),
      purchases: r.purchases,
      revenue: r.revenue,
      split: { hospitals: r.hospitals, treasury: r.treasury, buyback: r.buyback, galeon: r.galeon },
    })),
  });
});

app.get("/api/series/supply", async (c) => {
  const interval = intervalOf(c.req.query("interval"));
  if (typeof interval === "string") return badRequest(interval);
  const changes = await db
    .select()
    .from(schema.supplyChange)
    .orderBy(asc(schema.supplyChange.blockNumber), asc(schema.supplyChange.logIndex));
  // One point per interval: what was burned in it, and the supply and burned total at its end.
  const points = new Map<number, { start: number; burned: bigint; totalSupply: bigint; burnedTotal: bigint }>();
  for (const change of changes) {
    const start = Math.floor(Number(change.timestamp) / interval) * interval;
    const point = points.get(start) ?? { start, burned: 0n, totalSupply: 0n, burnedTotal: 0n };
    if (change.kind === "burn") point.burned += change.amount;
    point.totalSupply = change.totalSupply;
    point.burnedTotal = change.burned;
    points.set(start, point);
  }
  return json(c, { block: await head(), interval, series: [...points.values()] });
});

/**
 * Metered jobs (the job escrow's locks) per token and interval: what was escrowed (locks funded in the
 * interval), settled (paid into the router's split), returned at settlement (the rest of the lock) and
 * refunded (whole locks after their deadline) in it, and what is still locked at its end (`open`); with
 * the totals per token at the indexed head. Funded amounts count at the funding block, the others at
 * the closing block.
 */
app.get("/api/series/jobs", async (c) => {
  const interval = intervalOf(c.req.query("interval"));
  if (typeof interval === "string") return badRequest(interval);
  const token = addressOf(c.req.query("token"));
  if (typeof token === "string" && !token.startsWith("0x")) return badRequest(token);
  const jobs = await db
    .select()
    .from(schema.job)
    .where(token === undefined ? undefined : eq(schema.job.token, token as `0x${string}`));
  const tokens = await tokenMap();
  type Point = {
    escrowed: bigint;
    settled: bigint;
    returned: bigint;
    refunded: bigint;
    funded: number;
    closed: number;
  };
  const zero = (): Point => ({ escrowed: 0n, settled: 0n, returned: 0n, refunded: 0n, funded: 0, closed: 0 });
  const points = new Map<string, Map<number, Point>>();
  const totals = new Map<string, Point & { jobs: { open: number; settled: number; refunded: number } }>();
  const pointAt = (t: string, at: bigint) => {
    const start = Math.floor(Number(at) / interval) * interval;
    const mine = points.get(t) ?? new Map<number, Point>();
    points.set(t, mine);
    const point = mine.get(start) ?? zero();
    mine.set(start, point);
    return point;
  };
  for (const j of jobs) {
    const total = totals.get(j.token) ?? { ...zero(), jobs: { open: 0, settled: 0, refunded: 0 } };
    totals.set(j.token, total);
    total.jobs[j.status]++;
    total.funded++;
    total.escrowed += j.locked;
    const funded = pointAt(j.token, j.fundedAt);
    funded.funded++;
    funded.escrowed += j.locked;
    if (j.status === "open" || j.closedAt === null) continue;
    const closed = pointAt(j.token, j.closedAt);
    closed.closed++;
    if (j.status === "settled") {
      closed.settled += j.paid;
      closed.returned += j.returned;
      total.settled += j.paid;
      total.returned += j.returned;
    } else {
      closed.refunded += j.returned;
      total.refunded += j.returned;
    }
  }
  const meta = (t: string) => ({
    token: t,
    symbol: tokens.get(t)?.symbol ?? "",
    decimals: tokens.get(t)?.decimals ?? 0,
  });
  const series = [];
  for (const [t, mine] of points) {
    // Still locked at the end of each interval: escrowed so far, less what was settled, returned or refunded.
    let open = 0n;
    for (const [start, p] of [...mine.entries()].sort((a, b) => a[0] - b[0])) {
      open += p.escrowed - p.settled - p.returned - p.refunded;
      series.push({ ...meta(t), start, ...p, open });
    }
  }
  series.sort((a, b) => a.start - b.start || a.token.localeCompare(b.token));
  return json(c, {
    block: await head(),
    interval,
    totals: [...totals.entries()].map(([t, p]) => ({
      ...meta(t),
      jobs: p.jobs,
      escrowed: p.escrowed,
      open: p.escrowed - p.settled - p.returned - p.refunded,
      settled: p.settled,
      returned: p.returned,
      refunded: p.refunded,
    })),
    series,
  });
});

/* Payees: where the router pays the treasury, buy-back and Galeon legs */

app.get("/api/payees", async (c) => {
  const payees = await db.select().from(schema.payee).orderBy(asc(schema.payee.index));
  return json(c, { block: await head(), payees, names: PAYEES });
});

/* The transparency dashboard: the page, its script and the charting library (./dashboard.ts) */

app.route("/", dashboard);

/* The wallet app: its page, its bundle, its config and a read-only RPC proxy (./app.ts) */

app.route("/", walletApp);

export default app;
