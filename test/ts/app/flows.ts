/**
 * What the hospital and buyer browser tests share beside the harness: the command line run against
 * the stack (to compare the app's sentences and files with the CLI's), the development accounts,
 * reading a screen's text, and the node's nonce of an account (nothing sent = nonce unchanged).
 */
import type { Page } from "playwright-core";

import { type CliRun, DEV_ACCOUNTS, hardhat } from "../e2e/harness.js";
import { type AppHarness, connect, type OpenedApp, openApp, type PageGlobals, waitReady } from "./harness.js";

export { DEV_ACCOUNTS };

/** Runs a Galeon task on the stack's node and deployment, as a user types it. */
export async function cli(h: AppHarness, ...args: string[]): Promise<CliRun> {
  return await hardhat(
    ["--network", "localnode", ...args, "--deployment-id", h.stack.deploymentId],
    h.stack.rpcUrl,
    180_000,
  );
}

/**
 * The app at `#<hashPath>` with the wallet connected, once the screen has been drawn again for the
 * account's roles. The shell redraws a screen when the wallet or its roles change, and shows
 * "no role yet" (not "reading its roles") until they are read: for an account with roles, a click
 * before they show would land on the screen being replaced.
 */
export async function openConnected(
  h: AppHarness,
  hashPath: string,
  options: Parameters<typeof openApp>[2] & { hasRoles?: boolean } = {},
): Promise<OpenedApp> {
  const { hasRoles = true, ...rest } = options;
  const app = await openApp(h, hashPath, rest);
  await connect(app.page);
  if (hasRoles) {
    await app.page.waitForFunction(
      () => {
        const text = (globalThis as unknown as PageGlobals).document.getElementById("roles")?.textContent ?? "";
        return text !== "" && !/^(reading its roles|no role yet)/.test(text);
      },
      undefined,
      { timeout: 60_000 },
    );
  }
  await waitReady(app.page, hashPath);
  return app;
}

/** The one-line refusal a task printed (`error: ...` on stderr), without its prefix. */
export function cliRefusal(run: CliRun): string {
  const line = run.stderr.split("\n").find((l) => l.startsWith("error: "));
  if (line === undefined)
    throw new Error(`the task printed no refusal (exit ${run.code}):\n${run.stdout}\n${run.stderr}`);
  return line.slice("error: ".length);
}

/** The account's transaction count on the node. */
export async function nonceOf(h: AppHarness, account: string): Promise<number> {
  return await h.provider.getTransactionCount(account, "latest");
}

/** Waits until `selector` is on the page, and returns its text. */
export async function textOf(page: Page, selector: string, timeout = 60_000): Promise<string> {
  await page.waitForSelector(selector, { timeout });
  return ((await page.textContent(selector)) ?? "").trim();
}

/** Waits until one of `selectors` is on the page and returns which (the first that appeared). */
export async function firstOf(page: Page, selectors: string[], timeout = 60_000): Promise<string> {
  try {
    const found = await page.waitForFunction(
      (list) =>
        list.find((s) => (globalThis as unknown as PageGlobalsQuery).document.querySelector(s) !== null) ?? false,
      selectors,
      { timeout },
    );
    return (await found.jsonValue()) as string;
  } catch (error) {
    // What the page shows instead, for the failure's message.
    const shown = await page.textContent("main").catch(() => "(no page)");
    throw new Error(`none of ${selectors.join(", ")} appeared; the page shows: ${shown}`, { cause: error });
  }
}

interface PageGlobalsQuery extends PageGlobals {
  document: PageGlobals["document"] & { querySelector(selector: string): unknown };
}

/** The exact values (`data-exact`) of the amounts in a table's rows, by the first cell's text. */
export async function amountsByRow(page: Page, tableTestId: string): Promise<Record<string, string>> {
  return (await page.$$eval(`[data-testid="${tableTestId}"] tbody tr`, (rows) =>
    Object.fromEntries(
      rows.map((row) => {
        const r = row as unknown as {
          querySelector(s: string): { textContent: string | null; dataset: Record<string, string> } | null;
        };
        return [r.querySelector("td")?.textContent ?? "", r.querySelector(".amount")?.dataset.exact ?? ""];
      }),
    ),
  )) as Record<string, string>;
}
