/**
 * The Galeon deployment of the chosen network, as Hardhat Ignition wrote it:
 * `<paths.ignition>/deployments/<deploymentId>/` with `deployed_addresses.json`, `journal.jsonl`
 * and `artifacts/<futureId>.json`. The default deployment id is Ignition's own, `chain-<chainId>`.
 */
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import path from "node:path";

import { environmentError } from "../../domain/errors/refusal.js";

interface JournalEntry {
  type: string;
  futureId?: string;
  chainId?: number;
  constructorArgs?: unknown[];
  receipt?: { blockNumber: number; contractAddress?: string };
  hash?: string;
}

export class Deployment {
  private constructor(
    readonly id: string,
    readonly chainId: number,
    readonly dir: string,
    readonly addresses: Readonly<Record<string, string>>,
    private readonly journal: readonly JournalEntry[],
  ) {}

  static defaultId(chainId: number): string {
    return `chain-${chainId}`;
  }

  /**
   * Loads the deployment `deploymentId` (default `chain-<chainId>`) under `ignitionDir` and checks
   * it was made on `chainId`. Throws a one-line `CliError` when there is none.
   */
  static async load(ignitionDir: string, chainId: number, deploymentId?: string): Promise<Deployment> {
    const id = deploymentId === undefined || deploymentId === "" ? Deployment.defaultId(chainId) : deploymentId;
    const dir = path.join(ignitionDir, "deployments", id);
    const addressesFile = path.join(dir, "deployed_addresses.json");
    const shown = path.relative(process.cwd(), addressesFile) || addressesFile;
    if (!existsSync(addressesFile)) {
      throw environmentError(
        `no Galeon deployment for chain ${chainId} (no ${shown}): deploy with \`hardhat ignition deploy\`` +
          ` or pass --deployment-id`,
      );
    }
    const addresses = JSON.parse(await readFile(addressesFile, "utf8")) as Record<string, string>;
    const journalFile = path.join(dir, "journal.jsonl");
    const journal = existsSync(journalFile)
      ? (await readFile(journalFile, "utf8"))
          .split("\n")
          .filter((l) => l.trim() !== "")
          .map((l) => JSON.parse(l) as JournalEntry)
      : [];
    const madeOn = journal.find((e) => e.type === "DEPLOYMENT_INITIALIZE")?.chainId;
    if (madeOn !== undefined && madeOn !== chainId) {
      throw environmentError(`deployment ${id} was made on chain ${madeOn} but the network is chain ${chainId}`);
    }
    return new Deployment(id, chainId, dir, addresses, journal);
  }

  /**
   * The full future id for `futureIdOrName`: itself when it is a full id (`Module#Name`), else the one
   * future whose id ends with `#<name>`; undefined when there is none.
   */
  resolve(futureIdOrName: string): string | undefined {
    if (futureIdOrName.includes("#")) {
      return this.addresses[futureIdOrName] === undefined ? undefined : futureIdOrName;
    }
    const matches = Object.keys(this.addresses).filter((id) => id.endsWith(`#${futureIdOrName}`));
    if (matches.length > 1) {
      throw environmentError(`deployment ${this.id} has several ${futureIdOrName}: ${matches.join(", ")}`);
    }
    return matches[0];
  }

  has(futureIdOrName: string): boolean {
    return this.resolve(futureIdOrName) !== undefined;
  }

  /** The address of a future (full id or bare name); a one-line error when this deployment lacks it. */
  address(futureIdOrName: string): string {
    const futureId = this.resolve(futureIdOrName);
    if (futureId === undefined) {
      throw environmentError(`deployment ${this.id} on chain ${this.chainId} has no ${futureIdOrName}`);
    }
    return this.addresses[futureId];
  }

  /** The ABI Ignition recorded for a future (independent of what is compiled locally now). */
  async abi(futureIdOrName: string): Promise<unknown[]> {
    const futureId = this.resolve(futureIdOrName) ?? futureIdOrName;
    const file = path.join(this.dir, "artifacts", `${futureId}.json`);
    if (!existsSync(file)) throw environmentError(`deployment ${this.id} has no artifact for ${futureId}`);
    return (JSON.parse(await readFile(file, "utf8")) as { abi: unknown[] }).abi;
  }

  /** Every ABI recorded in this deployment, for error decoding. */
  async allAbis(): Promise<unknown[][]> {
    return await Promise.all(Object.keys(this.addresses).map((f) => this.abi(f).catch(() => [])));
  }

  /** The block in which a future's deployment transaction was confirmed, if the journal says. */
  deploymentBlock(futureIdOrName: string): number | undefined {
    const futureId = this.resolve(futureIdOrName) ?? futureIdOrName;
    return this.journal.find((e) => e.type === "TRANSACTION_CONFIRM" && e.futureId === futureId)?.receipt?.blockNumber;
  }

  /** The constructor arguments a future was deployed with, if the journal says. */
  constructorArgs(futureIdOrName: string): unknown[] | undefined {
    const futureId = this.resolve(futureIdOrName) ?? futureIdOrName;
    return this.journal.find((e) => e.type === "DEPLOYMENT_EXECUTION_STATE_INITIALIZE" && e.futureId === futureId)
      ?.constructorArgs;
  }
}
