/** The dashboard's formatting (dashboard/format.js), the one the page and the tests both use. */
import { expect } from "chai";
import { formatUnits } from "ethers";

import { chartAmount, count, intervalLabel, roundedAmount, shortHex, tokenAmount, utcDate } from "../format.js";

describe("dashboard: formatting", function () {
  it("tokenAmount is exact, grouped by thousands, without trailing zeros", function () {
    expect(tokenAmount("1234500000", 6)).to.equal("1,234.5");
    expect(tokenAmount(-4n * 10n ** 18n, 18)).to.equal("-4");
    expect(tokenAmount("0", 6)).to.equal("0");
    expect(tokenAmount("1", 18)).to.equal("0.000000000000000001");
    expect(tokenAmount(999_999_999_123_456_789_012_345_678_901n, 18)).to.equal("999,999,999,123.456789012345678901");
    expect(tokenAmount("1000", 0)).to.equal("1,000");
  });

  it("tokenAmount equals ethers' formatUnits but for the separators", function () {
    for (const [value, decimals] of [
      [123_456_789n, 6],
      [10n ** 27n - 1n, 18],
      [5n, 1],
    ] as const) {
      expect(tokenAmount(value, decimals).replaceAll(",", "")).to.equal(
        formatUnits(value, decimals).replace(/\.0$/, ""),
      );
    }
  });

  it("roundedAmount keeps two decimals from one token unit up, four significant digits below, half up", function () {
    expect(roundedAmount(1234567n * 10n ** 15n, 18)).to.equal("1,234.57");
    expect(roundedAmount(799_700_000n * 10n ** 18n + 123_456_789_012_345_678n, 18)).to.equal("799,700,000.12");
    expect(roundedAmount(999_995n * 10n ** 13n, 18)).to.equal("10");
    expect(roundedAmount("1500000", 6)).to.equal("1.5");
    expect(roundedAmount(123456n, 18)).to.equal("0.0000000000001235");
    expect(roundedAmount(5n * 10n ** 17n, 18)).to.equal("0.5");
    expect(roundedAmount(-4_444_444n, 6)).to.equal("-4.44");
    expect(roundedAmount("0", 18)).to.equal("0");
    expect(roundedAmount("1000", 0)).to.equal("1,000");
    // Never more than two decimals from one unit up: the dashboard's cards fit their boxes.
    expect(roundedAmount(10n ** 27n - 1n, 18)).to.equal("1,000,000,000");
  });

  it("chartAmount, shortHex, utcDate, intervalLabel and count", function () {
    expect(chartAmount("1500000", 6)).to.equal(1.5);
    expect(shortHex(`0x${"ab".repeat(32)}`)).to.equal("0xabab…abab");
    expect(shortHex("0x1234")).to.equal("0x1234");
    expect(utcDate(0)).to.equal("1970-01-01 00:00 UTC");
    expect(utcDate(86_400 + 3_660, true)).to.equal("1970-01-02");
    expect(intervalLabel(3_600, 3_600)).to.equal("1970-01-01 01:00");
    expect(intervalLabel(86_400, 86_400)).to.equal("1970-01-02");
    expect(count(1234567)).to.equal("1,234,567");
  });
});
