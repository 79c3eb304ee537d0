/**
 * The wallet app's entry (issue 15; docs/app.md): loads the deployment's config from the indexer,
 * builds the context every screen gets (context.ts), draws the nav and the connect bar, and routes
 * `#/`, `#/dao`, `#/hospital` and `#/buyer` to their screens. Requests go to this origin only
 * (`/app/config.json`, `/api/...`, `/app/rpc`) and to the user's wallet.
 */
import { BrowserProvider, JsonRpcProvider, Network } from "ethers";

import type { AppConfig, AppContext, ConnectedWallet, NoticeKind, Screen, TokenInfo } from "./context.js";
import { describeRoles, readRoles } from "./roles.js";
import { buyerScreen } from "./screens/buyer.js";
import { daoScreen } from "./screens/dao.js";
import { homeScreen } from "./screens/home.js";
import { hospitalScreen } from "./screens/hospital.js";
import { addressText, el } from "./ui/dom.js";
import {
  type Discovered,
  discoverWallets,
  isRejection,
  message,
  startDiscovery,
  switchChain,
  walletChainId,
  wrongChainSentence,
} from "./wallet.js";

export const SCREENS: Screen[] = [homeScreen, daoScreen, hospitalScreen, buyerScreen];

startDiscovery();

async function getJson<T>(path: string): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, { headers: { accept: "application/json" } });
  } catch (error) {
    throw new Error(`This server did not answer ${path}: ${message(error)}`);
  }
  const text = await response.text();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new Error(`This server answered ${path} with ${response.status} and no JSON`);
  }
  if (!response.ok) {
    const error = (body as { error?: string }).error;
    throw new Error(`${path}: ${error ?? `status ${response.status}`}`);
  }
  return body as T;
}

/** Base units arrive as decimal strings: the screens get the JSON as the API wrote it. */
function createContext(config: AppConfig): AppContext & { setWallet(w: ConnectedWallet | undefined): void } {
  const network = Network.from(config.chainId);
  const proxy = new JsonRpcProvider(new URL("/app/rpc", location.href).href, network, {
    staticNetwork: network,
    batchMaxCount: 20,
    // Never answer from ethers' 250 ms cache: a screen that reads right after its own transaction
    // (the jobs list after a refund) must see the block that transaction made.
    cacheTimeout: -1,
  });
  const listeners = new Set<() => void>();
  const notice = document.getElementById("notice")!;
  let wallet: ConnectedWallet | undefined;
  let walletReader: BrowserProvider | undefined;
  const tokens = new Map<string, TokenInfo>(config.tokens.map((t) => [t.address.toLowerCase(), t]));

  const ctx: AppContext & { setWallet(w: ConnectedWallet | undefined): void } = {
    config,
    get wallet() {
      return wallet;
    },
    get read() {
      return wallet !== undefined && wallet.chainId === config.chainId && walletReader !== undefined
        ? walletReader
        : proxy;
    },
    api: getJson,
    token: (address) => tokens.get(address.toLowerCase()),
    address(name) {
      const found = config.addresses[name];
      if (found === undefined) throw new Error(`This deployment has no ${name}`);
      return found;
    },
    async signer() {
      if (wallet === undefined) await ctx.connect();
      if (wallet === undefined) throw new Error("Connect a wallet first: nothing can be signed without one.");
      const chainId = await walletChainId(wallet.provider);
      if (chainId !== wallet.chainId) {
        wallet = { ...wallet, chainId };
        fire();
      }
      if (chainId !== config.chainId) throw new Error(wrongChainSentence(config, chainId));
      const provider = new BrowserProvider(wallet.provider, network, { cacheTimeout: -1 });
      return await provider.getSigner(wallet.account);
    },
    show(node) {
      const root = document.getElementById("screen")!;
      root.replaceChildren(node);
    },
    notify(kind: NoticeKind, sentence: string) {
      notice.className = `notice ${kind}`;
      notice.textContent = sentence;
      notice.hidden = false;
    },
    connect: async () => await connect(ctx),
    onWalletChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    setWallet(next) {
      wallet = next;
      walletReader =
        next === undefined || next.chainId !== config.chainId
          ? undefined
          : new BrowserProvider(next.provider, network, { staticNetwork: network, cacheTimeout: -1 } as never);
      fire();
    },
  };
  function fire() {
    for (const listener of listeners) listener();
  }
  return ctx;
}

let chosen: Discovered | undefined;

async function connect(ctx: AppContext & { setWallet(w: ConnectedWallet | undefined): void }): Promise<void> {
  const wallets = await discoverWallets();
  const select = document.getElementById("wallet-choice") as HTMLSelectElement | null;
  const pick = wallets.find((w) => w.info.uuid === select?.value) ?? chosen ?? wallets[0];
  if (pick === undefined) {
    ctx.notify(
      "error",
      "No browser wallet was found: install one (MetaMask, Rabby or another EIP-6963 wallet) and reload the page.",
    );
    return;
  }
  let accounts: string[];
  try {
    accounts = (await pick.provider.request({ method: "eth_requestAccounts" })) as string[];
  } catch (error) {
    ctx.notify(
      "error",
      isRejection(error)
        ? `You declined to connect ${pick.info.name}: nothing was shared with this page.`
        : `${pick.info.name} could not connect: ${message(error)}`,
    );
    return;
  }
  if (accounts.length === 0) {
    ctx.notify("error", `${pick.info.name} shared no account: unlock it and connect again.`);
    return;
  }
  chosen = pick;
  const account = accounts[0] as `0x${string}`;
  const chainId = await walletChainId(pick.provider);
  const base: ConnectedWallet = {
    provider: pick.provider,
    info: pick.info,
    account,
    chainId,
    roles: [],
    hospitals: [],
    rolesPending: true,
  };
  ctx.setWallet(base);
  await refreshRoles(ctx, base);
  pick.provider.on?.("accountsChanged", (...args: unknown[]) => {
    const next = (args[0] as string[] | undefined)?.[0];
    if (next === undefined) ctx.setWallet(undefined);
    else {
      const switched: ConnectedWallet = {
        ...ctx.wallet!,
        account: next as `0x${string}`,
        roles: [],
        hospitals: [],
        rolesPending: true,
        rolesError: undefined,
      };
      ctx.setWallet(switched);
      void refreshRoles(ctx, switched);
    }
  });
  pick.provider.on?.("chainChanged", (...args: unknown[]) => {
    if (ctx.wallet !== undefined) ctx.setWallet({ ...ctx.wallet, chainId: Number(args[0]) });
  });
}

async function refreshRoles(
  ctx: AppContext & { setWallet(w: ConnectedWallet | undefined): void },
  wallet: ConnectedWallet,
): Promise<void> {
  // Read twice before giving up: a busy node may drop a read.
  for (let attempt = 1; ; attempt++) {
    try {
      const found = await readRoles(ctx, wallet.account);
      // The wallet may have changed chain (or account) while the roles were read: keep what it is now.
      const now = ctx.wallet;
      if (now === undefined || now.account !== wallet.account) return;
      ctx.setWallet({ ...now, roles: found.roles, hospitals: found.hospitals, rolesPending: false });
      return;
    } catch (error) {
      if (attempt < 2) {
        await new Promise((resolve) => setTimeout(resolve, 500));
        continue;
      }
      const now = ctx.wallet;
      if (now === undefined || now.account !== wallet.account) return;
      ctx.setWallet({ ...now, rolesPending: false, rolesError: message(error) });
      ctx.notify("error", `The account's roles could not be read: ${message(error)}`);
      return;
    }
  }
}

/** The connect bar: the wallet, the account and its roles, the chain (with the switch when it is wrong). */
async function drawWalletBar(ctx: AppContext & { setWallet(w: ConnectedWallet | undefined): void }): Promise<void> {
  const bar = document.getElementById("wallet")!;
  const wallet = ctx.wallet;
  if (wallet === undefined) {
    const wallets = await discoverWallets();
    const connectButton = el("button", { type: "button", id: "connect" }, "Connect wallet");
    connectButton.addEventListener("click", () => void ctx.connect());
    const parts: HTMLElement[] = [];
    if (wallets.length > 1) {
      const select = el("select", { id: "wallet-choice", "aria-label": "Wallet" });
      for (const w of wallets) select.append(el("option", { value: w.info.uuid }, w.info.name));
      parts.push(select);
    }
    parts.push(connectButton);
    if (wallets.length === 0) {
      parts.push(el("span", { class: "muted" }, "No browser wallet found on this page."));
    }
    bar.replaceChildren(...parts);
    return;
  }
  const parts: HTMLElement[] = [
    el("span", { class: "wallet-name" }, wallet.info.name),
    el("span", { id: "account" }, addressText(wallet.account)),
    el("span", { id: "roles" }, describeRoles(wallet)),
  ];
  if (wallet.chainId === ctx.config.chainId) {
    parts.push(el("span", { id: "chain", class: "ok" }, `on ${ctx.config.chainName} (chain ${wallet.chainId})`));
  } else {
    const sentence = el(
      "p",
      { id: "wrong-chain", class: "error", role: "alert" },
      wrongChainSentence(ctx.config, wallet.chainId),
    );
    const button = el("button", { type: "button", id: "switch-chain" }, `Switch to ${ctx.config.chainName}`);
    button.addEventListener("click", async () => {
      button.disabled = true;
      try {
        const chainId = await switchChain(wallet.provider, ctx.config);
        ctx.setWallet({ ...ctx.wallet!, chainId });
        if (chainId === ctx.config.chainId) ctx.notify("ok", `Your wallet is now on ${ctx.config.chainName}.`);
        else ctx.notify("error", wrongChainSentence(ctx.config, chainId));
      } catch (error) {
        ctx.notify("error", (error as Error).message);
      } finally {
        button.disabled = false;
      }
    });
    parts.push(sentence, button);
  }
  bar.replaceChildren(...parts);
}

function drawNav(current: string): void {
  const nav = document.getElementById("nav")!;
  nav.replaceChildren(
    ...SCREENS.map((s) =>
      el("a", { href: `#${s.path}`, "aria-current": s.path === current ? "page" : undefined }, s.title),
    ),
  );
}

function currentPath(): string {
  const hash = location.hash.replace(/^#/, "");
  return hash === "" ? "/" : hash.split("?")[0];
}

let renderCount = 0;

async function route(ctx: AppContext): Promise<void> {
  const path = currentPath();
  drawNav(path);
  const screen = SCREENS.find((s) => s.path === path);
  const root = document.getElementById("screen")!;
  const mine = ++renderCount;
  // Not ready until this render ends: whoever waits for a screen must not take the one it replaces for it.
  delete document.body.dataset.ready;
  if (screen === undefined) {
    document.title = "Galeon app";
    root.replaceChildren(
      el("h2", {}, "No such page"),
      el("p", {}, `There is no page at #${path}. `, el("a", { href: "#/" }, "Go to the start page.")),
    );
    return;
  }
  document.title = `${screen.title} · Galeon app`;
  const container = el("section", { class: "screen", "aria-labelledby": "screen-title" });
  root.replaceChildren(container);
  try {
    await screen.render(container, ctx);
  } catch (error) {
    if (mine !== renderCount) return;
    container.append(el("p", { class: "error", role: "alert" }, (error as Error).message));
  } finally {
    if (mine === renderCount) document.body.dataset.ready = path;
  }
}

async function main(): Promise<void> {
  let config: AppConfig;
  try {
    config = await getJson<AppConfig>("/app/config.json");
  } catch (error) {
    const notice = document.getElementById("notice")!;
    notice.className = "notice error";
    notice.textContent = `The app cannot start: ${(error as Error).message}`;
    notice.hidden = false;
    return;
  }
  const ctx = createContext(config);
  document.getElementById("deployment")!.textContent =
    `Deployment "${config.deploymentId}" on ${config.chainName} (chain ${config.chainId})`;
  let lastWallet = "";
  ctx.onWalletChange(() => {
    void drawWalletBar(ctx);
    // A screen depends on who is connected and on which chain: draw it again when that changes.
    const w = ctx.wallet;
    const key = `${w?.account ?? ""}:${w?.chainId ?? ""}:${w?.rolesPending === true ? "?" : (w?.roles.join(",") ?? "")}`;
    if (key !== lastWallet) {
      lastWallet = key;
      void route(ctx);
    }
  });
  window.addEventListener("hashchange", () => void route(ctx));
  await drawWalletBar(ctx);
  await route(ctx);
}

void main();
