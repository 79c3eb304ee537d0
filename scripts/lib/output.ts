/**
 * Output of every task: a table for people by default, one JSON object for scripts with `--json`.
 * Results go to stdout; the spinner and errors go to stderr, so `--json` output can be piped.
 */

/** A JSON replacer that writes bigints as decimal strings (base units stay exact). */
export function jsonReplacer(_key: string, value: unknown): unknown {
  return typeof value === "bigint" ? value.toString() : value;
}

export function toJson(value: unknown): string {
  return JSON.stringify(value, jsonReplacer, 2);
}

const NUMERIC = /^-?[0-9][0-9,]*(\.[0-9]+)?( [A-Za-z$]+)?$/;

/**
 * Renders rows as an aligned plain-text table; numeric columns are right-aligned. With `headers`
 * undefined the rows are printed without a header line (a key/value table).
 */
export function renderTable(rows: ReadonlyArray<ReadonlyArray<string>>, headers?: ReadonlyArray<string>): string {
  const all = headers === undefined ? rows : [headers, ...rows];
  const columns = Math.max(0, ...all.map((r) => r.length));
  const widths = Array.from({ length: columns }, (_, c) => Math.max(0, ...all.map((r) => (r[c] ?? "").length)));
  // A column whose body cells are all numbers is right-aligned, header included.
  const numeric = widths.map(
    (_, c) => c > 0 && rows.length > 0 && rows.every((r) => (r[c] ?? "") === "" || NUMERIC.test(r[c] ?? "")),
  );
  const line = (row: ReadonlyArray<string>) =>
    widths
      .map((w, c) => {
        const cell = row[c] ?? "";
        return numeric[c] ? cell.padStart(w) : cell.padEnd(w);
      })
      .join("  ")
      .trimEnd();
  const out = all.map(line);
  if (headers !== undefined) out.splice(1, 0, widths.map((w) => "-".repeat(w)).join("  "));
  return out.join("\n");
}

/** A titled key/value section, as printed by the status tasks. */
export interface Section {
  title: string;
  rows: Array<[string, string]>;
}

export function renderSections(sections: ReadonlyArray<Section>): string {
  return sections.map((s) => `${s.title}\n${renderTable(s.rows.map(([k, v]) => [`  ${k}`, v]))}`).join("\n\n");
}
