/**
 * What a task needs, built lazily from the Hardhat runtime and the common options: the network
 * connection (checked reachable), the signer (`--from`), the deployment (`--deployment-id`),
 * contracts bound to the deployment's addresses, sending with a spinner (and a record of what was
 * sent), follow-up commands that carry the user's options, and the tokens a failure's sentence is in.
 */
import type { ContractTransactionResponse, TransactionReceipt } from "ethers";
import type { ArtifactManager } from "hardhat/types/artifacts";
import type { HardhatRuntimeEnvironment } from "hardhat/types/hre";
import type { NetworkConnection } from "hardhat/types/network";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/types";

import { parseAddress } from "../../domain/chain/addresses.js";
import { Deployment } from "./deployment.js";
import { CliError, environmentError } from "../../domain/errors/refusal.js";
import { configVariableError, missingConfigVariable } from "./configVariables.js";
import { simulateOrExplain } from "../../domain/chain/simulate.js";
import { ErrorDecoder } from "../../domain/errors/revert.js";
import { sentenceContext, type SentenceToken } from "../../domain/errors/sentences/say.js";
import { firstLine } from "../../domain/errors/explain.js";
import { withSpinner } from "./spinner.js";

/** Options every Galeon task takes. */
export interface CommonTaskArgs {
  json: boolean;
  deploymentId?: string;
  from?: string;
}

/** How long the first request may take before the node is declared unreachable. */
const REACH_TIMEOUT_MS = 15_000;

type Connection = NetworkConnection;

/** A transaction a task sent, for the sentence of a later failure. */
export interface SentTransaction {
  label: string;
  hash: string;
  confirmed: boolean;
}

/**
 * A URL as it may be printed: scheme, host and port; a path or query (where providers put API keys)
 * and credentials are hidden.
 */
export function shownUrl(url: string): string {
  try {
    const parsed = new URL(url);
    const hidden = (parsed.pathname !== "/" && parsed.pathname !== "") || parsed.search !== "";
    return `${parsed.protocol}//${parsed.host}${hidden ? "/…" : ""}`;
  } catch {
    return "(an invalid URL)";
  }
}

export class TaskContext {
  #connection?: Promise<{ connection: Connection; chainId: number }>;
  #deployment?: Promise<Deployment>;
  #signer?: Promise<HardhatEthersSigner>;
  readonly #tokens = new Map<string, SentenceToken>();
  #amountToken?: SentenceToken;
  /** Every transaction this task sent, in order. */
  readonly sent: SentTransaction[] = [];

  constructor(
    readonly hre: HardhatRuntimeEnvironment,
    readonly args: CommonTaskArgs,
  ) {}

  get json(): boolean {
    return this.args.json;
  }

  /** The `--network` the user gave (Hardhat's global option), if any. */
  get networkOption(): string | undefined {
    const name = (this.hre.globalOptions as { network?: unknown }).network;
    return typeof name === "string" && name !== "" ? name : undefined;
  }

  /**
   * A command to run next, as the user should type it: `npx hardhat`, the `--network` they gave,
   * `args`, then `--from` (when `from` is given: the account that must send it) and the
   * `--deployment-id` they gave.
   */
  command(args: ReadonlyArray<string>, from?: string): string {
    const network = this.networkOption;
    const parts = ["npx hardhat", ...(network === undefined ? [] : ["--network", network]), ...args];
    if (from !== undefined && from !== "") parts.push("--from", from);
    if (this.args.deploymentId !== undefined && this.args.deploymentId !== "") {
      parts.push("--deployment-id", this.args.deploymentId);
    }
    return parts.join(" ");
  }

  /** The network connection, after checking the node answers; its chain id. */
  async network(): Promise<{ connection: Connection; chainId: number; name: string }> {
    this.#connection ??= (async () => {
      let connection: Connection;
      try {
        connection = await this.hre.network.create();
      } catch (error) {
        const variable = missingConfigVariable(error);
        if (variable !== undefined) throw configVariableError(variable);
        throw error;
      }
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${REACH_TIMEOUT_MS / 1000} s`)), REACH_TIMEOUT_MS);
      });
      try {
        const hex = await Promise.race([connection.provider.request({ method: "eth_chainId" }), timeout]);
        return { connection, chainId: Number(hex) };
      } catch (error) {
        const variable = missingConfigVariable(error);
        if (variable !== undefined) throw configVariableError(variable);
        // Hardhat says "HHE703: Cannot connect to the network ..." on a refused connection.
        const message = error instanceof Error ? firstLine(error.message) : String(error);
        const reason = /HHE703/.test(message) ? "connection refused; is the node running?" : message;
        const where = await this.#url(connection);
        throw environmentError(
          `cannot reach the JSON-RPC node of network ${connection.networkName}${where}: ${reason}`,
        );
      } finally {
        clearTimeout(timer);
      }
    })();
    const { connection, chainId } = await this.#connection;
    return { connection, chainId, name: connection.networkName };
  }

  /** The refusal of a task that needs a deployment but runs on an in-process chain. */
  #needsNetwork(name: string): CliError {
    const networks = Object.entries(this.hre.config.networks)
      .filter(([, config]) => config.type !== "edr-simulated")
      .map(([n]) => n);
    const where =
      this.networkOption === undefined
        ? "without --network it runs on Hardhat's in-process chain"
        : `network ${name} is Hardhat's in-process chain`;
    return environmentError(
      `this command needs a deployment, so a network: ${where}, which starts empty with every command;` +
        ` give --network NAME before the task name (networks: ${networks.join(", ")})`,
    );
  }

  /** " at <url>" for an HTTP network (shown with `shownUrl`), "" otherwise. */
  async #url(connection: Connection): Promise<string> {
    const config = connection.networkConfig;
    if (config.type !== "http") return "";
    try {
      return ` at ${shownUrl(await config.url.getUrl())}`;
    } catch {
      return "";
    }
  }

  /**
   * Tokens a failure's sentence may name (by address); `current` also becomes the token of amounts
   * in errors that do not name one (an ERC-20's own errors, a price above `--max`).
   */
  useTokens(tokens: Iterable<SentenceToken>, current?: SentenceToken): void {
    for (const t of tokens) this.#tokens.set(t.address.toLowerCase(), t);
    if (current !== undefined) {
      this.#tokens.set(current.address.toLowerCase(), current);
      this.#amountToken = current;
    }
  }

  async ethers(): Promise<Connection["ethers"]> {
    return (await this.network()).connection.ethers;
  }

  /**
   * The Galeon deployment of this network (`--deployment-id`, default `chain-<chainId>`). Refused on
   * Hardhat's in-process chain (no `--network`), which starts empty with every command.
   */
  async deployment(): Promise<Deployment> {
    this.#deployment ??= (async () => {
      const { connection, chainId } = await this.network();
      if (connection.networkConfig.type === "edr-simulated") throw this.#needsNetwork(connection.networkName);
      return await Deployment.load(this.hre.config.paths.ignition, chainId, this.args.deploymentId);
    })();
    return await this.#deployment;
  }

  /** The account that signs: `--from`, or the network's first account. */
  async signer(): Promise<HardhatEthersSigner> {
    this.#signer ??= (async () => {
      const ethers = await this.ethers();
      const { name } = await this.network();
      const signers = await ethers.getSigners();
      if (signers.length === 0) throw environmentError(`network ${name} has no accounts to sign with`);
      if (this.args.from === undefined || this.args.from === "") return signers[0];
      const from = parseAddress(this.args.from, { label: "--from" });
      const signer = signers.find((s) => s.address.toLowerCase() === from.toLowerCase());
      if (signer === undefined) throw environmentError(`--from ${from} is not one of network ${name}'s accounts`);
      return signer;
    })();
    return await this.#signer;
  }

  /**
   * A contract of the deployment, bound to the signer, with the ABI Ignition recorded. Refuses when
   * there is no code at the address (a restarted development node, typically).
   */
  async contract<T>(futureId: string): Promise<T> {
    const deployment = await this.deployment();
    const ethers = await this.ethers();
    const address = deployment.address(futureId);
    if ((await ethers.provider.getCode(address)) === "0x") {
      throw environmentError(
        `deployment ${deployment.id} says ${futureId} is at ${address} but chain ${deployment.chainId} has no code` +
          ` there (was the node restarted?)`,
      );
    }
    return new ethers.Contract(address, (await deployment.abi(futureId)) as never, await this.signer()) as T;
  }

  /**
   * Sends a transaction and waits for its receipt, with a spinner; refuses a failed receipt. Every
   * transaction sent is recorded in `sent` (`label`, hash, confirmed or not).
   */
  async confirm(label: string, sending: Promise<ContractTransactionResponse>): Promise<TransactionReceipt> {
    const tx = await sending;
    const record: SentTransaction = { label, hash: tx.hash, confirmed: false };
    this.sent.push(record);
    // A mined revert makes ethers throw: the transaction stays recorded as sent, not confirmed.
    const receipt = await withSpinner(`${label}: waiting for confirmation of ${tx.hash}`, tx.wait(), !this.json);
    if (receipt === null || receipt.status !== 1) throw new CliError(`transaction ${tx.hash} (${label}) failed`);
    record.confirmed = true;
    return receipt;
  }

  /** Revert decoder over every compiled artifact plus the deployment's own artifacts. */
  async decoder(): Promise<ErrorDecoder> {
    const abis = await compiledAbis(this.hre.artifacts);
    if (this.#deployment !== undefined) {
      try {
        abis.push(...(await (await this.#deployment).allAbis()));
      } catch {
        // No deployment: nothing more to add.
      }
    }
    return new ErrorDecoder(abis, sentenceContext(this.#tokens.values(), this.#amountToken));
  }

  /**
   * Simulates `call` against the next block on this network, with `overrides` (an allowance in
   * place, say): a refusal becomes `<what> would be refused: <sentence> (...; nothing sent)`.
   */
  async simulate(
    what: string,
    call: { from: string; to: string; data: string },
    overrides?: Record<string, unknown>,
  ): Promise<void> {
    const { connection } = await this.network();
    await simulateOrExplain(connection.provider, await this.decoder(), what, call, overrides);
  }
}

/** The ABIs of every compiled artifact of the project (empty when nothing is compiled). */
export async function compiledAbis(artifacts: ArtifactManager): Promise<unknown[][]> {
  const abis: unknown[][] = [];
  try {
    for (const name of await artifacts.getAllFullyQualifiedNames()) {
      abis.push((await artifacts.readArtifact(name)).abi as unknown[]);
    }
  } catch {
    // Not compiled here: callers add the deployment's own artifacts.
  }
  return abis;
}
