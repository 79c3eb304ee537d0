/**
 * Formatting of the dashboard: exact token amounts from base units, short hashes, dates. Pure
 * functions, loaded by the page as an ES module and by the tests in Node (dashboard/test/).
 */

/**
 * Base units (a decimal string or bigint) as exact token units with thousands separators and no
 * trailing zeros: `tokenAmount("1234500000", 6)` is "1,234.5", `tokenAmount(-4n * 10n ** 18n, 18)` "-4".
 * @param {string | bigint} baseUnits
 * @param {number} decimals
 * @returns {string}
 */
export function tokenAmount(baseUnits, decimals) {
  let value = BigInt(baseUnits);
  const negative = value < 0n;
  if (negative) value = -value;
  const scale = 10n ** BigInt(decimals);
  const whole = (value / scale).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  const fraction = decimals === 0 ? "" : (value % scale).toString().padStart(decimals, "0").replace(/0+$/, "");
  return `${negative ? "-" : ""}${whole}${fraction === "" ? "" : `.${fraction}`}`;
}

/**
 * Base units rounded for reading (the exact value is `tokenAmount`'s): two decimals from one token
 * unit up, four significant digits below it, half up, without trailing zeros:
 * `roundedAmount(1234567n * 10n ** 15n, 18)` is "1,234.57", `roundedAmount(123456n, 18)` is
 * "0.0000000000001235" and `roundedAmount("1500000", 6)` is "1.5".
 * @param {string | bigint} baseUnits
 * @param {number} decimals
 * @param {number} [places] decimals kept from one token unit up (default 2)
 * @param {number} [significant] significant digits kept below one token unit (default 4)
 * @returns {string}
 */
export function roundedAmount(baseUnits, decimals, places = 2, significant = 4) {
  let value = BigInt(baseUnits);
  const negative = value < 0n;
  if (negative) value = -value;
  const scale = 10n ** BigInt(decimals);
  if (value === 0n) return "0";
  const keep = value >= scale ? places : decimals - value.toString().length + significant;
  if (keep >= decimals) return tokenAmount(negative ? -value : value, decimals);
  const drop = 10n ** BigInt(decimals - keep);
  const rounded = ((value + drop / 2n) / drop) * drop;
  return tokenAmount(negative ? -rounded : rounded, decimals);
}

/**
 * Base units as a JavaScript number of token units, for charts only (rounded to about 15 digits).
 * @param {string | bigint} baseUnits
 * @param {number} decimals
 * @returns {number}
 */
export function chartAmount(baseUnits, decimals) {
  const value = BigInt(baseUnits);
  const scale = 10n ** BigInt(decimals);
  return Number(value / scale) + Number(value % scale) / Number(scale);
}

/**
 * A hash or address shortened for a table cell: `0x1234…cdef` (the full value goes in a title).
 * @param {string} hex
 * @returns {string}
 */
export function shortHex(hex) {
  return hex.length <= 14 ? hex : `${hex.slice(0, 6)}…${hex.slice(-4)}`;
}

/**
 * Unix seconds as a UTC date and time, `2026-11-03 14:05 UTC`; with `dayOnly`, `2026-11-03`.
 * @param {number | string | bigint} seconds
 * @param {boolean} [dayOnly]
 * @returns {string}
 */
export function utcDate(seconds, dayOnly = false) {
  const iso = new Date(Number(seconds) * 1000).toISOString();
  return dayOnly ? iso.slice(0, 10) : `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
}

/**
 * The label of an interval's start on a chart's axis: the day for days and weeks, day and hour for hours.
 * @param {number} start unix seconds
 * @param {number} interval seconds
 * @returns {string}
 */
export function intervalLabel(start, interval) {
  return interval < 86_400 ? utcDate(start).slice(0, 16) : utcDate(start, true);
}

/**
 * A count with thousands separators: `count(12345)` is "12,345".
 * @param {number | string | bigint} n
 * @returns {string}
 */
export function count(n) {
  return BigInt(n)
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}
