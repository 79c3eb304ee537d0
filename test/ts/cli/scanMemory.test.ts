/**
 * The command line's log scans hold bounded memory whatever the history (issue 17): `hospital
 * statement`'s and `galeon status`'s scans run in a process of their own over a synthetic router
 * history of 3,000 and then 30,000 purchases (20 per block, the node in the process:
 * scripts/bench/scan-memory.ts), and their peak memory must not grow with the history. Measurement
 * noise and the statement's own rows (which grow with the hospital's history: they are its output)
 * are allowed for; a scan that holds a chunk proportional to the history is not (before the fix, live
 * heap 23 MB at 3,000 purchases and 153 MB at 30,000, resident 120 and 292 MB; after: 23 and 23-28 MB,
 * 120-135 and 137-144 MB).
 */
import { execFile } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";

import { expect } from "chai";

import type { ScanMemory } from "../../../scripts/bench/scan-memory.js";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..", "..");

async function measure(what: "statement" | "status", purchases: number): Promise<ScanMemory> {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    ["--expose-gc", "--import", "tsx", path.join(ROOT, "scripts", "bench", "scan-memory.ts"), what, String(purchases)],
    { cwd: ROOT, timeout: 120_000 },
  );
  return JSON.parse(stdout.trim().split("\n").pop()!) as ScanMemory;
}

describe("log scans: bounded memory whatever the history", function () {
  this.timeout(300_000);

  for (const what of ["statement", "status"] as const) {
    it(`${what}: the peak memory at 30,000 purchases is within noise of the peak at 3,000`, async function () {
      const small = await measure(what, 3_000);
      const large = await measure(what, 30_000);
      expect(large.logs, "every log scanned").to.equal(small.logs * 10 - (what === "statement" ? 9 : 0));
      // The rows the statement returns (its output) grow with the history: about 1.5 KB each.
      const rowsMb = what === "statement" ? ((large.rows - small.rows) * 1.5) / 1024 : 0;
      const report = JSON.stringify({ small, large });
      // The live heap (garbage collected at each answer) is the scan's own; the process's resident
      // memory also moves with V8's collection schedule, hence its wider margin.
      expect(large.peakHeapMb, `live heap: ${report}`).to.be.at.most(small.peakHeapMb * 1.1 + 2 + rowsMb);
      expect(large.maxRssMb, `resident: ${report}`).to.be.at.most(small.maxRssMb * 1.25 + 8 + rowsMb);
    });
  }
});
