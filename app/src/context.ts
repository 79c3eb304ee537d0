/**
 * What every screen of the wallet app is given (the contract between the shell and the screens,
 * issue 15): the deployment's config, the connected wallet (if any), reads of the indexer's API and
 * of the chain, the wallet's signer on the right chain (or a refusal sentence), and a place to say
 * things to the user.
 */
import type { AbstractProvider, Eip1193Provider, Signer } from "ethers";

export type Address = `0x${string}`;

/** A token of the deployment, as `GET /app/config.json` lists it. */
export interface TokenInfo {
  address: Address;
  symbol: string;
  decimals: number;
  /** $GALEON itself. */
  isGaleon: boolean;
  /** Allowlisted by the router as a payment token now. */
  allowed: boolean;
}

/** `GET /app/config.json`, served by the indexer from the deployment it indexes. */
export interface AppConfig {
  chainId: number;
  chainName: string;
  /** The node's URL: only given to a wallet that adds the chain; the app itself never requests it. */
  rpcUrl: string;
  deploymentId: string;
  nativeCurrency: { name: string; symbol: string; decimals: number };
  /** Every contract of the deployment by its bare Ignition name: `GaleonToken`, `DataAccessRouter`, `GaleonGovernor`, `TimelockController`, `GaleonTreasury`, `BuybackBurner`, `JobEscrow`, `PayoutBatcher`, `TestEuro`, ... */
  addresses: Record<string, Address>;
  /** The same by Ignition future id (`LocalSuite#GaleonGovernor`); `GET /app/abi/<future id>` is its ABI. */
  futures: Record<string, Address>;
  tokens: TokenInfo[];
}

/** What the connected account is to the suite (it may be several, or none of them). */
export type Role = "holder" | "delegate" | "hospital payout" | "buyer";

/** An injected wallet found through EIP-6963 (or `window.ethereum`). */
export interface WalletInfo {
  uuid: string;
  name: string;
  icon?: string;
  rdns?: string;
}

export interface ConnectedWallet {
  provider: Eip1193Provider;
  info: WalletInfo;
  account: Address;
  /** The chain the wallet is on now: may differ from `config.chainId` (then `signer()` refuses). */
  chainId: number;
  /** The account's roles, read when it connected (and again when the account changes). */
  roles: Role[];
  /** True until the roles are read. */
  rolesPending?: boolean;
  /** The hospital ids whose payout address is the account. */
  hospitals: number[];
}

export type NoticeKind = "ok" | "error" | "info";

export interface AppContext {
  config: AppConfig;
  /** Undefined until connected. */
  wallet?: ConnectedWallet;
  /** Same-origin GET of the indexer's API (`/api/...`), as JSON; failures are thrown as sentences. */
  api<T>(path: string): Promise<T>;
  /**
   * Chain reads: through the connected wallet when it is on the deployment's chain, else through this
   * server's read-only proxy (`/app/rpc`, same origin). Never a signer.
   */
  read: AbstractProvider;
  /** The wallet's signer on the deployment's chain, or an Error whose message is the refusal sentence. */
  signer(): Promise<Signer>;
  /** The token of the deployment at `address` (case-insensitive), if it is one. */
  token(address: string): TokenInfo | undefined;
  /** The deployment's contract address by bare name, or an Error naming what is missing. */
  address(name: string): Address;
  /** Replaces the screen's content. */
  show(el: HTMLElement): void;
  /** One sentence to the user, in the page's live region. */
  notify(kind: NoticeKind, sentence: string): void;
  /** Asks the user's wallet to connect (the first wallet found, or the one chosen in the connect bar). */
  connect(): Promise<void>;
  /** Calls `listener` whenever the wallet, account or chain changes; returns a function that stops it. */
  onWalletChange(listener: () => void): () => void;
}

/** A screen of the app, at `#<path>`. */
export interface Screen {
  /** "/", "/dao", "/hospital", "/buyer". */
  path: string;
  /** The nav entry and the page's heading. */
  title: string;
  render(root: HTMLElement, ctx: AppContext): Promise<void>;
}
