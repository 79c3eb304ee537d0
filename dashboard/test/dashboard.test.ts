/**
 * `npm run stack` end to end, and the dashboard in a real browser. The stack is spawned as a user runs
 * it (`npm run stack -- --purchases 40 ...` on free ports), the test waits for the URL it prints, reads
 * the page and the API over HTTP, then opens the page in Chromium (playwright-core): every figure it shows
 * equals the chain's, read directly with ethers (split totals per token, $GALEON supply and burns, each
 * hospital's earnings, the proposals' states, the newest purchase, the metered jobs' amounts open,
 * settled and refunded), every request it makes is to its own
 * origin, and a screenshot is saved to `test-results/dashboard.png`. Ctrl-C (SIGINT to the process
 * group) must stop the stack with exit code 0, leaving nothing running and no deployment folder.
 *
 * To iterate on a stack already running: `GALEON_DASHBOARD_TEST_URL=http://127.0.0.1:42069
 * GALEON_DASHBOARD_TEST_RPC=http://127.0.0.1:8545 GALEON_DASHBOARD_TEST_DEPLOYMENT=stack` (it is left
 * running).
 */
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import path from "node:path";

import { expect } from "chai";
import { JsonRpcProvider } from "ethers";
import type { Browser, Page } from "playwright-core";

import {
  DataAccessRouter__factory,
  GaleonGovernor__factory,
  GaleonToken__factory,
  JobEscrow__factory,
} from "../../typechain-types/index.js";
import { seedJobFate } from "../../scripts/lib/seedHistory.js";
import { ROOT } from "../../test/ts/e2e/harness.js";
import { type Stack, startStack as startSharedStack } from "../../test/ts/helpers/stack.js";
import { tokenAmount } from "../format.js";
import { launchChromium } from "./browser.js";

/** Purchases the test's stack seeds (`npm run stack` seeds 300 by default). */
const PURCHASES = Number(process.env.GALEON_DASHBOARD_TEST_PURCHASES ?? 40);
const SCREENSHOT = path.join(ROOT, "test-results", "dashboard.png");
const STATES = ["Pending", "Active", "Canceled", "Defeated", "Succeeded", "Queued", "Expired", "Executed"];
const HOSPITALS = [1, 2, 3, 4, 5];
/** The metered jobs the stack seeds (scripts/seed.ts: GALEON_SEED_JOBS, default 4), by how they ended. */
const JOBS = 4;
const JOB_FATES = Array.from({ length: JOBS }, (_, k) => seedJobFate(k, JOBS));
/** A settled job is paid through the router: a purchase too. */
const SETTLED_JOBS = JOB_FATES.filter((f) => f === "settled").length;

/** The stack of this file: `GALEON_DASHBOARD_TEST_URL` etc. reuse a running one. */
const startStack = () => startSharedStack({ purchases: PURCHASES, reuseEnvPrefix: "GALEON_DASHBOARD_TEST" });

describe("dashboard: npm run stack and the transparency dashboard in Chromium", function () {
  this.timeout(900_000);

  let stack: Stack;
  let provider: JsonRpcProvider;
  let addresses: Record<string, string>;
  let browser: Browser | undefined;
  let startedIn = 0;

  const address = (name: string) => addresses[Object.keys(addresses).find((k) => k.endsWith(`#${name}`))!];
  const get = async (pathname: string) => {
    const response = await fetch(stack.url + pathname, { redirect: "manual", signal: AbortSignal.timeout(30_000) });
    return { status: response.status, headers: response.headers, text: await response.text() };
  };

  before(async function () {
    const started = Date.now();
    stack = await startStack();
    startedIn = Date.now() - started;
    console.log(`      npm run stack printed its URL in ${(startedIn / 1000).toFixed(1)} s`);
    provider = new JsonRpcProvider(stack.rpcUrl, undefined, { staticNetwork: true, cacheTimeout: -1 });
    const file = path.join(ROOT, "deploy", "deployments", stack.deploymentId, "deployed_addresses.json");
    addresses = JSON.parse(readFileSync(file, "utf8")) as Record<string, string>;
  });

  after(async function () {
    await browser?.close();
    provider?.destroy();
  });

  describe("the stack", function () {
    it("prints the dashboard's URL after deploying, seeding and indexing", function () {
      if (stack.process === undefined) this.skip();
      const output = stack.output();
      expect(output).to.match(/LocalSuite deployed as /);
      expect(output).to.match(
        new RegExp(`seeded ${PURCHASES} purchases, 10 claims, 4 buy-backs, ${JOBS} metered jobs and two proposals`),
      );
      expect(output).to.match(/indexer on http:\/\/127\.0\.0\.1:\d+ at block \d+/);
    });

    it("refuses a taken port (exit 3) or a malformed option (exit 2), starting nothing", function () {
      const stackCli = (...args: string[]) =>
        spawnSync(
          process.execPath,
          ["--experimental-strip-types", "--no-warnings=ExperimentalWarning", "scripts/stack.ts", ...args],
          { cwd: ROOT, encoding: "utf8", timeout: 60_000 },
        );
      const port = new URL(stack.rpcUrl).port;
      const taken = stackCli("--rpc-port", port);
      expect(taken.status, taken.stderr).to.equal(3);
      expect(taken.stderr.trim()).to.equal(
        `error: port ${port} on 127.0.0.1 is taken (another node or indexer?): stop it or choose another with --rpc-port`,
      );
      expect(taken.stdout).to.equal("");
      const malformed = stackCli("--purchases", "many");
      expect(malformed.status).to.equal(2);
      expect(malformed.stderr).to.match(/^error: --purchases must be a whole number \(got "many"\)\n/);
    });

    it("serves the page with a strict Content-Security-Policy and Chart.js from node_modules", async function () {
      const root = await get("/");
      expect(root.status).to.equal(302);
      expect(root.headers.get("location")).to.match(/\/dashboard\/$/);
      const page = await get("/dashboard/");
      expect(page.status).to.equal(200);
      expect(page.headers.get("content-type")).to.match(/^text\/html/);
      const csp = page.headers.get("content-security-policy") ?? "";
      expect(csp).to.match(/^default-src 'self';/);
      expect(csp).not.to.match(/unsafe-inline|unsafe-eval|https?:|\*/);
      // No script or style inline, nothing loaded from elsewhere.
      expect(page.text).not.to.match(/<script>|<script(?![^>]*\bsrc=)[^>]*>|<style|style=/);
      expect(page.text).not.to.match(/(src|href)="(https?:)?\/\//);
      const library = await get("/dashboard/chart.js");
      expect(library.status).to.equal(200);
      const installed = readFileSync(path.join(ROOT, "node_modules", "chart.js", "dist", "chart.umd.min.js"), "utf8");
      expect(library.text.replace(/\s+$/, "")).to.equal(installed.replace(/\n\/\/# sourceMappingURL=\S+\s*$/, ""));
      expect(library.text).to.contain("Chart.js v4.6.1");
      for (const file of ["app.js", "format.js", "style.css", "favicon.svg"]) {
        const answer = await get(`/dashboard/${file}`);
        expect(answer.status, file).to.equal(200);
        expect(answer.headers.get("content-security-policy"), file).to.equal(csp);
      }
    });

    it("serves the API the page reads, at the chain's head", async function () {
      const totals = JSON.parse((await get("/api/totals")).text);
      expect(totals.block.number).to.equal(await provider.getBlockNumber());
      expect(totals.deploymentId).to.equal(stack.deploymentId);
      const purchases = totals.router.tokens.reduce((n: number, t: { purchases: number }) => n + t.purchases, 0);
      // The seeded purchases, and the settled metered jobs (the escrow buys their access through the router).
      if (stack.process !== undefined) expect(purchases).to.equal(PURCHASES + SETTLED_JOBS);
      expect((await get("/api/proposals")).status).to.equal(200);
    });

    it("serves the metered jobs' series in whole intervals that add up to its totals", async function () {
      for (const [interval, seconds] of [
        ["hour", 3_600],
        ["day", 86_400],
        ["week", 604_800],
      ] as const) {
        const jobs = JSON.parse((await get(`/api/series/jobs?interval=${interval}`)).text) as {
          totals: Array<Record<string, string> & { jobs: Record<string, number> }>;
          series: Array<Record<string, string> & { start: number; funded: number; closed: number }>;
        };
        expect(jobs.totals, interval).to.have.length(1); // the seeded jobs are in the test euro
        for (const total of jobs.totals) {
          const mine = jobs.series.filter((p) => p.token === total.token);
          for (const point of mine) expect(point.start % seconds, `${interval} ${point.start}`).to.equal(0);
          expect(new Set(mine.map((p) => p.start)).size, `${interval}: one point per interval`).to.equal(mine.length);
          const sum = (field: string) => mine.reduce((n, p) => n + BigInt(p[field]), 0n).toString();
          for (const field of ["escrowed", "settled", "returned", "refunded"]) {
            expect(sum(field), `${interval} ${field}`).to.equal(total[field]);
          }
          expect(mine.at(-1)!.open, `${interval}: still locked at the end`).to.equal(total.open);
          expect(mine.reduce((n, p) => n + p.funded, 0)).to.equal(JOBS);
        }
        if (stack.process !== undefined) {
          expect(jobs.totals[0].jobs).to.deep.equal({
            open: JOB_FATES.filter((f) => f === "open").length,
            settled: SETTLED_JOBS,
            refunded: JOB_FATES.filter((f) => f === "refunded").length,
          });
        }
      }
      expect((await get("/api/series/jobs?interval=month")).status).to.equal(400);
    });

    it("serves the revenue series in whole intervals that add up to the totals", async function () {
      const totals = JSON.parse((await get("/api/totals")).text);
      for (const [interval, seconds] of [
        ["hour", 3_600],
        ["day", 86_400],
        ["week", 604_800],
      ] as const) {
        const { series } = JSON.parse((await get(`/api/series/revenue?interval=${interval}`)).text) as {
          series: Array<{ token: string; start: number; purchases: number; revenue: string }>;
        };
        for (const point of series) expect(point.start % seconds, `${interval} ${point.start}`).to.equal(0);
        for (const token of totals.router.tokens as Array<{ token: string; purchases: number; revenue: string }>) {
          const mine = series.filter((p) => p.token === token.token);
          expect(new Set(mine.map((p) => p.start)).size, `${interval}: one point per interval`).to.equal(mine.length);
          expect(mine.reduce((n, p) => n + p.purchases, 0)).to.equal(token.purchases);
          expect(mine.reduce((n, p) => n + BigInt(p.revenue), 0n).toString()).to.equal(token.revenue);
        }
      }
    });
  });

  describe("the page in Chromium", function () {
    let page: Page;
    const requests: string[] = [];
    const problems: string[] = [];

    before(async function () {
      browser = await launchChromium();
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      page = await context.newPage();
      page.on("request", (request) => requests.push(request.url()));
      page.on("console", (message) => {
        if (message.type() === "error" || message.type() === "warning") problems.push(message.text());
      });
      page.on("pageerror", (error) => problems.push(error.message));
      const response = await page.goto(`${stack.url}/`, { waitUntil: "load", timeout: 120_000 });
      expect(response?.status()).to.equal(200);
      await page.waitForSelector("body[data-loaded]", { timeout: 120_000 });
    });

    it("draws the four charts with Chart.js, without errors or blocked content", async function () {
      // Runs in the page (the root tsconfig has no DOM types: globalThis stands for window).
      const charts = await page.evaluate(() => {
        type ChartGlobal = { getChart(id: string): { data: { datasets: unknown[] } } | undefined };
        const Chart = (globalThis as unknown as { Chart: ChartGlobal }).Chart;
        return ["revenue-chart", "supply-chart", "hospitals-chart", "jobs-chart"].map(
          (id) => Chart.getChart(id)?.data.datasets.length ?? 0,
        );
      });
      expect(charts).to.deep.equal([4, 2, 2, 4]);
      expect(await page.locator("#error").isHidden()).to.equal(true);
      expect(problems).to.deep.equal([]);
    });

    it("shows the chain's split totals per token", async function () {
      const router = DataAccessRouter__factory.connect(address("DataAccessRouter"), provider);
      const block = Number(await page.getAttribute("#head", "data-block"));
      const purchased = await router.queryFilter(router.filters.Purchased(), 0, block);
      const claimed = await router.queryFilter(router.filters.HospitalClaimed(), 0, block);
      const tokens = [...new Set(purchased.map((e) => e.args.token.toLowerCase()))];
      expect(tokens).to.have.length(2); // the test euro and $GALEON
      for (const token of tokens) {
        const mine = purchased.filter((e) => e.args.token.toLowerCase() === token);
        const decimals = token === address("GaleonToken").toLowerCase() ? 18 : 6;
        const expected: Record<string, bigint> = {
          revenue: mine.reduce((s, e) => s + e.args.amount, 0n),
          hospitals: mine.reduce((s, e) => s + e.args.parts[0], 0n),
          treasury: mine.reduce((s, e) => s + e.args.parts[1], 0n),
          buyback: mine.reduce((s, e) => s + e.args.parts[2], 0n),
          galeon: mine.reduce((s, e) => s + e.args.parts[3], 0n),
          hospitalsClaimed: claimed
            .filter((e) => e.args.token.toLowerCase() === token)
            .reduce((s, e) => s + e.args.amount, 0n),
        };
        const row = page.locator(`#totals tr[data-token="${token}"]`);
        expect(await row.locator('[data-field="purchases"]').textContent()).to.equal(String(mine.length));
        for (const [field, value] of Object.entries(expected)) {
          const cell = row.locator(`[data-field="${field}"]`);
          expect(await cell.getAttribute("data-base-units"), `${token} ${field}`).to.equal(value.toString());
          expect(await cell.textContent(), `${token} ${field}`).to.equal(tokenAmount(value, decimals));
        }
        expect(expected.hospitals + expected.treasury + expected.buyback + expected.galeon).to.equal(expected.revenue);
        const card = page.locator(`[data-figure="revenue"][data-token="${token}"] .value`);
        expect(await card.textContent()).to.equal(tokenAmount(expected.revenue, decimals));
      }
    });

    it("shows the chain's $GALEON supply and what was burned", async function () {
      const galeon = GaleonToken__factory.connect(address("GaleonToken"), provider);
      const block = Number(await page.getAttribute("#head", "data-block"));
      const supply = await galeon.totalSupply({ blockTag: block });
      const burned = 10n ** 27n - supply; // deploy/parameters/local.json allocates 1,000,000,000 GALEON
      expect(burned > 0n, "the seeded buy-backs burned $GALEON").to.equal(true);
      const total = page.locator('[data-figure="total-supply"]');
      expect(await total.getAttribute("data-base-units")).to.equal(supply.toString());
      expect(await total.locator(".value").textContent()).to.equal(tokenAmount(supply, 18));
      const burn = page.locator('[data-figure="burned"]');
      expect(await burn.getAttribute("data-base-units")).to.equal(burned.toString());
      expect(await burn.locator(".value").textContent()).to.equal(tokenAmount(burned, 18));
    });

    it("shows the chain's metered jobs: amounts still locked, settled and refunded", async function () {
      const escrow = JobEscrow__factory.connect(address("JobEscrow"), provider);
      const block = Number(await page.getAttribute("#head", "data-block"));
      const funded = await escrow.queryFilter(escrow.filters.LockFunded(), 0, block);
      const settled = await escrow.queryFilter(escrow.filters.LockSettled(), 0, block);
      const refunded = await escrow.queryFilter(escrow.filters.LockRefunded(), 0, block);
      expect(funded).to.have.length(JOBS);
      expect(settled).to.have.length(SETTLED_JOBS);
      expect(refunded).to.have.length(JOB_FATES.filter((f) => f === "refunded").length);
      // Settled below the lock: the rest went back to the payer.
      for (const e of settled) expect(e.args.refund > 0n && e.args.amount > 0n, e.args.lockId).to.equal(true);
      const eurc = address("TestEuro").toLowerCase();
      for (const e of funded) expect(e.args.token.toLowerCase()).to.equal(eurc);
      const closed = new Set([...settled, ...refunded].map((e) => e.args.lockId));
      const expected: Record<string, bigint> = {
        open: funded.filter((e) => !closed.has(e.args.lockId)).reduce((s, e) => s + e.args.maxAmount, 0n),
        settled: settled.reduce((s, e) => s + e.args.amount, 0n),
        refunded: refunded.reduce((s, e) => s + e.args.amount, 0n),
      };
      // What is still locked is what the escrow holds for its open locks.
      expect(expected.open).to.equal(await escrow.committed(eurc, { blockTag: block }));
      const card = page.locator(`[data-figure="jobs"][data-token="${eurc}"]`);
      expect(await card.count()).to.equal(1);
      for (const [field, value] of Object.entries(expected)) {
        const part = card.locator(`[data-field="${field}"]`);
        expect(await part.getAttribute("data-base-units"), field).to.equal(value.toString());
        expect(await part.locator(".amount").textContent(), field).to.equal(tokenAmount(value, 6));
      }
      expect(await card.locator(".label").textContent()).to.equal(
        `Metered jobs in tEURC: ${funded.length - closed.size} open, ${settled.length} settled, ${refunded.length} refunded`,
      );
    });

    it("shows each hospital's earnings as the chain holds them, by pseudonymous id only", async function () {
      const router = DataAccessRouter__factory.connect(address("DataAccessRouter"), provider);
      const block = Number(await page.getAttribute("#head", "data-block"));
      const eurc = address("TestEuro").toLowerCase();
      const claims = await router.queryFilter(router.filters.HospitalClaimed(), 0, block);
      for (const id of HOSPITALS) {
        const balance = await router.hospitalBalance(id, eurc, { blockTag: block });
        const claimed = claims
          .filter((e) => Number(e.args.hospitalId) === id && e.args.token.toLowerCase() === eurc)
          .reduce((s, e) => s + e.args.amount, 0n);
        const row = page.locator(`#hospitals tr[data-hospital="${id}"][data-token="${eurc}"]`);
        expect(await row.locator('[data-field="balance"]').getAttribute("data-base-units"), `hospital ${id}`).to.equal(
          balance.toString(),
        );
        expect(await row.locator('[data-field="claimed"]').textContent(), `hospital ${id}`).to.equal(
          tokenAmount(claimed, 6),
        );
        expect(await row.locator('[data-field="credited"]').textContent(), `hospital ${id}`).to.equal(
          tokenAmount(claimed + balance, 6),
        );
      }
      // No payout address, buyer or payer anywhere on the page: ids, hashes and amounts only.
      const text = (await page.locator("body").innerText()).toLowerCase();
      for (const h of HOSPITALS) {
        const payout = (await router.payoutOf(h)).toLowerCase();
        expect(text).not.to.contain(payout.slice(2, 10));
      }
      expect(text).not.to.contain("3c44cdddb6a900fa2b585dd299e03d12fa4293bc".slice(0, 8)); // the buyer
    });

    it("shows the newest purchase with its access id, job hash, amount and split", async function () {
      const router = DataAccessRouter__factory.connect(address("DataAccessRouter"), provider);
      const block = Number(await page.getAttribute("#head", "data-block"));
      const purchased = await router.queryFilter(router.filters.Purchased(), 0, block);
      const newest = purchased.at(-1)!;
      const row = page.locator("#purchases tbody tr").first();
      expect(await row.getAttribute("data-access-id")).to.equal(newest.args.accessId);
      expect(await row.locator('[data-field="jobHash"]').getAttribute("data-value")).to.equal(newest.args.jobHash);
      expect(await row.locator('[data-field="amount"]').getAttribute("data-base-units")).to.equal(
        newest.args.amount.toString(),
      );
      const parts = ["hospitals", "treasury", "buyback", "galeon"];
      for (const [k, field] of parts.entries()) {
        expect(await row.locator(`[data-field="${field}"]`).getAttribute("data-base-units"), field).to.equal(
          newest.args.parts[k].toString(),
        );
      }
      expect(await page.locator("#purchases tbody tr").count()).to.equal(Math.min(20, purchased.length));
    });

    it("shows each proposal's state as the Governor computes it, with its votes", async function () {
      const governor = GaleonGovernor__factory.connect(address("GaleonGovernor"), provider);
      const block = Number(await page.getAttribute("#head", "data-block"));
      const created = await governor.queryFilter(governor.filters.ProposalCreated(), 0, block);
      expect(created).to.have.length(2);
      const states = [];
      for (const event of created) {
        const proposalId = event.args.proposalId;
        const state = STATES[Number(await governor.state(proposalId, { blockTag: block }))];
        states.push(state);
        const row = page.locator(`#proposals tr[data-proposal-id="${proposalId}"]`);
        expect(await row.locator('[data-field="state"]').textContent()).to.equal(state);
        const [against, forVotes, abstain] = await governor.proposalVotes(proposalId, { blockTag: block });
        expect(await row.locator('[data-field="forVotes"]').getAttribute("data-base-units")).to.equal(
          forVotes.toString(),
        );
        expect(await row.locator('[data-field="againstVotes"]').getAttribute("data-base-units")).to.equal(
          against.toString(),
        );
        expect(await row.locator('[data-field="abstainVotes"]').getAttribute("data-base-units")).to.equal(
          abstain.toString(),
        );
      }
      expect(states).to.deep.equal(["Executed", "Pending"]);
    });

    it("requests nothing but its own origin, and leaves a screenshot", async function () {
      // One refresh more (another token in the charts), then every request since the page opened.
      const galeonToken = address("GaleonToken").toLowerCase();
      await page.selectOption("#token", galeonToken);
      await page.waitForSelector("body[data-loaded]");
      await page.selectOption("#token", address("TestEuro").toLowerCase());
      await page.waitForLoadState("networkidle");
      const origin = new URL(stack.url).origin;
      const foreign = requests.filter((u) => new URL(u).origin !== origin);
      expect(foreign, "requests to another origin").to.deep.equal([]);
      const paths = new Set(requests.map((u) => new URL(u).pathname));
      for (const p of [
        "/dashboard/",
        "/dashboard/chart.js",
        "/dashboard/app.js",
        "/api/totals",
        "/api/proposals",
        "/api/series/jobs",
      ]) {
        expect([...paths], p).to.include(p);
      }
      mkdirSync(path.dirname(SCREENSHOT), { recursive: true });
      await page.screenshot({ path: SCREENSHOT, fullPage: true });
      expect(existsSync(SCREENSHOT)).to.equal(true);
      console.log(
        `      screenshot: ${path.relative(ROOT, SCREENSHOT)}; ${requests.length} requests, all to ${origin}`,
      );
      expect(problems).to.deep.equal([]);
    });
  });

  describe("Ctrl-C", function () {
    it("stops the node, the indexer and the dashboard, and removes the deployment", async function () {
      if (stack.process === undefined) this.skip();
      await browser?.close();
      browser = undefined;
      const stopping = Date.now();
      // What a terminal's Ctrl-C does: SIGINT to the foreground process group (npm and the stack).
      process.kill(-stack.process.pid!, "SIGINT");
      let timer: NodeJS.Timeout | undefined;
      const ended = await Promise.race([
        stack.exited!,
        new Promise<"timeout">((resolve) => (timer = setTimeout(() => resolve("timeout"), 60_000))),
      ]);
      clearTimeout(timer); // a pending timer would keep the test process alive
      // npm, hit by the same SIGINT, ends by it (a shell says 130); the stack script exits 0 once it
      // has stopped everything.
      expect(ended, stack.output()).to.not.equal("timeout");
      const { code, signal } = ended as { code: number | null; signal: NodeJS.Signals | null };
      expect(code === 0 || signal === "SIGINT", `npm ended with code ${code}, signal ${signal}`).to.equal(true);
      console.log(`      stopped in ${((Date.now() - stopping) / 1000).toFixed(1)} s`);
      expect(stack.output()).to.match(/stack: stopped/);
      const groupAlive = () => {
        try {
          process.kill(-stack.process!.pid!, 0);
          return true;
        } catch {
          return false;
        }
      };
      expect(groupAlive(), "the stack's process group is gone").to.equal(false);
      const answers = async (url: string) => {
        try {
          await fetch(url, { signal: AbortSignal.timeout(2_000) });
          return true;
        } catch {
          return false;
        }
      };
      expect(await answers(stack.url), "the indexer still answers").to.equal(false);
      expect(await answers(stack.rpcUrl), "the node still answers").to.equal(false);
      expect(existsSync(path.join(ROOT, "deploy", "deployments", stack.deploymentId))).to.equal(false);
      // No process of the stack left: the node (its port) and the indexer (its deployment id).
      const processes = execFileSync("ps", ["-eo", "pid,args"], { encoding: "utf8" })
        .split("\n")
        .filter((line) => line.includes(stack.deploymentId) || line.includes(`--port ${new URL(stack.rpcUrl).port}`));
      expect(processes, "processes left running").to.deep.equal([]);
      const logs = /stack: logs in (\S+)/.exec(stack.output())?.[1];
      expect(logs !== undefined && existsSync(logs), "the logs folder is left").to.equal(false);
    });
  });
});
