/**
 * The money-side tasks' parsing and validation helpers: usage files (CSV and JSON), durations, day
 * counts, ids and hashes, the quote file (written, signed, read back), the statement's CSV, and the
 * router's error sentences (amounts in token units). On the deployed local suite (in-process chain):
 * the off-chain split preview and the raw event readers against real purchases, the allowance slot
 * found by probing with state overrides, and the statement and revenue rebuilt from logs, also
 * through a node that refuses large ranges.
 */
import { expect } from "chai";
import { AbiCoder, Interface, keccak256, verifyTypedData, ZeroAddress, ZeroHash } from "ethers";
import hre, { network } from "hardhat";

import {
  allowanceSlotCandidates,
  findAllowanceSlot,
  OZ_ERC20_NAMESPACE,
  solidityAllowanceSlot,
  storageOverride,
} from "../../../domain/chain/allowance.js";
import type { RawLog, RpcRequester } from "../../../domain/chain/logs.js";
import { purchaseCredit, purchaseIds, purchaseTotals, TOPICS } from "../../../domain/chain/routerEvents.js";
import { sentenceContext } from "../../../domain/errors/sentences/say.js";
import { previewSplit } from "../../../domain/quotes/split.js";
import { isoDate, STATEMENT_COLUMNS, statementCsv, tokenUnits } from "../../../domain/statements/statementFormat.js";
import { LogStatementSource } from "../../../domain/statements/statementSource.js";
import { LogRevenueSource } from "../../../domain/statements/statusSource.js";
import {
  packUsage,
  permitIdOf,
  type Quote,
  QUOTE_TYPES,
  routerDomain,
  signQuote,
} from "../../../domain/quotes/quote.js";
import { parseQuoteFile, quoteFileContent } from "../../../domain/quotes/quoteFile.js";
import { compiledAbis } from "../../../scripts/lib/context.js";
import { ErrorDecoder } from "../../../domain/errors/revert.js";
import { ESCROW_SENTENCES } from "../../../domain/errors/sentences/escrow.js";
import { ROUTER_SENTENCES } from "../../../domain/errors/sentences/router.js";
import {
  parseBytes32,
  parseDays,
  parseDuration,
  parseHospitalId,
  parseMoment,
  parseUsage,
  splitList,
} from "../../../domain/quotes/usage.js";
import { E6, localSuiteFixture, PAYEE, purchase, signedQuote } from "../fixtures/suite.js";
import { badInput } from "../helpers/cli.js";

const connection = await network.create();
const { ethers, networkHelpers } = connection;

describe("money-side command-line helpers", function () {
  describe("usage files", function () {
    it("parses CSV with a header, comments and blank lines, sorted by hospital id", function () {
      const text = "hospitalId,units\n# job 42\n4, 500\n\n1,2_000\r\n2,1500\n";
      expect(parseUsage(text, "u.csv")).to.deep.equal([
        { hospitalId: 1, units: 2000n },
        { hospitalId: 2, units: 1500n },
        { hospitalId: 4, units: 500n },
      ]);
    });

    it("parses CSV without a header", function () {
      expect(parseUsage("7,1\n3,2\n")).to.deep.equal([
        { hospitalId: 3, units: 2n },
        { hospitalId: 7, units: 1n },
      ]);
    });

    it("parses JSON with units as strings or safe integers, sorted", function () {
      const text = JSON.stringify([
        { hospitalId: 2, units: "1200" },
        { hospitalId: "1", units: 30 },
      ]);
      expect(parseUsage(text, "u.json")).to.deep.equal([
        { hospitalId: 1, units: 30n },
        { hospitalId: 2, units: 1200n },
      ]);
    });

    it("accepts units up to 2^224 - 1, the usage word's bound", function () {
      const max = (2n ** 224n - 1n).toString();
      expect(parseUsage(`1,${max}`)).to.deep.equal([{ hospitalId: 1, units: 2n ** 224n - 1n }]);
      expect(badInput(() => parseUsage(`1,${2n ** 224n}`))).to.match(/above 2\^224 - 1/);
    });

    describe("refuses", function () {
      it("duplicate hospital ids, naming both lines", function () {
        expect(badInput(() => parseUsage("1,10\n2,10\n1,5\n", "u.csv"))).to.equal(
          "u.csv names hospital 1 twice (u.csv line 1, u.csv line 3)",
        );
      });

      it("zero units", function () {
        expect(badInput(() => parseUsage("1,0", "u.csv"))).to.equal("u.csv line 1: units must be more than zero");
        expect(badInput(() => parseUsage('[{"hospitalId":1,"units":"0"}]', "u.json"))).to.match(/entry 0: units must/);
      });

      it("an empty file, and one longer than the router's bound", function () {
        expect(badInput(() => parseUsage("hospitalId,units\n", "u.csv"))).to.equal("u.csv names no hospital");
        expect(badInput(() => parseUsage("[]", "u.json"))).to.equal("u.json names no hospital");
        expect(badInput(() => parseUsage("1,1\n2,1\n3,1\n", "u.csv", 2))).to.equal(
          "u.csv names 3 hospitals but a quote may name at most 2",
        );
      });

      it("malformed rows: extra cells, negative or fractional numbers, ids above uint32", function () {
        expect(badInput(() => parseUsage("1,2,3", "u.csv"))).to.match(/line 1: expected "hospitalId,units"/);
        expect(badInput(() => parseUsage("1,-5", "u.csv"))).to.match(/units "-5" is not a whole number/);
        expect(badInput(() => parseUsage("1,2.5", "u.csv"))).to.match(/units "2.5" is not a whole number/);
        expect(badInput(() => parseUsage("4294967296,1", "u.csv"))).to.match(/above the largest hospital id/);
        expect(badInput(() => parseUsage("1,1\nx,2", "u.csv"))).to.match(
          /line 2: hospital id "x" is not a whole number/,
        );
      });

      it("malformed JSON: not JSON, not an array, unknown fields, unsafe numbers", function () {
        expect(badInput(() => parseUsage("[{", "u.json"))).to.match(/^u.json is not valid JSON/);
        expect(badInput(() => parseUsage('[{"hospitalId":1,"units":1,"name":"x"}]', "u.json"))).to.match(
          /unexpected field "name"/,
        );
        expect(badInput(() => parseUsage('[{"hospitalId":1,"units":1e30}]', "u.json"))).to.match(/quote it/);
        expect(badInput(() => parseUsage("[1]", "u.json"))).to.match(/entry 0: expected an object/);
        expect(badInput(() => parseUsage('[{"units":1}]', "u.json"))).to.match(/hospitalId must be a whole number/);
      });
    });
  });

  describe("durations and days", function () {
    it("parses seconds, units and sums", function () {
      expect(parseDuration("90")).to.equal(90n);
      expect(parseDuration("90s")).to.equal(90n);
      expect(parseDuration("30m")).to.equal(1_800n);
      expect(parseDuration("1h")).to.equal(3_600n);
      expect(parseDuration("2d")).to.equal(172_800n);
      expect(parseDuration("1w")).to.equal(604_800n);
      expect(parseDuration("1h30m")).to.equal(5_400n);
      expect(parseDuration(" 1H ")).to.equal(3_600n);
    });

    it("refuses zero, negatives and garbage", function () {
      expect(badInput(() => parseDuration("0", "--valid-for"))).to.equal("--valid-for must be more than zero");
      expect(badInput(() => parseDuration("0h", "--valid-for"))).to.equal("--valid-for must be more than zero");
      expect(badInput(() => parseDuration("-1h", "--valid-for"))).to.equal(
        '--valid-for "-1h" is negative: a duration is a length of time, like 90s, 30m, 1h, 2d, 1w or 1h30m',
      );
      expect(badInput(() => parseDuration("1 hour", "--valid-for"))).to.match(/is not a duration/);
      expect(badInput(() => parseDuration("1.5h", "--valid-for"))).to.match(/is not a duration/);
    });

    it("parses whole days and refuses zero, fractions and centuries", function () {
      expect(parseDays("30")).to.equal(30n);
      expect(badInput(() => parseDays("0", "--access-days"))).to.equal("--access-days must be at least 1");
      expect(badInput(() => parseDays("1.5", "--access-days"))).to.match(/not a whole number of days/);
      expect(badInput(() => parseDays("36501", "--access-days"))).to.match(/more than a hundred years/);
    });
  });

  describe("ids, hashes and lists", function () {
    it("parses hospital ids within uint32", function () {
      expect(parseHospitalId("4")).to.equal(4);
      expect(parseHospitalId("4294967295")).to.equal(4_294_967_295);
      expect(badInput(() => parseHospitalId("4294967296", "--hospital"))).to.match(/^--hospital 4294967296 is above/);
      expect(badInput(() => parseHospitalId("abc", "--hospital"))).to.equal('--hospital "abc" is not a whole number');
    });

    it("parses 32-byte hex values, lower-cased", function () {
      const hash = "0x" + "AB".repeat(32);
      expect(parseBytes32(hash)).to.equal(hash.toLowerCase());
      expect(badInput(() => parseBytes32("0x1234", "--job-hash"))).to.match(/^--job-hash "0x1234" is not 32 bytes/);
    });

    it("splits comma-separated lists", function () {
      expect(splitList("tEURC, GALEON,,")).to.deep.equal(["tEURC", "GALEON"]);
      expect(splitList(undefined)).to.deep.equal([]);
    });
  });

  describe("quote files", function () {
    const router = "0x68B1D87F95878fE05B998F19b66F4baba5De1aed";
    const token = { address: "0x9fE46736679d2D9a65F0992F2272dE9f3c7fa6e0", symbol: "tEURC", decimals: 6 };

    async function signed(): Promise<{ text: string; quote: Quote; attestor: string }> {
      const [attestor, buyer] = await ethers.getSigners();
      const quote: Quote = {
        accessId: "0x" + "11".repeat(32),
        buyer: buyer.address,
        payer: ZeroAddress,
        token: token.address,
        amount: 10_000_000n * 10n ** 6n,
        deadline: 1_800_000_000n,
        accessExpiry: 1_900_000_000n,
        usage: [packUsage({ hospitalId: 1, units: 2000n }), packUsage({ hospitalId: 4, units: 500n })],
        jobHash: "0x" + "22".repeat(32),
        permitId: "0x" + "33".repeat(32),
        permitExpiry: 1_950_000_000n,
        renews: ZeroHash,
      };
      const signature = await signQuote(attestor, 31337n, router, quote);
      const content = quoteFileContent({ chainId: 31337, router, attestor: attestor.address, quote, signature, token });
      return {
        text: JSON.stringify(content, (_k, v: unknown) => (typeof v === "bigint" ? v.toString() : v)),
        quote,
        attestor: attestor.address,
      };
    }

    it("round-trips: the file holds decimal strings and human fields, and its signature verifies", async function () {
      const { text, quote, attestor } = await signed();
      const file = JSON.parse(text);
      expect(file.message.amount).to.equal("10000000000000");
      expect(file.human).to.deep.equal({
        token: "tEURC",
        decimals: 6,
        amount: "10,000,000 tEURC",
        deadline: "2027-01-15T08:00:00Z",
        accessExpiry: "2030-03-17T17:46:40Z",
        usage: [
          { hospitalId: 1, units: "2000" },
          { hospitalId: 4, units: "500" },
        ],
        permitExpiry: "2031-10-17T10:40:00Z",
        renews: "",
      });
      expect(file.message).to.deep.include({
        permitId: "0x" + "33".repeat(32),
        permitExpiry: "1950000000",
        renews: ZeroHash,
      });
      const loaded = parseQuoteFile(text, "q.json");
      expect(loaded.quote).to.deep.equal(quote);
      expect(loaded).to.deep.include({ chainId: 31337, router, attestor });
      expect(verifyTypedData(routerDomain(31337n, router), QUOTE_TYPES, loaded.quote, loaded.signature)).to.equal(
        attestor,
      );
    });

    it("refuses a quote signed before quotes named their data permit, saying to ask for a new one", async function () {
      const { text } = await signed();
      const old = JSON.parse(text);
      old.types.Quote = old.types.Quote.slice(0, 9);
      for (const key of ["permitId", "permitExpiry", "renews"]) delete old.message[key];
      expect(badInput(() => parseQuoteFile(JSON.stringify(old), "old.json"))).to.equal(
        "old.json is not a valid Galeon quote file: it was signed before quotes named their data permit:" +
          " ask the attestor for a new quote",
      );
      const noPermit = JSON.parse(text);
      noPermit.message.permitId = "HDAB-1";
      expect(badInput(() => parseQuoteFile(JSON.stringify(noPermit), "q.json"))).to.match(
        /"permitId" must be 32 bytes in hex/,
      );
    });

    it("a permit id is a 32-byte id as given, or the keccak256 of the access body's permit number", function () {
      const hex = "0x" + "Ab".repeat(32);
      expect(permitIdOf(hex)).to.equal(hex.toLowerCase());
      expect(permitIdOf(" HDAB-FR-2026-0042 ")).to.equal(keccak256(Buffer.from("HDAB-FR-2026-0042")));
      expect(permitIdOf("0x1234")).to.equal(keccak256(Buffer.from("0x1234")));
    });

    it("a permit's end is a date, a date and time, or a duration from now; anything else is refused", function () {
      const now = 1_800_000_000n;
      expect(parseMoment("2027-06-30", now)).to.equal(BigInt(Date.UTC(2027, 5, 30) / 1000));
      expect(parseMoment("2027-06-30T12:00:00Z", now)).to.equal(BigInt(Date.UTC(2027, 5, 30, 12) / 1000));
      expect(parseMoment("2027-06-30T12:00", now)).to.equal(BigInt(Date.UTC(2027, 5, 30, 12) / 1000));
      expect(parseMoment("180d", now)).to.equal(now + 180n * 86_400n);
      expect(badInput(() => parseMoment("soon", now, "--permit-expiry"))).to.equal(
        '--permit-expiry "soon" is neither a date (2027-06-30, 2027-06-30T12:00:00Z) nor a duration from now (90d, 1w)',
      );
      expect(badInput(() => parseMoment("2027-02-31x", now, "--permit-expiry"))).to.match(/is neither a date/);
    });

    it("refuses a file that is not JSON, of another format, or with a bad field, naming the file", async function () {
      const { text } = await signed();
      expect(badInput(() => parseQuoteFile("{", "q.json"))).to.equal(
        "q.json is not a valid Galeon quote file: it is not JSON",
      );
      const edit = (f: (o: Record<string, any>) => void) => {
        const o = JSON.parse(text);
        f(o);
        return JSON.stringify(o);
      };
      expect(
        badInput(() =>
          parseQuoteFile(
            edit((o) => (o.format = "x")),
            "q.json",
          ),
        ),
      ).to.match(/"format" must be/);
      expect(
        badInput(() =>
          parseQuoteFile(
            edit((o) => (o.message.amount = 5)),
            "q.json",
          ),
        ),
      ).to.match(/"amount" must be a decimal string/);
      expect(
        badInput(() =>
          parseQuoteFile(
            edit((o) => (o.message.buyer = "0x12")),
            "q.json",
          ),
        ),
      ).to.match(/"buyer" must be an address/);
      expect(
        badInput(() =>
          parseQuoteFile(
            edit((o) => (o.domain.chainId = 1)),
            "q.json",
          ),
        ),
      ).to.match(/"domain" does not match/);
      expect(
        badInput(() =>
          parseQuoteFile(
            edit((o) => (o.signature = "0x1234")),
            "q.json",
          ),
        ),
      ).to.match(/"signature" must be a 65-byte signature/);
      expect(
        badInput(() =>
          parseQuoteFile(
            edit((o) => (o.message.usage = ["-1"])),
            "q.json",
          ),
        ),
      ).to.match(/"message.usage\[0\]" must be a decimal string/);
    });
  });

  describe("statement format", function () {
    it("writes token units for a spreadsheet: a dot, no thousands separators, exact", function () {
      expect(tokenUnits(2_000_000_000_000n, 6)).to.equal("2000000");
      expect(tokenUnits(-1_000_500_000n, 6)).to.equal("-1000.5");
      expect(tokenUnits(1n, 18)).to.equal("0.000000000000000001");
      expect(tokenUnits(0n, 6)).to.equal("0");
      expect(isoDate(1_800_000_000)).to.equal("2027-01-15T08:00:00Z");
    });

    it("writes the header row, then one line per row, quoting only what must be", function () {
      const csv = statementCsv([
        {
          date: "2027-01-15T08:00:00Z",
          block: 31,
          transaction: "0xaa",
          logIndex: 2,
          kind: "credit",
          accessId: "0xbb",
          jobHash: "0xcc",
          buyer: "0xdd",
          token: "0xee",
          symbol: "t,EURC",
          amount: "2000000",
          balance: "2000000",
          payout: "0xff",
          previousPayout: "",
          permitId: "0x99",
        },
      ]);
      expect(csv).to.equal(
        `${STATEMENT_COLUMNS.join(",")}\n` +
          '2027-01-15T08:00:00Z,31,0xaa,2,credit,0xbb,0xcc,0xdd,0xee,"t,EURC",2000000,2000000,0xff,,0x99\n',
      );
      expect(STATEMENT_COLUMNS.join(",")).to.equal(
        "date,block,transaction,log_index,kind,access_id,job_hash,buyer,token,symbol,amount,balance,payout,previous_payout" +
          ",permit_id",
      );
    });
  });

  describe("router sentences", function () {
    it("has a sentence for every DataAccessRouter* and HospitalRegistry* error of the compiled router", async function () {
      const abi = (await hre.artifacts.readArtifact("DataAccessRouter")).abi as Array<{ type: string; name: string }>;
      const names = abi
        .filter((item) => item.type === "error" && /^(DataAccessRouter|HospitalRegistry)/.test(item.name))
        .map((item) => item.name);
      expect(names.length).to.be.greaterThan(20);
      expect(names.filter((n) => ROUTER_SENTENCES[n] === undefined)).to.deep.equal([]);
    });

    it("has a sentence for every JobEscrow* error of the compiled escrow", async function () {
      const abi = (await hre.artifacts.readArtifact("JobEscrow")).abi as Array<{ type: string; name: string }>;
      const names = abi.filter((item) => item.type === "error" && /^JobEscrow/.test(item.name)).map((i) => i.name);
      expect(names.length).to.be.greaterThan(15);
      expect(names.filter((n) => ESCROW_SENTENCES[n] === undefined)).to.deep.equal([]);
      const decoder = new ErrorDecoder(
        await compiledAbis(hre.artifacts),
        sentenceContext([], { address: "0x9fE46736679d2D9a65F0992F2272dE9f3c7fa6e0", symbol: "tEURC", decimals: 6 }),
      );
      const iface = new ethers.Interface((await hre.artifacts.readArtifact("JobEscrow")).abi);
      const lockId = "0x" + "44".repeat(32);
      expect(
        decoder.describe(
          iface.encodeErrorResult("JobEscrowAmountAboveLock", [lockId, 10_000_001n * E6, 10_000_000n * E6]),
        ),
      ).to.equal(`the settlement asks 10,000,001 tEURC, above the 10,000,000 tEURC locked in ${lockId}`);
    });

    it("decodes the router's revert data into sentences", async function () {
      const decoder = new ErrorDecoder(await compiledAbis(hre.artifacts));
      const iface = new ethers.Interface((await hre.artifacts.readArtifact("DataAccessRouter")).abi);
      const accessId = "0x" + "33".repeat(32);
      expect(decoder.describe(iface.encodeErrorResult("DataAccessRouterAccessIdUsed", [accessId]))).to.equal(
        `access id ${accessId} was already used: a quote can be paid once`,
      );
      expect(
        decoder.describe(
          iface.encodeErrorResult("DataAccessRouterAccessOutlivesPermit", [1_900_000_000n, 1_800_000_000n]),
        ),
      ).to.equal(
        "the quote's access would end at 2030-03-17T17:46:40Z, after its data permit (2027-01-15T08:00:00Z):" +
          " an access never outlives its permit",
      );
      expect(
        decoder.describe(iface.encodeErrorResult("DataAccessRouterQuoteExpired", [1_800_000_000n, 1_800_000_060n])),
      ).to.equal(
        "the quote expired at 2027-01-15T08:00:00Z (chain time 2027-01-15T08:01:00Z): ask the attestor for a new one",
      );
      const [a, b] = await ethers.getSigners();
      expect(
        decoder.describe(iface.encodeErrorResult("HospitalRegistryNotPayout", [a.address, 4, b.address])),
      ).to.equal(`${a.address} is not the payout address of hospital 4 (${b.address}): only it may rotate it`);
      expect(decoder.describe(iface.encodeErrorResult("HospitalRegistryAlreadyInStatus", [2, 2]))).to.equal(
        "hospital 2 is already suspended",
      );
    });

    it("says amounts in token units, never base units, once the task's token is known", async function () {
      const eurc = { address: "0x9fE46736679d2D9a65F0992F2272dE9f3c7fa6e0", symbol: "tEURC", decimals: 6 };
      const decoder = new ErrorDecoder(await compiledAbis(hre.artifacts), sentenceContext([], eurc));
      const iface = new ethers.Interface((await hre.artifacts.readArtifact("DataAccessRouter")).abi);
      const erc20 = new ethers.Interface((await hre.artifacts.readArtifact("TestStablecoin")).abi);
      const [a] = await ethers.getSigners();
      const sentences = [
        decoder.describe(
          iface.encodeErrorResult("DataAccessRouterAmountAboveMax", [10_000_000n * E6, 9_000_000n * E6]),
        ),
        decoder.describe(iface.encodeErrorResult("DataAccessRouterInsufficientAllowance", [0n, 1_500_000n])),
        decoder.describe(iface.encodeErrorResult("DataAccessRouterReceivedMismatch", [1_000_000n, 990_000n])),
        decoder.describe(erc20.encodeErrorResult("ERC20InsufficientBalance", [a.address, 5n * E6, 7_250_000n])),
        decoder.describe(erc20.encodeErrorResult("ERC20InsufficientAllowance", [a.address, 0n, 2n * E6])),
      ];
      expect(sentences).to.deep.equal([
        "the quote costs 10,000,000 tEURC, above your maximum of 9,000,000 tEURC",
        "the router may spend only 0 tEURC but the quote costs 1.5 tEURC: approve more first",
        "the router received 0.99 tEURC instead of 1 tEURC (fee-on-transfer tokens are refused)",
        `${a.address} holds 5 tEURC but 7.25 tEURC are needed`,
        `${a.address} may spend only 0 tEURC but 2 tEURC are needed: approve more first`,
      ]);
      for (const sentence of sentences) expect(sentence).not.to.match(/base units/);
    });

    it("says an altered quote is altered, naming nobody from its fields as allowed to pay", async function () {
      const decoder = new ErrorDecoder(await compiledAbis(hre.artifacts));
      const iface = new ethers.Interface((await hre.artifacts.readArtifact("DataAccessRouter")).abi);
      const [attestor, forged] = await ethers.getSigners();
      const sentence = decoder.describe(
        iface.encodeErrorResult("DataAccessRouterInvalidSigner", [forged.address, attestor.address]),
      );
      expect(sentence).to.match(/^the quote was altered, or not signed by the router's attestor /);
      expect(sentence).not.to.contain(forged.address);
      expect(sentence).not.to.match(/may pay/);
    });
  });

  describe("on the deployed local suite", function () {
    const fixture = localSuiteFixture(connection);
    const rpc: RpcRequester = connection.provider;
    const time = networkHelpers.time;

    /** A node in front of the real one that refuses `eth_getLogs` over more than `maxBlocks` blocks. */
    function refusingRanges(maxBlocks: number): RpcRequester & { refused: number } {
      const proxy = {
        refused: 0,
        async request(args: { method: string; params?: unknown[] }) {
          if (args.method === "eth_getLogs") {
            const { fromBlock, toBlock } = args.params![0] as { fromBlock: string; toBlock: string };
            if (Number(toBlock) - Number(fromBlock) + 1 > maxBlocks) {
              proxy.refused += 1;
              throw Object.assign(new Error(`block range is too wide (max ${maxBlocks})`), { code: -32602 });
            }
          }
          return await rpc.request(args);
        },
      };
      return proxy;
    }

    it("previews the split and every credit exactly as the router splits them", async function () {
      const suite = await networkHelpers.loadFixture(fixture);
      const cases = [
        {
          amount: 10_000_000n * E6,
          usage: [
            { hospitalId: 1, units: 2000n },
            { hospitalId: 2, units: 1500n },
            { hospitalId: 4, units: 500n },
          ],
        },
        {
          amount: 1_000_500_001n,
          usage: [
            { hospitalId: 1, units: 3n },
            { hospitalId: 3, units: 7n },
            { hospitalId: 5, units: 11n },
          ],
        },
        {
          // The smallest amounts, where every part rounds (below 10 base units the router refuses the
          // purchase as too small to split: DataAccessRouterPartTooSmall, tested with the router).
          amount: 11n,
          usage: [
            { hospitalId: 2, units: 1n },
            { hospitalId: 3, units: 1n },
            { hospitalId: 4, units: 1n },
          ],
        },
      ];
      const bps = (await suite.router.split()).map((b) => BigInt(b)) as [bigint, bigint, bigint, bigint];
      for (const c of cases) {
        const { quote, tx } = await purchase(suite, time, c);
        const receipt = (await (await tx).wait())!;
        const event = receipt.logs.map((l) => suite.router.interface.parseLog(l)).find((e) => e?.name === "Purchased")!;
        const preview = previewSplit(quote.amount, bps, quote.usage);
        expect(preview.parts, "parts").to.deep.equal((event.args.parts as bigint[]).map(BigInt));
        expect(
          preview.credits.map((x) => x.credit),
          "credits",
        ).to.deep.equal((event.args.credits as bigint[]).map(BigInt));
      }
    });

    it("reads purchases from raw logs as the full ABI decoder does, and its topics are the compiled ABI's", async function () {
      const suite = await networkHelpers.loadFixture(fixture);
      const usage = [
        { hospitalId: 1, units: 30n },
        { hospitalId: 2, units: 10n },
        { hospitalId: 4, units: 60n },
      ];
      const { tx } = await purchase(suite, time, { amount: 1_000_500_000n, usage });
      const receipt = (await (await tx).wait())!;
      const log = receipt.logs.find((l) => l.topics[0] === TOPICS.Purchased)!;
      const raw: RawLog = {
        address: log.address,
        topics: [...log.topics],
        data: log.data,
        blockNumber: `0x${log.blockNumber.toString(16)}`,
        transactionHash: log.transactionHash,
        logIndex: `0x${log.index.toString(16)}`,
      };
      const event = suite.router.interface.parseLog(log)!;
      expect(purchaseTotals(raw)).to.deep.equal({
        token: event.args.token,
        amount: event.args.amount,
        parts: (event.args.parts as bigint[]).map(BigInt),
      });
      expect(purchaseIds(raw)).to.deep.equal({
        accessId: event.args.accessId,
        jobHash: event.args.jobHash,
        buyer: event.args.buyer,
        token: event.args.token,
      });
      const credits = (event.args.credits as bigint[]).map(BigInt);
      expect([1, 2, 4].map((h) => purchaseCredit(raw, h))).to.deep.equal(credits);
      expect([0, 3, 5, 2 ** 32 - 1].map((h) => purchaseCredit(raw, h))).to.deep.equal([
        undefined,
        undefined,
        undefined,
        undefined,
      ]);
      const abi = new Interface((await hre.artifacts.readArtifact("DataAccessRouter")).abi);
      for (const [name, topic] of Object.entries(TOPICS)) expect(abi.getEvent(name)!.topicHash, name).to.equal(topic);
    });

    it("finds the allowance slot by probing with state overrides (classic layout) and simulates with it", async function () {
      const suite = await networkHelpers.loadFixture(fixture);
      const router = await suite.router.getAddress();
      for (const token of [suite.eurc, suite.token]) {
        const address = await token.getAddress();
        const slot = await findAllowanceSlot(rpc, address, suite.buyer.address, router, "pending");
        // OpenZeppelin 5's ERC20: _balances at slot 0, _allowances at slot 1.
        expect(slot).to.equal(solidityAllowanceSlot(suite.buyer.address, router, 1n));
        const data = token.interface.encodeFunctionData("allowance", [suite.buyer.address, router]);
        const result = await rpc.request({
          method: "eth_call",
          params: [{ to: address, data }, "pending", storageOverride(address, slot!, 123n * E6)],
        });
        expect(BigInt(result as string)).to.equal(123n * E6);
      }
      // A purchase with no approval at all goes through once the allowance is overridden.
      const { quote, signature } = await signedQuote(suite, time, {
        amount: 5n * E6,
        usage: [{ hospitalId: 1, units: 1n }],
      });
      await (await suite.eurc.mint(suite.buyer.address, 5n * E6)).wait();
      const eurc = await suite.eurc.getAddress();
      const slot = (await findAllowanceSlot(rpc, eurc, suite.buyer.address, router, "pending"))!;
      const call = {
        from: suite.buyer.address,
        to: router,
        data: suite.router.interface.encodeFunctionData("purchase", [quote, signature, quote.amount]),
      };
      const refused = await rpc.request({ method: "eth_call", params: [call, "pending"] }).then(
        () => undefined,
        (error: unknown) => error,
      );
      expect(refused, "refused without the override").not.to.equal(undefined);
      expect(
        await rpc.request({ method: "eth_call", params: [call, "pending", storageOverride(eurc, slot, quote.amount)] }),
      ).to.equal("0x");
      expect(await suite.eurc.allowance(suite.buyer.address, router)).to.equal(0n);
    });

    it("probes OpenZeppelin's ERC-7201 namespace, and says so when no candidate fits", async function () {
      const owner = "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC";
      const spender = "0x68B1D87F95878fE05B998F19b66F4baba5De1aed";
      // erc7201("openzeppelin.storage.ERC20") = keccak256(abi.encode(uint256(keccak256(id)) - 1)) & ~0xff
      const namespace =
        BigInt(
          keccak256(
            AbiCoder.defaultAbiCoder().encode(
              ["uint256"],
              [BigInt(keccak256(new TextEncoder().encode("openzeppelin.storage.ERC20"))) - 1n],
            ),
          ),
        ) & ~0xffn;
      expect(namespace).to.equal(BigInt(OZ_ERC20_NAMESPACE));
      const namespaced = solidityAllowanceSlot(owner, spender, namespace + 1n);
      expect(allowanceSlotCandidates(owner, spender)).to.include(namespaced);
      // A token whose allowances live in the namespace (ERC20Upgradeable): only that slot answers.
      const tokenAt = (slot: string): RpcRequester => ({
        async request({ params }) {
          const overrides = params![2] as Record<string, { stateDiff: Record<string, string> }>;
          const diff = Object.values(overrides)[0].stateDiff;
          return diff[slot] ?? "0x" + "00".repeat(32);
        },
      });
      expect(
        await findAllowanceSlot(tokenAt(namespaced), "0x9fE46736679d2D9a65F0992F2272dE9f3c7fa6e0", owner, spender),
      ).to.equal(namespaced);
      expect(
        await findAllowanceSlot(tokenAt("0x1234"), "0x9fE46736679d2D9a65F0992F2272dE9f3c7fa6e0", owner, spender),
      ).to.equal(undefined);
    });

    it("rebuilds a hospital's statement and the revenue from logs, the same through a node that refuses ranges", async function () {
      const suite = await networkHelpers.loadFixture(fixture);
      const [h1] = suite.hospitals;
      const usage = [
        { hospitalId: 1, units: 2n },
        { hospitalId: 2, units: 1n },
      ];
      await (
        await purchase(suite, time, { amount: 300n * E6, usage })
      ).tx;
      await (await suite.router.connect(suite.stranger).claimHospital(1, [await suite.eurc.getAddress()])).wait();
      await (await suite.router.connect(h1).setPayout(1, suite.holder.address)).wait();
      // Hospital 1 is not in this one: no row for it.
      await (
        await purchase(suite, time, { amount: 90n * E6, usage: [{ hospitalId: 2, units: 1n }] })
      ).tx;
      await (
        await purchase(suite, time, { amount: 10n * E6 + 3n, usage })
      ).tx;
      const router = await suite.router.getAddress();
      const eurc = await suite.eurc.getAddress();
      const toBlock = await ethers.provider.getBlockNumber();
      const lookup = async () => ({ address: eurc, symbol: "tEURC", decimals: 6 });
      const query = { router, hospitalId: 1, fromBlock: 0, toBlock };
      const direct = await new LogStatementSource(rpc, lookup).statement(query);
      const refusing = refusingRanges(3);
      const chunked = await new LogStatementSource(refusing, lookup).statement(query);
      expect(refusing.refused).to.be.greaterThan(0);
      expect(chunked.rows).to.deep.equal(direct.rows);
      // A node whose logs carry no block timestamp: the dates come from the blocks themselves.
      const noTimestamps: RpcRequester = {
        async request(args) {
          const result = await rpc.request(args);
          if (args.method !== "eth_getLogs") return result;
          return (result as RawLog[]).map(({ blockTimestamp: _, ...log }) => log);
        },
      };
      expect((await new LogStatementSource(noTimestamps, lookup).statement(query)).rows).to.deep.equal(direct.rows);
      expect(direct.rows.map((r) => [r.kind, r.amount, r.balance, r.payout, r.previousPayout])).to.deep.equal([
        ["credit", "80", "80", h1.address, ""],
        ["claim", "-80", "0", h1.address, ""],
        ["payout_change", "0", "", suite.holder.address, h1.address],
        ["credit", "2.666667", "2.666667", suite.holder.address, ""],
      ]);
      expect(direct.rows[0]).to.deep.include({ buyer: suite.buyer.address, token: eurc, symbol: "tEURC" });
      expect(direct.rows[0].date).to.match(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
      expect(direct.totals).to.deep.equal([
        { token: eurc, symbol: "tEURC", decimals: 6, credited: 82_666_667n, claimed: 80_000_000n, balance: 2_666_667n },
      ]);
      expect(await suite.router.hospitalBalance(1, eurc)).to.equal(2_666_667n);
      const two = await new LogStatementSource(rpc, lookup).statement({ ...query, hospitalId: 2 });
      expect(two.rows.map((r) => r.amount)).to.deep.equal(["40", "36", "1.333334"]);
      expect(two.totals[0].balance).to.equal(await suite.router.hospitalBalance(2, eurc));

      // A credit that rounds to zero (a tiny price over many units) makes no row.
      const zeroCredits: RpcRequester = {
        async request(args) {
          const result = await rpc.request(args);
          if (args.method !== "eth_getLogs") return result;
          return (result as RawLog[]).map((log) => {
            if (log.topics[0] !== TOPICS.Purchased) return log;
            const words = log.data.slice(2).match(/.{64}/g)!;
            const at = Number(BigInt("0x" + words[9]) / 32n);
            for (let i = 1; i <= Number(BigInt("0x" + words[at])); i++) words[at + i] = "0".repeat(64);
            return { ...log, data: "0x" + words.join("") };
          });
        },
      };
      const zero = await new LogStatementSource(zeroCredits, lookup).statement(query);
      expect(zero.rows.map((r) => r.kind)).to.deep.equal(["claim", "payout_change"]);

      const revenue = await new LogRevenueSource(refusingRanges(2)).revenue({ router, fromBlock: 0, toBlock });
      const total = 300n * E6 + 90n * E6 + 10n * E6 + 3n;
      expect(revenue.tokens).to.have.length(1);
      expect(revenue.tokens[0]).to.deep.include({
        token: eurc,
        purchases: 3,
        revenue: total,
        hospitalsClaimed: 80n * E6,
      });
      expect(revenue.tokens[0].parts.reduce((a, b) => a + b, 0n)).to.equal(total);
      expect(revenue.tokens[0].parts[1]).to.equal(await suite.router.payeeBalance(PAYEE.Treasury, eurc));
    });
  });
});
