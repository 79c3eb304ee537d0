/**
 * The quote file the attestor hands to a buyer (`attestor sign-quote` writes it, `buyer pay` reads
 * it): the chain id and router, the EIP-712 typed data (domain, types, message with amounts as
 * decimal strings), the signature, and human-readable fields. Ids, addresses, amounts and hashes
 * only: nothing personal.
 */
import { getAddress, isAddress, Signature, ZeroAddress, ZeroHash } from "ethers";

import { formatAmount } from "../amounts/amounts.js";
import { badInput } from "../errors/refusal.js";
import { type Quote, QUOTE_TYPES, routerDomain, unpackUsage } from "./quote.js";
import type { TokenInfo } from "../amounts/tokens.js";

export const QUOTE_FILE_FORMAT = "galeon-quote/1";

export interface QuoteFile {
  format: typeof QUOTE_FILE_FORMAT;
  chainId: number;
  router: string;
  attestor: string;
  domain: { name: string; version: string; chainId: number; verifyingContract: string };
  types: typeof QUOTE_TYPES;
  primaryType: "Quote";
  message: {
    accessId: string;
    buyer: string;
    payer: string;
    token: string;
    amount: string;
    deadline: string;
    accessExpiry: string;
    usage: string[];
    jobHash: string;
    permitId: string;
    permitExpiry: string;
    renews: string;
  };
  signature: string;
  human: {
    token: string;
    decimals: number;
    amount: string;
    deadline: string;
    accessExpiry: string;
    usage: Array<{ hospitalId: number; units: string }>;
    permitExpiry: string;
    /** The access id the quote extends, or "" for a new access. */
    renews: string;
  };
}

/** A quote read back from a file, typed for the router. */
export interface LoadedQuote {
  chainId: number;
  router: string;
  attestor: string;
  quote: Quote;
  signature: string;
  human: QuoteFile["human"];
}

export function isoSeconds(seconds: bigint): string {
  return new Date(Number(seconds) * 1000).toISOString().replace(".000Z", "Z");
}

/** Builds the file's content. */
export function quoteFileContent(args: {
  chainId: number;
  router: string;
  attestor: string;
  quote: Quote;
  signature: string;
  token: TokenInfo;
}): QuoteFile {
  const { quote } = args;
  const domain = routerDomain(BigInt(args.chainId), args.router);
  return {
    format: QUOTE_FILE_FORMAT,
    chainId: args.chainId,
    router: args.router,
    attestor: args.attestor,
    domain: {
      name: domain.name!,
      version: domain.version!,
      chainId: args.chainId,
      verifyingContract: args.router,
    },
    types: QUOTE_TYPES,
    primaryType: "Quote",
    message: {
      accessId: quote.accessId,
      buyer: quote.buyer,
      payer: quote.payer,
      token: quote.token,
      amount: quote.amount.toString(),
      deadline: quote.deadline.toString(),
      accessExpiry: quote.accessExpiry.toString(),
      usage: quote.usage.map((w) => w.toString()),
      jobHash: quote.jobHash,
      permitId: quote.permitId,
      permitExpiry: quote.permitExpiry.toString(),
      renews: quote.renews,
    },
    signature: args.signature,
    human: {
      token: args.token.symbol,
      decimals: args.token.decimals,
      amount: formatAmount(quote.amount, args.token.decimals, args.token.symbol),
      deadline: isoSeconds(quote.deadline),
      accessExpiry: isoSeconds(quote.accessExpiry),
      usage: quote.usage.map(unpackUsage).map((u) => ({ hospitalId: Number(u.hospitalId), units: u.units.toString() })),
      permitExpiry: isoSeconds(quote.permitExpiry),
      renews: quote.renews === ZeroHash ? "" : quote.renews,
    },
  };
}

function field<T>(record: Record<string, unknown>, key: string, check: (v: unknown) => v is T, what: string): T {
  const value = record[key];
  if (!check(value)) throw new Error(`"${key}" must be ${what}`);
  return value;
}

const isString = (v: unknown): v is string => typeof v === "string";
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
const isUint = (v: unknown): v is string => typeof v === "string" && /^[0-9]+$/.test(v);
const isBytes32 = (v: unknown): v is string => typeof v === "string" && /^0x[0-9a-fA-F]{64}$/.test(v);
const isAddr = (v: unknown): v is string => typeof v === "string" && /^0x[0-9a-fA-F]{40}$/.test(v) && isAddress(v);

/**
 * Parses and checks the shape of a quote file (not its validity on chain: `buyer pay` does that).
 * Any defect is a one-line `badInput` naming the file.
 */
export function parseQuoteFile(text: string, name = "quote file"): LoadedQuote {
  try {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      throw new Error("it is not JSON");
    }
    if (!isObject(value)) throw new Error("it is not a JSON object");
    if (value.format !== QUOTE_FILE_FORMAT) throw new Error(`"format" must be "${QUOTE_FILE_FORMAT}"`);
    const chainId = field(
      value,
      "chainId",
      (v): v is number => Number.isSafeInteger(v) && (v as number) > 0,
      "a chain id",
    );
    const router = getAddress(field(value, "router", isAddr, "an address"));
    const attestor = getAddress(field(value, "attestor", isAddr, "an address"));
    const domain = field(value, "domain", isObject, "an object");
    if (
      domain.name !== "Galeon DataAccessRouter" ||
      domain.version !== "1" ||
      domain.chainId !== chainId ||
      !isAddr(domain.verifyingContract) ||
      getAddress(domain.verifyingContract) !== router
    ) {
      throw new Error(`"domain" does not match the router's EIP-712 domain for chain ${chainId} and ${router}`);
    }
    if (value.primaryType !== "Quote") throw new Error(`"primaryType" must be "Quote"`);
    if (JSON.stringify(value.types) !== JSON.stringify(QUOTE_TYPES)) {
      const before = {
        Quote: QUOTE_TYPES.Quote.filter((f) => !["permitId", "permitExpiry", "renews"].includes(f.name)),
      };
      if (JSON.stringify(value.types) === JSON.stringify(before)) {
        throw new Error("it was signed before quotes named their data permit: ask the attestor for a new quote");
      }
      throw new Error(`"types" is not the Quote type`);
    }
    const m = field(value, "message", isObject, "an object");
    const usage = field(m, "usage", (v): v is unknown[] => Array.isArray(v), "an array").map((w, i) => {
      if (!isUint(w)) throw new Error(`"message.usage[${i}]" must be a decimal string`);
      return BigInt(w);
    });
    const quote: Quote = {
      accessId: field(m, "accessId", isBytes32, "32 bytes in hex").toLowerCase(),
      buyer: getAddress(field(m, "buyer", isAddr, "an address")),
      payer: getAddress(field(m, "payer", isAddr, "an address")),
      token: getAddress(field(m, "token", isAddr, "an address")),
      amount: BigInt(field(m, "amount", isUint, "a decimal string")),
      deadline: BigInt(field(m, "deadline", isUint, "a decimal string")),
      accessExpiry: BigInt(field(m, "accessExpiry", isUint, "a decimal string")),
      usage,
      jobHash: field(m, "jobHash", isBytes32, "32 bytes in hex").toLowerCase(),
      permitId: field(m, "permitId", isBytes32, "32 bytes in hex").toLowerCase(),
      permitExpiry: BigInt(field(m, "permitExpiry", isUint, "a decimal string")),
      renews: field(m, "renews", isBytes32, "32 bytes in hex").toLowerCase(),
    };
    if (quote.buyer === ZeroAddress) throw new Error(`"message.buyer" is the zero address`);
    const signature = field(
      value,
      "signature",
      (v): v is string => isString(v) && /^0x[0-9a-fA-F]{130}$/.test(v),
      "a 65-byte signature",
    );
    try {
      Signature.from(signature);
    } catch {
      throw new Error(`"signature" is not a valid signature`);
    }
    const human = isObject(value.human) ? (value.human as unknown as QuoteFile["human"]) : undefined;
    const token = human !== undefined && isString(human.token) ? human : undefined;
    return {
      chainId,
      router,
      attestor,
      quote,
      signature,
      human: token ?? {
        token: "",
        decimals: 0,
        amount: "",
        deadline: "",
        accessExpiry: "",
        usage: [],
        permitExpiry: "",
        renews: "",
      },
    };
  } catch (error) {
    throw badInput(`${name} is not a valid Galeon quote file: ${(error as Error).message}`);
  }
}
