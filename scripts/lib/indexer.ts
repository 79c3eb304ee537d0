/**
 * The Galeon indexer (`indexer/`, docs/indexer.md) as a source of the command line's figures.
 * `hospital statement` and `galeon status` read from it when one is configured (`--indexer URL` or
 * `GALEON_INDEXER_URL`), then check what it served against the chain at the block it served it at.
 *
 * An indexer is trusted for nothing: it must index this deployment (chain id and router address, or
 * the command stops with an environment error), its block must be on this chain (same timestamp), and
 * its figures are checked against the chain's balances by the commands.
 */
import { getAddress } from "ethers";

import { shownUrl } from "./context.js";
import { badInput, environmentError } from "../../domain/errors/refusal.js";
import type { RpcRequester } from "../../domain/chain/logs.js";
import type {
  HospitalStatement,
  StatementQuery,
  StatementSource,
  StatementTotals,
} from "../../domain/statements/statementSource.js";
import type { StatementRow } from "../../domain/statements/statementFormat.js";
import type { Revenue, RevenueQuery, RevenueTotals, StatusSource } from "../../domain/statements/statusSource.js";

/** The environment variable that configures the indexer when `--indexer` is not given. */
export const INDEXER_ENV = "GALEON_INDEXER_URL";

/** How long one request to the indexer may take. */
const TIMEOUT_MS = 30_000;

/**
 * The indexer's URL from `--indexer` or `GALEON_INDEXER_URL` (an empty value means none), checked to
 * be an http(s) URL (bad input otherwise); `undefined` when neither is set: the log scan.
 */
export function indexerUrl(option: string | undefined, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const fromOption = option !== undefined;
  const text = (fromOption ? option : env[INDEXER_ENV])?.trim() ?? "";
  if (text === "") return undefined;
  const label = fromOption ? "--indexer" : INDEXER_ENV;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw badInput(`${label} "${text}" is not a URL (e.g. http://127.0.0.1:42069)`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw badInput(`${label} "${text}" is not an http or https URL`);
  }
  return text.replace(/\/+$/, "");
}

/** The indexed head: the last block the indexer has indexed. */
export interface IndexedBlock {
  number: number;
  timestamp: number;
}

/** Which deployment an indexer follows (`/api/totals`). */
export interface IndexerIdentity {
  chainId: number;
  deploymentId: string;
  router: string;
  routerFromBlock: number;
}

/** `/api/totals` as the indexer serves it (amounts as decimal strings of base units). */
export interface IndexedTotals {
  chainId: number;
  deploymentId: string;
  block: IndexedBlock;
  token: {
    address: string;
    symbol: string;
    decimals: number;
    initialSupply: string;
    totalSupply: string;
    burned: string;
  } | null;
  router: {
    address: string;
    fromBlock: number;
    tokens: Array<{
      token: string;
      symbol: string;
      decimals: number;
      purchases: number;
      revenue: string;
      split: { hospitals: string; treasury: string; buyback: string; galeon: string };
      hospitalsClaimed: string;
      withdrawn: { treasury: string; buyback: string; galeon: string };
    }>;
  };
  treasury: {
    address: string;
    balances: Array<{ token: string; symbol: string; decimals: number; balance: string }>;
    eth: string;
  };
}

/** `/api/hospitals`: each hospital's balances per token (base units). */
export interface IndexedHospitals {
  block: IndexedBlock;
  hospitals: Array<{ id: number; balances: Array<{ token: string; balance: string }> }>;
}

/** A small JSON client of the indexer's HTTP API, with one-line environment errors naming its URL. */
export class IndexerClient {
  readonly shown: string;

  constructor(
    readonly url: string,
    private readonly fetcher: typeof fetch = fetch,
  ) {
    this.shown = shownUrl(url);
  }

  /** GETs `pathname` and parses its JSON; an unreachable indexer or an error answer is exit code 3. */
  async get<T>(pathname: string): Promise<T> {
    let response: Response;
    try {
      response = await this.fetcher(this.url + pathname, {
        headers: { accept: "application/json" },
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
    } catch (error) {
      const cause = (error as { cause?: { code?: string; message?: string } }).cause;
      const why = cause?.code ?? cause?.message ?? (error as Error).message;
      throw environmentError(
        `cannot reach the indexer at ${this.url} (${why}): start it (npm run indexer) or give another --indexer`,
      );
    }
    const text = await response.text();
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      body = undefined;
    }
    if (!response.ok) {
      const said = (body as { error?: unknown } | undefined)?.error;
      const why = typeof said === "string" ? said : `HTTP ${response.status}`;
      throw environmentError(`the indexer at ${this.url} answered ${pathname.split("?")[0]} with: ${why}`);
    }
    if (body === undefined || body === null || typeof body !== "object") {
      throw environmentError(`the indexer at ${this.url} did not answer ${pathname.split("?")[0]} with JSON`);
    }
    return body as T;
  }

  /** The deployment this indexer follows and its indexed head (`/api/totals`). */
  async totals(): Promise<IndexedTotals> {
    return await this.get<IndexedTotals>("/api/totals");
  }
}

/**
 * Checks that an indexer follows `expected` (chain id and router address) and that its head is a
 * block of this chain (the same timestamp at the same height); returns how far behind it is.
 * Anything else is an environment error: the indexer of another deployment or chain.
 */
export async function checkIndexedDeployment(
  client: IndexerClient,
  served: { chainId: number; deploymentId: string; routerAddress: string; block: IndexedBlock },
  expected: { chainId: number; deploymentId: string; router: string },
  rpc: RpcRequester,
): Promise<{ block: IndexedBlock; chainHead: number; behind: number }> {
  const url = client.url;
  if (served.chainId !== expected.chainId) {
    throw environmentError(
      `the indexer at ${url} indexes chain ${served.chainId}, not this network's chain ${expected.chainId}`,
    );
  }
  if (served.routerAddress.toLowerCase() !== expected.router.toLowerCase()) {
    throw environmentError(
      `the indexer at ${url} indexes deployment ${served.deploymentId} (router ${served.routerAddress}),` +
        ` not deployment ${expected.deploymentId} (router ${getAddress(expected.router)})`,
    );
  }
  const head = Number(await rpc.request({ method: "eth_blockNumber" }));
  const block = served.block;
  if (block.number > head) {
    throw environmentError(
      `the indexer at ${url} has indexed block ${block.number}, beyond this chain's head ${head}:` +
        ` it follows another chain (or the node was reset)`,
    );
  }
  const onChain = (await rpc.request({
    method: "eth_getBlockByNumber",
    params: [`0x${block.number.toString(16)}`, false],
  })) as { timestamp: string } | null;
  if (onChain === null || Number(onChain.timestamp) !== block.timestamp) {
    throw environmentError(
      `the indexer at ${url} has a block ${block.number} that is not this chain's` +
        ` (timestamp ${block.timestamp} vs ${onChain === null ? "none" : Number(onChain.timestamp)}):` +
        ` it follows another chain, or a reorganisation it has not caught up with`,
    );
  }
  return { block, chainHead: head, behind: head - block.number };
}

/** A sentence for stderr when the indexer is behind the chain; `undefined` when it is at the head. */
export function behindNote(url: string, at: { block: IndexedBlock; chainHead: number; behind: number }) {
  if (at.behind === 0) return undefined;
  return (
    `note: the indexer at ${url} is at block ${at.block.number}, ${at.behind} block${at.behind === 1 ? "" : "s"}` +
    ` behind the chain (block ${at.chainHead}): figures and checks as of block ${at.block.number}`
  );
}

/**
 * Rows asked for in one page of `/api/hospitals/:id/statement?format=json&limit=N`: a few MB of JSON,
 * whatever the hospital's history.
 */
export const STATEMENT_PAGE_ROWS = 5_000;

/** `STATEMENT_PAGE_ROWS`, or `GALEON_INDEXER_PAGE_ROWS` (the tests read many small pages). */
function statementPageRows(): number {
  const rows = Number(process.env.GALEON_INDEXER_PAGE_ROWS);
  return Number.isSafeInteger(rows) && rows > 0 ? rows : STATEMENT_PAGE_ROWS;
}

/** `/api/hospitals/:id/statement?format=json[&limit=N&after=CURSOR]`: a page (all rows without `limit`). */
interface IndexedStatement {
  chainId?: number;
  deploymentId?: string;
  router?: string;
  hospitalId: number;
  block: IndexedBlock;
  rows: StatementRow[];
  totals: Array<{
    token: string;
    symbol: string;
    decimals: number;
    credited: string;
    claimed: string;
    balance: string;
  }>;
  /** The cursor of the next page (`after=`), `null` on the last; absent from an indexer that does not page. */
  next?: string | null;
}

/** Token units ("-1234.5") as base units, exact; `undefined` when not a plain decimal. */
export function baseUnits(units: string, decimals: number): bigint | undefined {
  const match = /^(-?)([0-9]+)(?:\.([0-9]+))?$/.exec(units);
  if (match === null || (match[3] ?? "").length > decimals) return undefined;
  const value = BigInt(match[2] + (match[3] ?? "").padEnd(decimals, "0"));
  return match[1] === "-" ? -value : value;
}

/**
 * A hospital's statement served by the indexer, at the indexer's head (`block`), after checking it
 * indexes this deployment, read page by page (`STATEMENT_PAGE_ROWS` rows a request). The rows are checked to add up: per token, each running balance is the
 * previous one plus the row's amount, and the last one is the total the indexer serves.
 */
export class IndexerStatementSource implements StatementSource {
  readonly name: string;
  /** Where the indexer stands, once `statement` has run. */
  at?: { block: IndexedBlock; chainHead: number; behind: number };

  constructor(
    private readonly client: IndexerClient,
    private readonly expected: { chainId: number; deploymentId: string },
    private readonly rpc: RpcRequester,
    private readonly pageRows = statementPageRows(),
  ) {
    this.name = `the indexer at ${client.url}`;
  }

  async statement(query: StatementQuery): Promise<HospitalStatement & { block: number; inconsistencies: string[] }> {
    // Page by page: the first page names the block and the totals; each next page continues after
    // the last row at that same block (the cursor pins it).
    const pathname = `/api/hospitals/${query.hospitalId}/statement?format=json&limit=${this.pageRows}`;
    const served = await this.client.get<IndexedStatement>(pathname);
    const rows = [...served.rows];
    for (let next = served.next; typeof next === "string"; ) {
      const page = await this.client.get<IndexedStatement>(`${pathname}&after=${encodeURIComponent(next)}`);
      if (page.block?.number !== served.block.number || page.next === next) {
        throw environmentError(
          `the indexer at ${this.client.url} served a page of hospital ${query.hospitalId}'s statement` +
            ` at block ${page.block?.number} after one at block ${served.block.number}`,
        );
      }
      for (const row of page.rows) rows.push(row);
      next = page.next;
    }
    // The statement names its deployment; an indexer from before it did is asked /api/totals.
    const identity =
      served.router === undefined
        ? await this.client.totals().then((t) => ({ ...t, router: t.router.address }))
        : (served as Required<Pick<IndexedStatement, "chainId" | "deploymentId" | "router">>);
    this.at = await checkIndexedDeployment(
      this.client,
      {
        chainId: identity.chainId,
        deploymentId: identity.deploymentId,
        routerAddress: identity.router,
        block: served.block,
      },
      { ...this.expected, router: query.router },
      this.rpc,
    );
    const statementTotals: StatementTotals[] = served.totals.map((t) => ({
      token: getAddress(t.token),
      symbol: t.symbol,
      decimals: t.decimals,
      credited: BigInt(t.credited),
      claimed: BigInt(t.claimed),
      balance: BigInt(t.balance),
    }));
    return {
      rows,
      totals: statementTotals,
      block: served.block.number,
      inconsistencies: statementInconsistencies(rows, statementTotals),
    };
  }
}

/**
 * Where a statement's rows do not add up (one sentence each): a running balance that is not the
 * previous one plus the amount, a last balance that is not the token's total, credited minus claimed
 * that is not the balance.
 */
export function statementInconsistencies(rows: readonly StatementRow[], totals: readonly StatementTotals[]): string[] {
  const problems: string[] = [];
  const decimals = new Map(totals.map((t) => [t.token.toLowerCase(), t]));
  const running = new Map<string, { balance: bigint; credited: bigint; claimed: bigint }>();
  for (const row of rows) {
    if (row.kind === "payout_change") continue;
    const key = row.token.toLowerCase();
    const total = decimals.get(key);
    if (total === undefined) {
      problems.push(`a ${row.kind} in block ${row.block} is in ${row.symbol || row.token}, a token without a total`);
      continue;
    }
    const amount = baseUnits(row.amount, total.decimals);
    const balance = baseUnits(row.balance, total.decimals);
    if (amount === undefined || balance === undefined) {
      problems.push(`the ${row.kind} in block ${row.block} has an amount or balance that is not a number`);
      continue;
    }
    const r = running.get(key) ?? { balance: 0n, credited: 0n, claimed: 0n };
    r.balance += amount;
    if (amount >= 0n) r.credited += amount;
    else r.claimed -= amount;
    running.set(key, r);
    if (r.balance !== balance) {
      problems.push(
        `the ${row.kind} in block ${row.block} says balance ${row.balance} ${row.symbol}, its rows add up to another`,
      );
      r.balance = balance; // one sentence per break, not one per later row
    }
  }
  for (const t of totals) {
    const r = running.get(t.token.toLowerCase()) ?? { balance: 0n, credited: 0n, claimed: 0n };
    if (r.credited !== t.credited || r.claimed !== t.claimed || t.credited - t.claimed !== t.balance) {
      problems.push(`the ${t.symbol} total (credited, claimed, balance) is not what the rows add up to`);
    }
  }
  return problems;
}

/**
 * The router's revenue served by the indexer (`/api/totals`), at the indexer's head, after checking
 * it indexes this deployment. `galeon status` checks the rest of `served` against the chain.
 */
export class IndexerRevenueSource implements StatusSource {
  readonly name: string;
  /** What the indexer served and where it stands, once `revenue` has run. */
  served?: IndexedTotals;
  at?: { block: IndexedBlock; chainHead: number; behind: number };

  constructor(
    readonly client: IndexerClient,
    private readonly expected: { chainId: number; deploymentId: string },
    private readonly rpc: RpcRequester,
  ) {
    this.name = `the indexer at ${client.url}`;
  }

  /** Reads and checks the indexer once; later calls return what it served then (one block). */
  async revenue(query: RevenueQuery): Promise<Revenue & { block: number }> {
    const served = this.served ?? (await this.client.totals());
    this.served = served;
    this.at ??= await checkIndexedDeployment(
      this.client,
      {
        chainId: served.chainId,
        deploymentId: served.deploymentId,
        routerAddress: served.router.address,
        block: served.block,
      },
      { ...this.expected, router: query.router },
      this.rpc,
    );
    const tokens: RevenueTotals[] = served.router.tokens.map((t) => ({
      token: getAddress(t.token),
      purchases: t.purchases,
      revenue: BigInt(t.revenue),
      parts: [BigInt(t.split.hospitals), BigInt(t.split.treasury), BigInt(t.split.buyback), BigInt(t.split.galeon)],
      hospitalsClaimed: BigInt(t.hospitalsClaimed),
    }));
    return { tokens, block: served.block.number };
  }
}
