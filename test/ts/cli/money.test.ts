/**
 * The money-side tasks' parsing and validation helpers: usage files (CSV and JSON), durations, day
 * counts, ids and hashes, the quote file (written, signed, read back), the statement's CSV, and the
 * router's error sentences.
 */
import { expect } from "chai";
import { verifyTypedData, ZeroAddress } from "ethers";
import hre, { network } from "hardhat";

import { packUsage, type Quote, QUOTE_TYPES, routerDomain, signQuote } from "../../../scripts/lib/quote.js";
import { parseQuoteFile, quoteFileContent } from "../../../scripts/lib/quoteFile.js";
import { compiledAbis, ErrorDecoder } from "../../../scripts/lib/revert.js";
import { ROUTER_SENTENCES } from "../../../scripts/lib/sentences/router.js";
import {
  parseBytes32,
  parseDays,
  parseDuration,
  parseHospitalId,
  parseUsage,
  splitList,
} from "../../../scripts/lib/usage.js";
import { statementCsv } from "../../../scripts/tasks/actions/hospital/statement.js";
import { badInput } from "../helpers/cli.js";

const { ethers } = await network.create();

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
      expect(badInput(() => parseDuration("-1h", "--valid-for"))).to.match(/is not a duration/);
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
      });
      const loaded = parseQuoteFile(text, "q.json");
      expect(loaded.quote).to.deep.equal(quote);
      expect(loaded).to.deep.include({ chainId: 31337, router, attestor });
      expect(verifyTypedData(routerDomain(31337n, router), QUOTE_TYPES, loaded.quote, loaded.signature)).to.equal(
        attestor,
      );
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

  describe("statement CSV", function () {
    it("writes one header and one line per entry, in base units", function () {
      const csv = statementCsv([
        {
          block: 31,
          transaction: "0xaa",
          logIndex: 0,
          kind: "credit",
          accessId: "0xbb",
          payout: "",
          token: "0xcc",
          symbol: "tEURC",
          decimals: 6,
          amount: 2_000_000_000_000n,
          balance: 2_000_000_000_000n,
        },
      ]);
      expect(csv).to.equal(
        "block,transaction,kind,access_id,payout,token,symbol,decimals,amount,balance\n" +
          "31,0xaa,credit,0xbb,,0xcc,tEURC,6,2000000000000,2000000000000\n",
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

    it("decodes the router's revert data into sentences", async function () {
      const decoder = new ErrorDecoder(await compiledAbis(hre.artifacts));
      const iface = new ethers.Interface((await hre.artifacts.readArtifact("DataAccessRouter")).abi);
      const accessId = "0x" + "33".repeat(32);
      expect(decoder.describe(iface.encodeErrorResult("DataAccessRouterAccessIdUsed", [accessId]))).to.equal(
        `access id ${accessId} was already used: a quote can be paid once`,
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
  });
});
