import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";

/**
 * $GALEON: the whole supply is minted once, at deployment, to the `recipients` / `amounts`
 * allocation list (base units, 18 decimals). No owner, no mint key.
 */
export default buildModule("GaleonToken", (m) => {
  const recipients = m.getParameter<string[]>("recipients");
  const amounts = m.getParameter<string[]>("amounts");
  const token = m.contract("GaleonToken", [recipients, amounts]);
  return { token };
});
