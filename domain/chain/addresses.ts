import { getAddress, isAddress, ZeroAddress } from "ethers";

import { badInput } from "../errors/refusal.js";

export interface ParseAddressOptions {
  /** What the address is, for the error sentence (e.g. "--to"). */
  label?: string;
  /** Accept the zero address (default: no). */
  allowZero?: boolean;
}

/** Parses an address typed by a person; refuses garbage, a bad checksum and the zero address. */
export function parseAddress(input: string, options: ParseAddressOptions = {}): string {
  const label = options.label ?? "address";
  const text = input.trim();
  if (!/^0x[0-9a-fA-F]{40}$/.test(text)) {
    throw badInput(`${label} "${input}" is not an address: expected 0x followed by 40 hexadecimal digits`);
  }
  if (!isAddress(text)) {
    throw badInput(`${label} "${input}" has a bad checksum: check for a typo, or write it all in lower case`);
  }
  const address = getAddress(text);
  if (address === ZeroAddress && options.allowZero !== true) {
    throw badInput(`${label} must not be the zero address`);
  }
  return address;
}
