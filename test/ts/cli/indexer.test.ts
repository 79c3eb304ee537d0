/**
 * The command line's indexer client (scripts/lib/indexer.ts), without a chain: where the URL comes
 * from, the one-line environment errors of an indexer that cannot be reached or answers an error,
 * the deployment and chain checks, and the statement rows' arithmetic (a served statement whose rows
 * do not add up is caught). End to end with a real indexer: indexer/test/indexer.test.ts.
 */
import { expect } from "chai";

import { CliError, EXIT } from "../../../domain/errors/refusal.js";
import {
  baseUnits,
  behindNote,
  checkIndexedDeployment,
  IndexerClient,
  IndexerStatementSource,
  indexerUrl,
  statementInconsistencies,
} from "../../../scripts/lib/indexer.js";
import type { RpcRequester } from "../../../domain/chain/logs.js";
import type { StatementRow } from "../../../domain/statements/statementFormat.js";

const TOKEN = "0x5FbDB2315678afecb367f032d93F642f64180aa3";
const ROUTER = "0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512";

function refusal(run: () => unknown): CliError {
  try {
    run();
  } catch (error) {
    expect(error).to.be.instanceOf(CliError);
    return error as CliError;
  }
  throw new Error("expected a refusal");
}

async function asyncRefusal(run: () => Promise<unknown>): Promise<CliError> {
  try {
    await run();
  } catch (error) {
    expect(error).to.be.instanceOf(CliError);
    return error as CliError;
  }
  throw new Error("expected a refusal");
}

function row(kind: StatementRow["kind"], block: number, amount: string, balance: string): StatementRow {
  return {
    date: "2026-12-01T00:00:00Z",
    block,
    transaction: `0x${"ab".repeat(32)}`,
    logIndex: 0,
    kind,
    accessId: "",
    jobHash: "",
    buyer: "",
    token: kind === "payout_change" ? "" : TOKEN,
    symbol: kind === "payout_change" ? "" : "tEURC",
    amount,
    balance,
    payout: ROUTER,
    previousPayout: "",
    permitId: "",
  };
}

/** A node that answers eth_blockNumber and eth_getBlockByNumber from a table of timestamps. */
function chain(head: number, timestamps: Record<number, number>): RpcRequester {
  return {
    async request({ method, params }) {
      if (method === "eth_blockNumber") return `0x${head.toString(16)}`;
      if (method === "eth_getBlockByNumber") {
        const n = Number(params![0]);
        return n in timestamps ? { timestamp: `0x${timestamps[n].toString(16)}` } : null;
      }
      throw new Error(`unexpected ${method}`);
    },
  };
}

describe("command line: the indexer as a source (scripts/lib/indexer.ts)", function () {
  describe("indexerUrl", function () {
    it("takes --indexer first, then GALEON_INDEXER_URL, and none when both are unset or empty", function () {
      expect(indexerUrl("http://127.0.0.1:42069/", { GALEON_INDEXER_URL: "http://other:1" })).to.equal(
        "http://127.0.0.1:42069",
      );
      expect(indexerUrl(undefined, { GALEON_INDEXER_URL: "https://indexer.example.org" })).to.equal(
        "https://indexer.example.org",
      );
      expect(indexerUrl(undefined, {})).to.equal(undefined);
      expect(indexerUrl(undefined, { GALEON_INDEXER_URL: "" })).to.equal(undefined);
      expect(indexerUrl("", { GALEON_INDEXER_URL: "http://127.0.0.1:42069" }), "an empty option turns it off").to.equal(
        undefined,
      );
    });

    describe("reverts", function () {
      it("when the value is not an http(s) URL (bad input, exit code 2)", function () {
        const notUrl = refusal(() => indexerUrl("127.0.0.1:42069", {}));
        expect(notUrl.exitCode).to.equal(EXIT.BAD_INPUT);
        const ftp = refusal(() => indexerUrl(undefined, { GALEON_INDEXER_URL: "ftp://127.0.0.1" }));
        expect(ftp.message).to.equal('GALEON_INDEXER_URL "ftp://127.0.0.1" is not an http or https URL');
      });
    });
  });

  describe("IndexerClient", function () {
    it("parses JSON answers", async function () {
      const client = new IndexerClient("http://ix", async () => Response.json({ ok: 1 }));
      expect(await client.get("/api/totals")).to.deep.equal({ ok: 1 });
    });

    describe("reverts", function () {
      it("when the indexer cannot be reached (exit code 3, naming the URL)", async function () {
        const client = new IndexerClient("http://127.0.0.1:9", async () => {
          throw Object.assign(new TypeError("fetch failed"), { cause: { code: "ECONNREFUSED" } });
        });
        const error = await asyncRefusal(() => client.get("/api/totals"));
        expect(error.exitCode).to.equal(EXIT.ENVIRONMENT);
        expect(error.message).to.equal(
          "cannot reach the indexer at http://127.0.0.1:9 (ECONNREFUSED): start it (npm run indexer) or give another --indexer",
        );
      });

      it("when the indexer answers an error or something that is not JSON", async function () {
        const notFound = new IndexerClient("http://ix", async () =>
          Response.json({ error: "hospital 99 is not registered" }, { status: 404 }),
        );
        expect((await asyncRefusal(() => notFound.get("/api/hospitals/99/statement?format=json"))).message).to.equal(
          "the indexer at http://ix answered /api/hospitals/99/statement with: hospital 99 is not registered",
        );
        const html = new IndexerClient("http://ix", async () => new Response("<html>"));
        const error = await asyncRefusal(() => html.get("/api/totals"));
        expect(error.exitCode).to.equal(EXIT.ENVIRONMENT);
        expect(error.message).to.equal("the indexer at http://ix did not answer /api/totals with JSON");
      });
    });
  });

  describe("checkIndexedDeployment", function () {
    const client = new IndexerClient("http://ix");
    const expected = { chainId: 31337, deploymentId: "chain-31337", router: ROUTER };
    const served = { chainId: 31337, deploymentId: "chain-31337", routerAddress: ROUTER.toLowerCase() };

    it("returns how far behind the chain the indexer is; the note says so only when it is", async function () {
      const at = await checkIndexedDeployment(
        client,
        { ...served, block: { number: 10, timestamp: 1000 } },
        expected,
        chain(12, { 10: 1000 }),
      );
      expect(at).to.deep.equal({ block: { number: 10, timestamp: 1000 }, chainHead: 12, behind: 2 });
      expect(behindNote("http://ix", at)).to.equal(
        "note: the indexer at http://ix is at block 10, 2 blocks behind the chain (block 12): figures and checks as of block 10",
      );
      expect(behindNote("http://ix", { ...at, chainHead: 10, behind: 0 })).to.equal(undefined);
    });

    describe("reverts (exit code 3)", function () {
      const check = (s: Partial<typeof served> & { block?: { number: number; timestamp: number } }, head = 10) =>
        asyncRefusal(() =>
          checkIndexedDeployment(
            client,
            { ...served, block: { number: 10, timestamp: 1000 }, ...s },
            expected,
            chain(head, { 10: 1000 }),
          ),
        );

      it("when the indexer follows another chain id", async function () {
        const error = await check({ chainId: 1 });
        expect(error.exitCode).to.equal(EXIT.ENVIRONMENT);
        expect(error.message).to.equal("the indexer at http://ix indexes chain 1, not this network's chain 31337");
      });

      it("when it indexes another deployment", async function () {
        expect((await check({ deploymentId: "other", routerAddress: TOKEN })).message).to.equal(
          `the indexer at http://ix indexes deployment other (router ${TOKEN}), not deployment chain-31337 (router ${ROUTER})`,
        );
      });

      it("when its block is beyond this chain's head, or not this chain's block", async function () {
        expect((await check({}, 9)).message).to.match(/has indexed block 10, beyond this chain's head 9/);
        expect((await check({ block: { number: 10, timestamp: 999 } })).message).to.match(
          /has a block 10 that is not this chain's \(timestamp 999 vs 1000\)/,
        );
      });
    });
  });

  describe("IndexerStatementSource", function () {
    const rows = [
      row("credit", 3, "100", "100"),
      row("payout_change", 4, "0", ""),
      row("credit", 5, "7", "107"),
      row("claim", 6, "-7", "100"),
      row("credit", 9, "1.5", "101.5"),
    ];
    const block = { number: 12, timestamp: 1_800_000_012 };
    const identity = { chainId: 31337, deploymentId: "chain-31337", router: ROUTER.toLowerCase() };
    const totals = [
      {
        token: TOKEN.toLowerCase(),
        symbol: "tEURC",
        decimals: 6,
        credited: "108500000",
        claimed: "7000000",
        balance: "101500000",
      },
    ];

    /** An indexer that pages the rows above by `limit` (cursor: the index of the next row), recording each path asked. */
    function pagingIndexer(alter: (page: Record<string, unknown>) => Record<string, unknown> = (p) => p) {
      const asked: string[] = [];
      const fetcher = (async (input: string | URL | Request) => {
        const url = new URL(String(input));
        asked.push(url.pathname + url.search);
        const limit = Number(url.searchParams.get("limit") ?? rows.length);
        const start = Number(url.searchParams.get("after") ?? "0");
        const next = start + limit < rows.length ? String(start + limit) : null;
        const page = { ...identity, hospitalId: 1, block, rows: rows.slice(start, start + limit), next };
        return Response.json(alter(start === 0 ? { ...page, totals } : page));
      }) as typeof fetch;
      return { client: new IndexerClient("http://ix", fetcher), asked };
    }

    it("reads the statement page by page at the first page's block, and checks the rows it gathered", async function () {
      const { client, asked } = pagingIndexer();
      const source = new IndexerStatementSource(client, identity, chain(12, { 12: block.timestamp }), 2);
      const statement = await source.statement({ router: ROUTER, hospitalId: 1, fromBlock: 0, toBlock: 12 });
      expect(asked).to.deep.equal([
        "/api/hospitals/1/statement?format=json&limit=2",
        "/api/hospitals/1/statement?format=json&limit=2&after=2",
        "/api/hospitals/1/statement?format=json&limit=2&after=4",
      ]);
      expect(statement.rows).to.deep.equal(rows);
      expect(statement).to.deep.include({ block: 12, inconsistencies: [] });
      expect(statement.totals[0]).to.deep.include({
        credited: 108_500_000n,
        claimed: 7_000_000n,
        balance: 101_500_000n,
      });
    });

    it("reads an indexer that does not page (no next) in one request", async function () {
      const { client, asked } = pagingIndexer(({ next: _next, ...page }) => ({ ...page, rows }));
      const source = new IndexerStatementSource(client, identity, chain(12, { 12: block.timestamp }), 2);
      const statement = await source.statement({ router: ROUTER, hospitalId: 1, fromBlock: 0, toBlock: 12 });
      expect(asked).to.have.length(1);
      expect(statement.rows).to.deep.equal(rows);
    });

    it("refuses a page at another block than the first (exit code 3)", async function () {
      const { client } = pagingIndexer((page) =>
        "totals" in page ? page : { ...page, block: { number: 13, timestamp: 1_800_000_013 } },
      );
      const source = new IndexerStatementSource(client, identity, chain(13, { 12: block.timestamp }), 2);
      const error = await asyncRefusal(() =>
        source.statement({ router: ROUTER, hospitalId: 1, fromBlock: 0, toBlock: 12 }),
      );
      expect(error.exitCode).to.equal(EXIT.ENVIRONMENT);
      expect(error.message).to.equal(
        "the indexer at http://ix served a page of hospital 1's statement at block 13 after one at block 12",
      );
    });
  });

  describe("statement arithmetic", function () {
    const totals = (credited: bigint, claimed: bigint) => [
      { token: TOKEN, symbol: "tEURC", decimals: 6, credited, claimed, balance: credited - claimed },
    ];

    it("baseUnits reads token units exactly", function () {
      expect(baseUnits("1234.5", 6)).to.equal(1_234_500_000n);
      expect(baseUnits("-0.000001", 6)).to.equal(-1n);
      expect(baseUnits("2000000", 6)).to.equal(2_000_000_000_000n);
      expect(baseUnits("1.0000001", 6), "more decimals than the token").to.equal(undefined);
      expect(baseUnits("1e6", 6)).to.equal(undefined);
    });

    it("finds nothing to say about rows that add up", function () {
      const rows = [
        row("credit", 1, "100.5", "100.5"),
        row("payout_change", 2, "0", ""),
        row("claim", 3, "-100.5", "0"),
        row("credit", 4, "7", "7"),
      ];
      expect(statementInconsistencies(rows, totals(107_500_000n, 100_500_000n))).to.deep.equal([]);
    });

    it("names a row whose balance is not the previous one plus its amount, and totals the rows do not make", function () {
      const rows = [row("credit", 1, "100", "100"), row("credit", 2, "51", "150"), row("claim", 3, "-150", "0")];
      expect(statementInconsistencies(rows, totals(150_000_000n, 150_000_000n))).to.deep.equal([
        "the credit in block 2 says balance 150 tEURC, its rows add up to another",
        "the tEURC total (credited, claimed, balance) is not what the rows add up to",
      ]);
      expect(statementInconsistencies([row("credit", 1, "abc", "1")], totals(1n, 0n))[0]).to.equal(
        "the credit in block 1 has an amount or balance that is not a number",
      );
    });
  });
});
