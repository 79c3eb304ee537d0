/**
 * A real browser for the dashboard's tests: Debian's Chromium (`/usr/bin/chromium`) driven by
 * playwright-core, which downloads no browser. When the machine has none and the test runs as root with
 * apt-get, the harness installs Debian's `chromium` package first (`.ci/run` does it before the tests).
 * `GALEON_TEST_CHROMIUM` points at another Chromium binary.
 */
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";

import { type Browser, chromium } from "playwright-core";

const DEBIAN_CHROMIUM = "/usr/bin/chromium";

/** The Chromium binary, installed with apt-get when missing and allowed. */
export function chromiumPath(): string {
  const wanted = process.env.GALEON_TEST_CHROMIUM || DEBIAN_CHROMIUM;
  if (existsSync(wanted)) return wanted;
  const root = process.getuid?.() === 0;
  if (wanted !== DEBIAN_CHROMIUM || !root || !existsSync("/usr/bin/apt-get")) {
    throw new Error(
      `no Chromium at ${wanted}: install Debian's chromium package (apt-get install chromium) ` +
        "or set GALEON_TEST_CHROMIUM to a Chromium binary",
    );
  }
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  execFileSync("apt-get", ["update", "-qq"], { stdio: "ignore", timeout: 300_000, env });
  execFileSync("apt-get", ["install", "-y", "-qq", "chromium"], { stdio: "ignore", timeout: 900_000, env });
  if (!existsSync(DEBIAN_CHROMIUM)) throw new Error("apt-get installed chromium but /usr/bin/chromium is missing");
  return DEBIAN_CHROMIUM;
}

/** Headless Chromium; without its sandbox as root (Chromium refuses to start sandboxed as root). */
export async function launchChromium(): Promise<Browser> {
  return await chromium.launch({
    executablePath: chromiumPath(),
    headless: true,
    args: process.getuid?.() === 0 ? ["--no-sandbox"] : [],
    timeout: 120_000,
  });
}
