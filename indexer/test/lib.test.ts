/**
 * Unit tests of the indexer's pure parts: the statement rows, the proposal state, the ABI check and
 * the launcher's options.
 */
import { spawnSync } from "node:child_process";
import path from "node:path";

import { expect } from "chai";
import { type Abi, parseAbi } from "viem";
import * as viemChains from "viem/chains";

import { STATEMENT_COLUMNS, statementCsv } from "../../domain/statements/statementFormat.js";
import { ROOT } from "../../test/ts/e2e/harness.js";
import { ROUTER_EVENTS } from "../lib/abis.js";
import { tokenUnits } from "../lib/format.js";
import { type ProposalFacts, proposalState, quorumAt } from "../lib/governance.js";
import { type IndexedEntry, statementRows, statementTotals } from "../lib/statement.js";
import { checkedAbi, ponderRpc, rpcLanes, SuiteError } from "../lib/suite.js";

const EURC = "0x9fe46736679d2d9a65f0992f2272de9f3c7fa6e0";
const PAYOUT = "0x90f79bf6eb2c4f870365e785982e1f101e93b906";
const NEW_PAYOUT = "0x15d34aaf54267db7d7c367839aaf71a00a2c6a65";
const TX = `0x${"ab".repeat(32)}`;

describe("indexer: pure parts", function () {
  describe("tokenUnits", function () {
    it("writes base units as exact token units, without separators or trailing zeros", function () {
      expect(tokenUnits(1_500_000n, 6)).to.equal("1.5");
      expect(tokenUnits(4_000_000n * 10n ** 6n, 6)).to.equal("4000000");
      expect(tokenUnits(-3n, 18)).to.equal("-0.000000000000000003");
      expect(tokenUnits(0n, 6)).to.equal("0");
    });
  });

  describe("statementRows", function () {
    const entry = (e: Partial<IndexedEntry>): IndexedEntry => ({
      kind: "credit",
      blockNumber: 10n,
      logIndex: 0,
      timestamp: 1_800_000_000n,
      transactionHash: TX,
      accessId: null,
      jobHash: null,
      buyer: null,
      token: EURC,
      amount: 0n,
      balance: 0n,
      payout: PAYOUT,
      previousPayout: null,
      ...e,
    });

    it("orders by block and log index, formats amounts, dates and checksummed addresses", function () {
      const tokens = new Map([[EURC, { symbol: "tEURC", decimals: 6 }]]);
      const rows = statementRows(
        [
          entry({ kind: "claim", blockNumber: 12n, amount: -2_000_000n, balance: 500_000n }),
          entry({
            kind: "payout_change",
            blockNumber: 11n,
            logIndex: 3,
            token: null,
            balance: null,
            payout: NEW_PAYOUT,
            previousPayout: PAYOUT,
          }),
          entry({
            accessId: `0x${"01".repeat(32)}`,
            jobHash: `0x${"02".repeat(32)}`,
            buyer: PAYOUT,
            amount: 2_500_000n,
            balance: 2_500_000n,
          }),
        ],
        tokens,
      );
      expect(rows.map((r) => [r.block, r.kind, r.amount, r.balance, r.symbol])).to.deep.equal([
        [10, "credit", "2.5", "2.5", "tEURC"],
        [11, "payout_change", "0", "", ""],
        [12, "claim", "-2", "0.5", "tEURC"],
      ]);
      expect(rows[0].date).to.equal("2027-01-15T08:00:00Z");
      expect(rows[0].token).to.equal("0x9fE46736679d2D9a65F0992F2272dE9f3c7fa6e0");
      expect(rows[1]).to.include({
        payout: "0x15d34AAf54267DB7D7c367839AAf71A00a2C6A65",
        previousPayout: "0x90F79bf6EB2c4f870365E785982E1f101E93b906",
      });
      const csv = statementCsv(rows);
      expect(csv.split("\n")[0]).to.equal(STATEMENT_COLUMNS.join(","));
      expect(csv.split("\n")).to.have.length(5);
    });
  });

  describe("statementTotals", function () {
    it("sums credits and claims per token in order of first appearance, skipping payout rotations", function () {
      const entry = (kind: IndexedEntry["kind"], token: string | null, amount: bigint): IndexedEntry => ({
        kind,
        blockNumber: 1n,
        logIndex: 0,
        timestamp: 0n,
        transactionHash: TX,
        accessId: null,
        jobHash: null,
        buyer: null,
        token,
        amount,
        balance: null,
        payout: PAYOUT,
        previousPayout: null,
      });
      expect(
        statementTotals([
          entry("credit", EURC, 10n),
          entry("payout_change", null, 0n),
          entry("credit", PAYOUT, 5n),
          entry("claim", EURC, -4n),
        ]),
      ).to.deep.equal([
        { token: EURC, credited: 10n, claimed: 4n, balance: 6n },
        { token: PAYOUT, credited: 5n, claimed: 0n, balance: 5n },
      ]);
    });
  });

  describe("rpcLanes", function () {
    it("gives a node on this machine 25 lanes, a remote endpoint one, and GALEON_RPC_LANES the last word", function () {
      expect(rpcLanes("http://127.0.0.1:8545", {})).to.equal(25);
      expect(rpcLanes("http://localhost:8545", {})).to.equal(25);
      expect(rpcLanes("http://[::1]:8545", {})).to.equal(25);
      expect(rpcLanes("https://eth-sepolia.example.org/v2/key", {})).to.equal(1);
      expect(rpcLanes("http://127.0.0.1:8545", { GALEON_RPC_LANES: "1" })).to.equal(1);
      expect(rpcLanes("https://rpc.example.org", { GALEON_RPC_LANES: "4" })).to.equal(4);
      expect(() => rpcLanes("http://127.0.0.1:8545", { GALEON_RPC_LANES: "0" })).to.throw(
        SuiteError,
        'GALEON_RPC_LANES must be an integer from 1 to 100 (got "0")',
      );
    });
  });

  describe("ponderRpc", function () {
    /** Ponder's rule (ponder/dist/esm/build/config.js): a URL equal to a default URL of viem's chain of that id. */
    const publicWarnings = (chainId: number, rpc: string | string[]) => {
      const chain = Object.values(viemChains).find((c) => "id" in c && c.id === chainId) as
        | { rpcUrls: { default: { http: readonly string[] } } }
        | undefined;
      const urls = Array.isArray(rpc) ? rpc : [rpc];
      return urls.filter((u) => chain?.rpcUrls.default.http.includes(u)).length;
    };

    it("gives Ponder no URL it takes for a public endpoint for a local node, one lane or 25", function () {
      expect(publicWarnings(31337, Array(25).fill("http://127.0.0.1:8545")), "as the URL was given before").to.equal(
        25,
      );
      const lanes = ponderRpc("http://127.0.0.1:8545", 25);
      expect(lanes).to.have.length(25);
      expect(publicWarnings(31337, lanes)).to.equal(0);
      expect(publicWarnings(31337, ponderRpc("http://127.0.0.1:8545", 1))).to.equal(0);
      expect(publicWarnings(1337, ponderRpc("http://127.0.0.1:8545", 25))).to.equal(0);
      expect(ponderRpc("http://localhost:8545", 1)).to.equal("http://localhost:8545/");
    });

    it("keeps a remote URL as written, so a public endpoint is still warned about", function () {
      const sepolia = viemChains.sepolia.rpcUrls.default.http[0];
      expect(ponderRpc(sepolia, 1)).to.equal(sepolia);
      expect(publicWarnings(11155111, ponderRpc(sepolia, 1))).to.equal(1);
      expect(ponderRpc("https://rpc.example.org/v2/key", 2)).to.deep.equal([
        "https://rpc.example.org/v2/key",
        "https://rpc.example.org/v2/key",
      ]);
    });
  });

  describe("proposalState", function () {
    const facts = (p: Partial<ProposalFacts>): ProposalFacts => ({
      voteStart: 100n,
      voteEnd: 200n,
      forVotes: 0n,
      againstVotes: 0n,
      abstainVotes: 0n,
      etaSeconds: null,
      executedAt: null,
      canceledAt: null,
      ...p,
    });

    it("follows Governor.state(): pending to the snapshot, active to the deadline, then the outcome", function () {
      expect(proposalState(facts({}), 100n, undefined)).to.equal("Pending");
      expect(proposalState(facts({}), 101n, 10n)).to.equal("Active");
      expect(proposalState(facts({}), 200n, 10n)).to.equal("Active");
      expect(proposalState(facts({ forVotes: 9n }), 201n, 10n)).to.equal("Defeated");
      expect(proposalState(facts({ forVotes: 9n, abstainVotes: 1n }), 201n, 10n)).to.equal("Succeeded");
      expect(proposalState(facts({ forVotes: 10n, againstVotes: 10n }), 201n, 10n)).to.equal("Defeated");
      expect(proposalState(facts({ forVotes: 10n, etaSeconds: 500n }), 201n, 10n)).to.equal("Queued");
      expect(proposalState(facts({ forVotes: 10n, executedAt: 600n }), 601n, 10n)).to.equal("Executed");
      expect(proposalState(facts({ canceledAt: 50n }), 99n, undefined)).to.equal("Canceled");
    });

    it("computes the quorum only once the snapshot is past", function () {
      expect(quorumAt(100n, 100n, 1_000n, { numerator: 4n, denominator: 100n })).to.equal(undefined);
      expect(quorumAt(100n, 101n, 1_000n, { numerator: 4n, denominator: 100n })).to.equal(40n);
      expect(quorumAt(100n, 101n, 1_000n, undefined)).to.equal(undefined);
    });
  });

  describe("checkedAbi", function () {
    it("accepts a deployed ABI with more events than the indexer reads", function () {
      const deployed = [...ROUTER_EVENTS, ...parseAbi(["event Paused(address indexed account, uint64 until)"])];
      expect(checkedAbi(deployed, ROUTER_EVENTS, "DataAccessRouter")).to.equal(deployed);
    });

    describe("reverts", function () {
      it("when an event the indexer reads changed its fields", function () {
        const changed: Abi = [
          ...ROUTER_EVENTS.filter((e) => e.name !== "PayoutSet"),
          ...parseAbi(["event PayoutSet(uint32 indexed hospitalId, address indexed newPayout)"]),
        ];
        expect(() => checkedAbi(changed, ROUTER_EVENTS, "DataAccessRouter"))
          .to.throw(SuiteError)
          .with.property("message")
          .that.matches(/^the deployed DataAccessRouter ABI lacks event PayoutSet\(.*\(it has PayoutSet\(/);
      });
    });
  });

  describe("npm run indexer (indexer/cli.ts)", function () {
    const run = (...args: string[]) =>
      spawnSync(
        process.execPath,
        [
          "--experimental-strip-types",
          "--no-warnings=ExperimentalWarning",
          path.join(ROOT, "indexer", "cli.ts"),
          ...args,
        ],
        { encoding: "utf8", timeout: 30_000 },
      );

    it("prints its usage with --help", function () {
      const help = run("--help");
      expect(help.status).to.equal(0);
      expect(help.stdout).to.match(/^usage: npm run indexer -- \[start\|serve\] \[options\]/);
    });

    describe("reverts", function () {
      for (const [args, message] of [
        [["--port", "x"], "--port must be a positive integer"],
        [["--schema", "Bad-Name"], "--schema must be lowercase letters"],
        [["--frob"], 'unknown argument "--frob"'],
        [["--rpc"], "--rpc needs a value"],
        [["--fresh", "--database-url", "postgresql://localhost/x"], "--fresh only deletes a PGlite folder"],
      ] as const) {
        it(`with exit code 2 on ${args.join(" ")}`, function () {
          const result = run(...args);
          expect(result.status).to.equal(2);
          expect(result.stderr.split("\n")[0]).to.contain(`error: ${message}`);
        });
      }
    });
  });
});
