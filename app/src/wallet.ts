/**
 * Injected wallets: discovery through EIP-6963 (falling back to `window.ethereum`), connecting an
 * account, switching the wallet to the deployment's chain (adding it when the wallet does not know
 * it), and the refusal sentences of a wrong chain or a rejected request.
 */
import type { Eip1193Provider } from "ethers";

import type { AppConfig, WalletInfo } from "./context.js";

export interface Discovered {
  info: WalletInfo;
  provider: Eip1193Provider & EventSource1193;
}

/** The optional event methods of an EIP-1193 provider. */
interface EventSource1193 {
  on?(event: string, listener: (...args: unknown[]) => void): void;
  removeListener?(event: string, listener: (...args: unknown[]) => void): void;
}

const announced = new Map<string, Discovered>();

/** Starts listening for EIP-6963 announcements (once, as early as possible) and asks wallets to announce. */
export function startDiscovery(): void {
  window.addEventListener("eip6963:announceProvider", (event) => {
    const detail = (event as CustomEvent<Discovered>).detail;
    if (detail?.info?.uuid !== undefined && typeof detail.provider?.request === "function") {
      announced.set(detail.info.uuid, detail);
    }
  });
  window.dispatchEvent(new Event("eip6963:requestProvider"));
}

/** The wallets found: those announced through EIP-6963, else `window.ethereum` when there is one. */
export async function discoverWallets(waitMs = 200): Promise<Discovered[]> {
  if (announced.size === 0) {
    window.dispatchEvent(new Event("eip6963:requestProvider"));
    await new Promise((resolve) => setTimeout(resolve, waitMs));
  }
  if (announced.size > 0) return [...announced.values()];
  const injected = (window as unknown as { ethereum?: Discovered["provider"] }).ethereum;
  if (injected !== undefined && typeof injected.request === "function") {
    return [{ info: { uuid: "window.ethereum", name: "Browser wallet (window.ethereum)" }, provider: injected }];
  }
  return [];
}

/** An EIP-1193 error's code (4001 user rejected, 4902 unknown chain, ...), wherever the wallet put it. */
export function errorCode(error: unknown): number | undefined {
  let e: unknown = error;
  for (let depth = 0; depth < 4 && typeof e === "object" && e !== null; depth++) {
    const record = e as { code?: unknown; data?: unknown; error?: unknown; cause?: unknown; info?: unknown };
    if (typeof record.code === "number") return record.code;
    if (record.code === "ACTION_REJECTED") return 4001;
    const inner = record.error ?? record.cause ?? (record.info as { error?: unknown } | undefined)?.error;
    e = inner;
  }
  return undefined;
}

/** The user said no in the wallet (EIP-1193 code 4001, or ethers' ACTION_REJECTED). */
export function isRejection(error: unknown): boolean {
  return errorCode(error) === 4001;
}

export function hexChainId(chainId: number): string {
  return `0x${chainId.toString(16)}`;
}

/** The refusal of a wallet on another chain than the deployment's. */
export function wrongChainSentence(config: AppConfig, chainId: number): string {
  return (
    `Your wallet is on chain ${chainId}, but this Galeon deployment is on chain ${config.chainId} ` +
    `(${config.chainName}): nothing will be signed or sent from chain ${chainId}. ` +
    `Switch the wallet to ${config.chainName} to continue.`
  );
}

export async function walletChainId(provider: Eip1193Provider): Promise<number> {
  return Number(await provider.request({ method: "eth_chainId" }));
}

/**
 * Asks the wallet to switch to the deployment's chain (`wallet_switchEthereumChain`); when it does not
 * know the chain (4902), asks it to add it (`wallet_addEthereumChain`, with the node's URL from the
 * config) and to switch again. Returns the chain the wallet is on afterwards; a refusal is thrown as a
 * sentence.
 */
export async function switchChain(provider: Eip1193Provider, config: AppConfig): Promise<number> {
  const chainId = hexChainId(config.chainId);
  try {
    await provider.request({ method: "wallet_switchEthereumChain", params: [{ chainId }] });
  } catch (error) {
    if (isRejection(error)) {
      throw new Error(`You declined to switch the wallet to ${config.chainName}: it stays on its chain.`);
    }
    if (errorCode(error) !== 4902 && !/unrecognized|unknown chain|not added/i.test(String(error))) {
      throw new Error(`The wallet could not switch to ${config.chainName}: ${message(error)}`);
    }
    try {
      await provider.request({
        method: "wallet_addEthereumChain",
        params: [
          {
            chainId,
            chainName: config.chainName,
            rpcUrls: [config.rpcUrl],
            nativeCurrency: config.nativeCurrency,
          },
        ],
      });
      await provider.request({ method: "wallet_switchEthereumChain", params: [{ chainId }] });
    } catch (inner) {
      if (isRejection(inner)) {
        throw new Error(`You declined to add ${config.chainName} to the wallet: it stays on its chain.`);
      }
      throw new Error(`The wallet could not add ${config.chainName}: ${message(inner)}`);
    }
  }
  return await walletChainId(provider);
}

/** The first line of an error's message, without the noise ethers appends. */
export function message(error: unknown): string {
  const e = error as { shortMessage?: unknown; message?: unknown };
  const text = typeof e?.shortMessage === "string" ? e.shortMessage : String(e?.message ?? error);
  return text.split("\n")[0].replace(/ \(action="[^]*$/, "");
}
