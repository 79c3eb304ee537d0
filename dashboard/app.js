/**
 * The transparency dashboard: reads this server's JSON API only (docs/indexer.md, "API") and draws it
 * with Chart.js (loaded before this module from /dashboard/chart.js). Every text from the API goes in
 * with textContent, never as HTML. Amounts are shown exact, in token units; the base units of each
 * figure are in its `data-base-units` attribute.
 */
import { chartAmount, count, intervalLabel, roundedAmount, shortHex, tokenAmount, utcDate } from "./format.js";

/** The router's four legs, in the order of its `Purchased.parts`. */
const LEGS = [
  ["hospitals", "Hospitals", "#2e7d32"],
  ["treasury", "DAO treasury", "#1f4e79"],
  ["buyback", "Buy-back and burn", "#c62828"],
  ["galeon", "Galeon", "#f9a825"],
];
const REFRESH_MS = 15_000;
/** Gaps between intervals are drawn as zeros up to this many intervals (beyond, only intervals with data). */
const MAX_FILLED = 2_000;

const view = { token: undefined, interval: "day", charts: {}, busy: false };

/** GETs a path of this server's API; throws a sentence on an error answer. */
async function api(path) {
  const response = await fetch(path, { headers: { accept: "application/json" }, cache: "no-store" });
  const body = await response.json().catch(() => ({}));
  if (!response.ok) throw new Error(`${path}: ${body.error ?? `HTTP ${response.status}`}`);
  return body;
}

/** An element with attributes and children (strings become text nodes). */
function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value !== undefined && value !== null) node.setAttribute(name, String(value));
  }
  for (const child of children) node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  return node;
}

/** A table cell holding an exact amount: text in token units, base units in `data-base-units`. */
function amountCell(baseUnits, decimals, field) {
  return el(
    "td",
    { class: "num", "data-field": field, "data-base-units": BigInt(baseUnits).toString() },
    tokenAmount(baseUnits, decimals),
  );
}

/** A hash in a table cell: shortened, in full in its title and `data-value`. */
function hexCell(hex, field) {
  return el("td", { "data-field": field, "data-value": hex, title: hex }, el("code", {}, shortHex(hex)));
}

function replaceRows(table, rows) {
  const body = document.querySelector(`#${table} tbody`);
  body.replaceChildren(...rows);
  if (rows.length === 0) {
    const columns = document.querySelectorAll(`#${table} thead th`).length;
    body.append(el("tr", {}, el("td", { colspan: columns, class: "muted" }, "none yet")));
  }
}

function card(label, value, attributes = {}) {
  return el(
    "div",
    { class: "card", ...attributes },
    el("div", { class: "label" }, label),
    el("div", { class: "value" }, value),
  );
}

/**
 * A card holding an amount: rounded for reading (two decimals from one token unit up: 18 decimals of
 * $GALEON would overflow the box), the exact value in its title and `data-exact`.
 */
function amountCard(label, baseUnits, decimals, symbol, attributes) {
  const exact = tokenAmount(baseUnits, decimals);
  const node = card(label, roundedAmount(baseUnits, decimals), attributes);
  const value = node.querySelector(".value");
  value.setAttribute("data-exact", exact);
  value.setAttribute("title", `exact: ${exact} ${symbol}`);
  return node;
}

/* Figures and tables */

function renderHead(totals) {
  const block = totals.block;
  const head = document.getElementById("head");
  head.textContent =
    `Chain ${totals.chainId}, deployment ${totals.deploymentId}: indexed to block ${count(block.number)}` +
    (block.timestamp > 0 ? ` (${utcDate(block.timestamp)})` : "");
  head.dataset.block = String(block.number);
}

function renderTokenChoice(tokens) {
  const select = document.getElementById("token");
  if (view.token === undefined || !tokens.some((t) => t.token === view.token)) {
    // The token with the most purchases first (the stablecoin, usually).
    view.token = [...tokens].sort((a, b) => b.purchases - a.purchases)[0]?.token;
  }
  const options = tokens.map((t) => el("option", { value: t.token }, t.symbol));
  select.replaceChildren(...options);
  if (view.token !== undefined) select.value = view.token;
}

function renderFigures(totals) {
  const tokens = totals.router.tokens;
  const cards = [card("Purchases", count(tokens.reduce((n, t) => n + t.purchases, 0)), { "data-figure": "purchases" })];
  for (const t of tokens) {
    cards.push(
      amountCard(`Revenue in ${t.symbol}`, t.revenue, t.decimals, t.symbol, {
        "data-figure": "revenue",
        "data-token": t.token,
        "data-base-units": t.revenue,
      }),
    );
  }
  const galeon = totals.token;
  if (galeon !== null) {
    cards.push(
      amountCard(`$${galeon.symbol} total supply`, galeon.totalSupply, galeon.decimals, galeon.symbol, {
        "data-figure": "total-supply",
        "data-base-units": galeon.totalSupply,
      }),
      amountCard(`$${galeon.symbol} burned`, galeon.burned, galeon.decimals, galeon.symbol, {
        "data-figure": "burned",
        "data-base-units": galeon.burned,
      }),
    );
  }
  const executions = totals.buyback.tokens.reduce((n, b) => n + b.executions, 0);
  cards.push(card("Buy-backs executed", count(executions), { "data-figure": "buybacks" }));
  for (const b of totals.treasury.balances.filter((x) => BigInt(x.balance) > 0n)) {
    cards.push(
      amountCard(`DAO treasury, ${b.symbol}`, b.balance, b.decimals, b.symbol, {
        "data-figure": "treasury",
        "data-token": b.token,
        "data-base-units": b.balance,
      }),
    );
  }
  document.getElementById("figures").replaceChildren(...cards);

  replaceRows(
    "totals",
    tokens.map((t) =>
      el(
        "tr",
        { "data-token": t.token },
        el("td", {}, t.symbol),
        el("td", { class: "num", "data-field": "purchases" }, count(t.purchases)),
        amountCell(t.revenue, t.decimals, "revenue"),
        ...LEGS.map(([leg]) => amountCell(t.split[leg], t.decimals, leg)),
        amountCell(t.hospitalsClaimed, t.decimals, "hospitalsClaimed"),
      ),
    ),
  );
}

/** One card per token with metered jobs: still locked in the escrow, settled (paid) and refunded, exact. */
function renderJobFigures(jobs) {
  const figures = document.getElementById("figures");
  for (const old of figures.querySelectorAll('[data-figure="jobs"]')) old.remove();
  for (const t of jobs.totals) {
    const part = (field, label) =>
      el(
        "div",
        { class: "part", "data-field": field, "data-base-units": t[field] },
        el("span", { class: "amount" }, tokenAmount(t[field], t.decimals)),
        ` ${label}`,
      );
    figures.append(
      el(
        "div",
        { class: "card", "data-figure": "jobs", "data-token": t.token },
        el(
          "div",
          { class: "label" },
          `Metered jobs in ${t.symbol}: ${count(t.jobs.open)} open, ${count(t.jobs.settled)} settled, ${count(t.jobs.refunded)} refunded`,
        ),
        el(
          "div",
          { class: "value parts" },
          part("open", "locked"),
          part("settled", "settled"),
          part("refunded", "refunded"),
        ),
      ),
    );
  }
}

function renderHospitals(hospitals) {
  const rows = [];
  for (const h of hospitals) {
    // One row per token, in the same order for every hospital.
    const sorted = [...h.balances].sort((a, b) => a.symbol.localeCompare(b.symbol));
    const balances = sorted.length > 0 ? sorted : [undefined];
    for (const b of balances) {
      rows.push(
        el(
          "tr",
          { "data-hospital": h.id, "data-token": b?.token },
          el("td", {}, String(h.id)),
          el("td", {}, h.status),
          el("td", { class: "num" }, count(h.purchases)),
          el("td", {}, b?.symbol ?? "–"),
          ...(b === undefined
            ? [el("td", { class: "num" }, "0"), el("td", { class: "num" }, "0"), el("td", { class: "num" }, "0")]
            : [
                amountCell(b.credited, b.decimals, "credited"),
                amountCell(b.claimed, b.decimals, "claimed"),
                amountCell(b.balance, b.decimals, "balance"),
              ]),
        ),
      );
    }
  }
  replaceRows("hospitals", rows);
}

function renderPurchases(purchases) {
  replaceRows(
    "purchases",
    purchases.map((p) =>
      el(
        "tr",
        { "data-access-id": p.accessId },
        el("td", {}, utcDate(p.timestamp)),
        hexCell(p.accessId, "accessId"),
        hexCell(p.jobHash, "jobHash"),
        el(
          "td",
          { class: "num", "data-field": "amount", "data-base-units": p.amount },
          `${tokenAmount(p.amount, p.decimals)} ${p.symbol}`,
        ),
        amountCell(p.toHospitals, p.decimals, "hospitals"),
        amountCell(p.toTreasury, p.decimals, "treasury"),
        amountCell(p.toBuyback, p.decimals, "buyback"),
        amountCell(p.toGaleon, p.decimals, "galeon"),
      ),
    ),
  );
}

function renderProposals(proposals, galeon) {
  const decimals = galeon?.decimals ?? 18;
  replaceRows(
    "proposals",
    proposals.map((p) =>
      el(
        "tr",
        { "data-proposal-id": p.id },
        el("td", { title: p.id }, el("code", {}, shortHex(`0x${BigInt(p.id).toString(16).padStart(64, "0")}`))),
        // The description is whatever the proposer wrote: text only, cut to a line.
        el(
          "td",
          { title: p.description },
          p.description.length > 80 ? `${p.description.slice(0, 79)}…` : p.description,
        ),
        el("td", { "data-field": "state", class: `state-${p.state}` }, p.state),
        amountCell(p.forVotes, decimals, "forVotes"),
        amountCell(p.againstVotes, decimals, "againstVotes"),
        amountCell(p.abstainVotes, decimals, "abstainVotes"),
        el("td", { class: "num", "data-field": "voters" }, count(p.voters)),
        p.quorum === null ? el("td", { class: "num" }, "–") : amountCell(p.quorum, decimals, "quorum"),
      ),
    ),
  );
}

/* Charts */

/** The interval starts from the first to the last with data, gaps included when not too many. */
function timeline(starts, interval) {
  if (starts.length === 0) return [];
  const first = Math.min(...starts);
  const last = Math.max(...starts);
  if ((last - first) / interval + 1 > MAX_FILLED) return [...new Set(starts)].sort((a, b) => a - b);
  const all = [];
  for (let s = first; s <= last; s += interval) all.push(s);
  return all;
}

function chart(id, config) {
  const existing = view.charts[id];
  if (existing !== undefined) {
    existing.data = config.data;
    existing.options = config.options;
    existing.update("none");
    return;
  }
  view.charts[id] = new window.Chart(document.getElementById(id), config);
}

const baseOptions = (stacked, yTitle) => ({
  animation: false,
  responsive: true,
  maintainAspectRatio: false,
  interaction: { mode: "index", intersect: false },
  scales: {
    x: { stacked },
    y: { stacked, beginAtZero: true, title: { display: true, text: yTitle } },
  },
});

function renderRevenueChart(revenue, tokens) {
  const token = tokens.find((t) => t.token === view.token);
  const series = revenue.series.filter((s) => s.token === view.token);
  const starts = timeline(
    series.map((s) => s.start),
    revenue.interval,
  );
  const byStart = new Map(series.map((s) => [s.start, s]));
  chart("revenue-chart", {
    type: "bar",
    data: {
      labels: starts.map((s) => intervalLabel(s, revenue.interval)),
      datasets: LEGS.map(([leg, label, color]) => ({
        label,
        backgroundColor: color,
        data: starts.map((s) => {
          const point = byStart.get(s);
          return point === undefined ? 0 : chartAmount(point.split[leg], point.decimals);
        }),
      })),
    },
    options: baseOptions(true, token?.symbol ?? ""),
  });
}

function renderSupplyChart(supply, galeon) {
  const decimals = galeon?.decimals ?? 18;
  const starts = timeline(
    supply.series.map((p) => p.start),
    supply.interval,
  );
  const byStart = new Map(supply.series.map((p) => [p.start, p]));
  // The supply holds between changes: carried forward over the gaps.
  let supplyNow = 0;
  const totalSupply = [];
  const burned = [];
  for (const s of starts) {
    const point = byStart.get(s);
    if (point !== undefined) supplyNow = chartAmount(point.totalSupply, decimals);
    totalSupply.push(supplyNow);
    burned.push(point === undefined ? 0 : chartAmount(point.burned, decimals));
  }
  const symbol = galeon?.symbol ?? "GALEON";
  chart("supply-chart", {
    type: "bar",
    data: {
      labels: starts.map((s) => intervalLabel(s, supply.interval)),
      datasets: [
        {
          type: "line",
          label: `total supply`,
          data: totalSupply,
          borderColor: "#1f4e79",
          yAxisID: "supply",
          pointRadius: 0,
        },
        { type: "bar", label: `burned`, data: burned, backgroundColor: "#c62828", yAxisID: "burned" },
      ],
    },
    options: {
      animation: false,
      responsive: true,
      maintainAspectRatio: false,
      interaction: { mode: "index", intersect: false },
      scales: {
        // Not from zero: burns are small beside the supply, and its line should show them.
        supply: {
          type: "linear",
          position: "left",
          beginAtZero: false,
          grace: "5%",
          title: { display: true, text: `${symbol} supply` },
        },
        burned: {
          type: "linear",
          position: "right",
          beginAtZero: true,
          grid: { drawOnChartArea: false },
          title: { display: true, text: `${symbol} burned` },
        },
      },
    },
  });
}

function renderJobsChart(jobs, tokens) {
  const token = tokens.find((t) => t.token === view.token);
  const series = jobs.series.filter((s) => s.token === view.token);
  const starts = timeline(
    series.map((s) => s.start),
    jobs.interval,
  );
  const byStart = new Map(series.map((s) => [s.start, s]));
  const decimals = series[0]?.decimals ?? token?.decimals ?? 0;
  // What is still locked holds between intervals with activity: carried forward over the gaps.
  let locked = 0;
  const open = starts.map((s) => {
    const point = byStart.get(s);
    if (point !== undefined) locked = chartAmount(point.open, decimals);
    return locked;
  });
  const bars = (field) => starts.map((s) => (byStart.has(s) ? chartAmount(byStart.get(s)[field], decimals) : 0));
  chart("jobs-chart", {
    type: "bar",
    data: {
      labels: starts.map((s) => intervalLabel(s, jobs.interval)),
      datasets: [
        { type: "line", label: "still locked", data: open, borderColor: "#1f4e79", pointRadius: 0, stepped: true },
        { type: "bar", label: "escrowed", data: bars("escrowed"), backgroundColor: "#90caf9" },
        { type: "bar", label: "settled (paid)", data: bars("settled"), backgroundColor: "#2e7d32" },
        { type: "bar", label: "refunded", data: bars("refunded"), backgroundColor: "#c62828" },
      ],
    },
    options: baseOptions(false, token?.symbol ?? ""),
  });
}

function renderHospitalsChart(hospitals, tokens) {
  const token = tokens.find((t) => t.token === view.token);
  const balanceOf = (h) => h.balances.find((b) => b.token === view.token);
  chart("hospitals-chart", {
    type: "bar",
    data: {
      labels: hospitals.map((h) => `hospital ${h.id}`),
      datasets: [
        {
          label: "claimed",
          backgroundColor: "#2e7d32",
          data: hospitals.map((h) => (balanceOf(h) ? chartAmount(balanceOf(h).claimed, balanceOf(h).decimals) : 0)),
        },
        {
          label: "claimable",
          backgroundColor: "#a5d6a7",
          data: hospitals.map((h) => (balanceOf(h) ? chartAmount(balanceOf(h).balance, balanceOf(h).decimals) : 0)),
        },
      ],
    },
    options: baseOptions(true, token?.symbol ?? ""),
  });
}

/* Refresh */

async function refresh() {
  if (view.busy) return;
  view.busy = true;
  const error = document.getElementById("error");
  try {
    const interval = view.interval;
    const [totals, revenue, supply, hospitals, purchases, proposals, jobs] = await Promise.all([
      api("/api/totals"),
      api(`/api/series/revenue?interval=${interval}`),
      api(`/api/series/supply?interval=${interval}`),
      api("/api/hospitals"),
      api("/api/purchases?limit=20"),
      api("/api/proposals"),
      api(`/api/series/jobs?interval=${interval}`),
    ]);
    const tokens = totals.router.tokens;
    renderHead(totals);
    renderTokenChoice(tokens);
    renderFigures(totals);
    renderJobFigures(jobs);
    renderHospitals(hospitals.hospitals);
    renderPurchases(purchases.purchases);
    renderProposals(proposals.proposals, totals.token);
    renderRevenueChart(revenue, tokens);
    renderSupplyChart(supply, totals.token);
    renderHospitalsChart(hospitals.hospitals, tokens);
    renderJobsChart(jobs, tokens);
    error.hidden = true;
    // The tests wait for this: every panel drawn from the same refresh.
    document.body.dataset.loaded = String(totals.block.number);
  } catch (e) {
    error.textContent = `Could not read the indexer's API: ${e instanceof Error ? e.message : String(e)}`;
    error.hidden = false;
  } finally {
    view.busy = false;
  }
}

document.getElementById("token").addEventListener("change", (event) => {
  view.token = event.target.value;
  void refresh();
});
document.getElementById("interval").addEventListener("change", (event) => {
  view.interval = event.target.value;
  void refresh();
});
document.getElementById("controls").addEventListener("submit", (event) => event.preventDefault());
setInterval(() => {
  if (document.visibilityState === "visible") void refresh();
}, REFRESH_MS);
void refresh();
