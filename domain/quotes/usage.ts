/**
 * Parsing of what the money-side tasks read from people: usage files (which hospitals' data a job
 * used, and how much), durations (`1h`, `30m`, `2d`), day counts, hospital ids and 32-byte hashes.
 * Pure functions: every refusal is a one-line `badInput` naming the file, line or option at fault.
 */
import { badInput } from "../errors/refusal.js";
import type { UsageEntry } from "./quote.js";

/** The largest hospital id (`uint32`). */
export const MAX_HOSPITAL_ID = 2n ** 32n - 1n;
/** The largest number of units in one usage entry (the low 224 bits of a usage word). */
export const MAX_UNITS = 2n ** 224n - 1n;
/** The router's bound on the usage vector (`MAX_USAGE_LENGTH`); the tasks read it from the chain. */
export const DEFAULT_MAX_USAGE_LENGTH = 256;

const INTEGER = /^[0-9]+$/;

/** Parses a hospital id: a decimal integer from 0 to 2^32 - 1. */
export function parseHospitalId(input: string | number | bigint, label = "hospital id"): number {
  const text = String(input).trim().replaceAll("_", "");
  if (!INTEGER.test(text)) throw badInput(`${label} "${String(input)}" is not a whole number`);
  const id = BigInt(text);
  if (id > MAX_HOSPITAL_ID) throw badInput(`${label} ${text} is above the largest hospital id (2^32 - 1)`);
  return Number(id);
}

function parseUnits(input: unknown, where: string): bigint {
  let text: string;
  if (typeof input === "number") {
    if (!Number.isSafeInteger(input)) throw badInput(`${where}: units ${input} must be a whole number (quote it)`);
    text = String(input);
  } else if (typeof input === "string") {
    text = input.trim().replaceAll("_", "");
  } else {
    throw badInput(`${where}: units must be a whole number, got ${JSON.stringify(input) ?? String(input)}`);
  }
  if (!INTEGER.test(text)) throw badInput(`${where}: units "${String(input)}" is not a whole number`);
  const units = BigInt(text);
  if (units === 0n) throw badInput(`${where}: units must be more than zero`);
  if (units > MAX_UNITS) throw badInput(`${where}: units ${text} is above 2^224 - 1`);
  return units;
}

function idAt(input: unknown, where: string): number {
  if (typeof input !== "number" && typeof input !== "string") {
    throw badInput(`${where}: hospitalId must be a whole number, got ${JSON.stringify(input) ?? String(input)}`);
  }
  return parseHospitalId(input, `${where}: hospital id`);
}

interface Located extends UsageEntry {
  hospitalId: number;
  where: string;
}

function parseCsv(text: string, name: string): Located[] {
  const rows: Located[] = [];
  const all = text.split(/\r?\n/);
  let headerSeen = false;
  for (let i = 0; i < all.length; i++) {
    const line = all[i].trim();
    if (line === "" || line.startsWith("#")) continue;
    const where = `${name} line ${i + 1}`;
    const cells = line.split(",").map((c) => c.trim());
    // One optional header, before any data row: a first cell that is not a number.
    if (!headerSeen && rows.length === 0 && !INTEGER.test(cells[0].replaceAll("_", ""))) {
      headerSeen = true;
      if (cells.length !== 2) throw badInput(`${where}: expected the header "hospitalId,units"`);
      continue;
    }
    if (cells.length !== 2) throw badInput(`${where}: expected "hospitalId,units", got "${line}"`);
    rows.push({ hospitalId: idAt(cells[0], where), units: parseUnits(cells[1], where), where });
  }
  return rows;
}

function parseJsonUsage(text: string, name: string): Located[] {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw badInput(`${name} is not valid JSON: ${(error as Error).message}`);
  }
  if (!Array.isArray(value)) throw badInput(`${name}: expected a JSON array of {"hospitalId", "units"}`);
  return value.map((item: unknown, i) => {
    const where = `${name} entry ${i}`;
    if (typeof item !== "object" || item === null || Array.isArray(item)) {
      throw badInput(`${where}: expected an object {"hospitalId": 1, "units": "1200"}`);
    }
    const record = item as Record<string, unknown>;
    const extra = Object.keys(record).filter((k) => k !== "hospitalId" && k !== "units");
    if (extra.length > 0) throw badInput(`${where}: unexpected field "${extra[0]}" (only hospitalId and units)`);
    return { hospitalId: idAt(record.hospitalId, where), units: parseUnits(record.units, where), where };
  });
}

/**
 * Parses a usage file: CSV `hospitalId,units` (an optional header line, `#` comments, blank lines)
 * or a JSON array `[{"hospitalId": 1, "units": "1200"}]` (units as a string or a safe integer).
 * Returns the entries sorted by hospital id; refuses duplicates, zero units, an empty list and more
 * than `maxLength` entries.
 */
export function parseUsage(text: string, name = "usage file", maxLength = DEFAULT_MAX_USAGE_LENGTH): UsageEntry[] {
  const trimmed = text.trim();
  const rows = trimmed.startsWith("[") ? parseJsonUsage(trimmed, name) : parseCsv(text, name);
  if (rows.length === 0) throw badInput(`${name} names no hospital`);
  if (rows.length > maxLength) {
    throw badInput(`${name} names ${rows.length} hospitals but a quote may name at most ${maxLength}`);
  }
  const sorted = [...rows].sort((a, b) => a.hospitalId - b.hospitalId);
  for (let i = 1; i < sorted.length; i++) {
    if (sorted[i].hospitalId === sorted[i - 1].hospitalId) {
      throw badInput(
        `${name} names hospital ${sorted[i].hospitalId} twice (${sorted[i - 1].where}, ${sorted[i].where})`,
      );
    }
  }
  return sorted.map(({ hospitalId, units }) => ({ hospitalId, units }));
}

const DURATION_UNITS: Record<string, bigint> = { s: 1n, m: 60n, h: 3_600n, d: 86_400n, w: 604_800n };

/**
 * Parses a duration into seconds: `90` (seconds), `90s`, `30m`, `1h`, `2d`, `1w`, or a sum such as
 * `1h30m`. Refuses zero, negatives and anything else.
 */
export function parseDuration(input: string, label = "duration"): bigint {
  const text = input.trim().toLowerCase().replaceAll(" ", "");
  if (INTEGER.test(text)) {
    const seconds = BigInt(text);
    if (seconds === 0n) throw badInput(`${label} must be more than zero`);
    return seconds;
  }
  if (text.startsWith("-")) {
    throw badInput(
      `${label} "${input}" is negative: a duration is a length of time, like 90s, 30m, 1h, 2d, 1w or 1h30m`,
    );
  }
  if (!/^([0-9]+[smhdw])+$/.test(text)) {
    throw badInput(`${label} "${input}" is not a duration: write it like 90s, 30m, 1h, 2d, 1w or 1h30m`);
  }
  let seconds = 0n;
  for (const [, amount, unit] of text.matchAll(/([0-9]+)([smhdw])/g)) seconds += BigInt(amount) * DURATION_UNITS[unit];
  if (seconds === 0n) throw badInput(`${label} must be more than zero`);
  return seconds;
}

/** Parses a whole, positive number of days (e.g. `--access-days 30`). */
export function parseDays(input: string, label = "days"): bigint {
  const text = input.trim();
  if (!INTEGER.test(text)) throw badInput(`${label} "${input}" is not a whole number of days`);
  const days = BigInt(text);
  if (days === 0n) throw badInput(`${label} must be at least 1`);
  if (days > 36_500n) throw badInput(`${label} ${text} is more than a hundred years`);
  return days;
}

/**
 * Parses a moment: a date (`2027-06-30`, midnight UTC) or a date and time (`2027-06-30T12:00:00Z`),
 * or a duration from `now` (`90d`, `1w`, as `parseDuration`). Returns unix seconds.
 */
export function parseMoment(input: string, now: bigint, label = "date"): bigint {
  const text = input.trim();
  if (/^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2})?(\.\d+)?(Z|[+-]\d{2}:?\d{2})?)?$/.test(text)) {
    const iso = /^\d{4}-\d{2}-\d{2}$/.test(text)
      ? `${text}T00:00:00Z`
      : /(Z|[+-]\d{2}:?\d{2})$/.test(text)
        ? text
        : `${text}Z`;
    const ms = Date.parse(iso.replace(" ", "T"));
    if (Number.isNaN(ms)) throw badInput(`${label} "${input}" is not a date`);
    return BigInt(Math.floor(ms / 1000));
  }
  if (!/^([0-9]+[smhdw])+$/i.test(text.replaceAll(" ", ""))) {
    throw badInput(
      `${label} "${input}" is neither a date (2027-06-30, 2027-06-30T12:00:00Z) nor a duration from now (90d, 1w)`,
    );
  }
  return now + parseDuration(text, label);
}

/** Parses a 32-byte hex value (`--job-hash`, `--access-id`, an access id argument). */
export function parseBytes32(input: string, label = "value"): string {
  const text = input.trim();
  if (!/^0x[0-9a-fA-F]{64}$/.test(text)) {
    throw badInput(`${label} "${input}" is not 32 bytes: expected 0x followed by 64 hexadecimal digits`);
  }
  return text.toLowerCase();
}

/** Splits a comma-separated option (`--token tEURC,GALEON`) into its non-empty parts. */
export function splitList(input: string | undefined): string[] {
  if (input === undefined) return [];
  return input
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s !== "");
}
