/** EIP-2612 permits: an allowance granted by a signature instead of an `approve` transaction. */
import { Contract, Signature, type Signer } from "ethers";

import { ERC20_ABI } from "../amounts/tokens.js";

/** The EIP-712 types of an EIP-2612 `Permit`. */
export const PERMIT_TYPES = {
  Permit: [
    { name: "owner", type: "address" },
    { name: "spender", type: "address" },
    { name: "value", type: "uint256" },
    { name: "nonce", type: "uint256" },
    { name: "deadline", type: "uint256" },
  ],
};

/** The trailing arguments of a `...WithPermit` call: `deadline, v, r, s`. */
export type PermitArgs = [deadline: bigint, v: number, r: string, s: string];

/**
 * Has `signer` sign a permit of `value` of `token` to `spender` until `deadline`, with the token's
 * own EIP-712 domain (`eip712Domain()`) and the signer's next nonce (`nonces()`), both read through
 * the signer's provider. A signature only: nothing is sent.
 */
export async function signPermit(
  signer: Signer,
  token: string,
  spender: string,
  value: bigint,
  deadline: bigint,
): Promise<PermitArgs> {
  const owner = await signer.getAddress();
  const erc20 = new Contract(token, ERC20_ABI, signer);
  const [domain, nonce] = await Promise.all([
    erc20.eip712Domain() as Promise<[string, string, string, bigint, string]>,
    erc20.nonces(owner) as Promise<bigint>,
  ]);
  const signature = Signature.from(
    await signer.signTypedData(
      { name: domain[1], version: domain[2], chainId: domain[3], verifyingContract: domain[4] },
      PERMIT_TYPES,
      { owner, spender, value, nonce, deadline },
    ),
  );
  return [deadline, signature.v, signature.r, signature.s];
}
