/**
 * Compiler warnings this project has read and accepted, hidden from every build's output (the demo,
 * `ignition deploy`, tests), through Hardhat 3's `getCompilationJobErrors` hook of the Solidity build:
 * the handler gets the warnings Hardhat is about to print and returns the list it prints.
 *
 * Only one is accepted: solc's warning 2394 on transient storage (EIP-1153), and only where it points
 * into OpenZeppelin's `utils/TransientSlot.sol`. The router and the burner use OpenZeppelin's
 * `ReentrancyGuardTransient`, whose lock is set with `tstore` on entry and cleared on exit of the
 * same call: the use the warning itself calls safe ("transient storage for reentrancy guards that are
 * cleared at the end of the call"). The same warning anywhere else (a `tstore` of this project's
 * own contracts) is still printed, as is every other warning. See docs/contracts.md.
 */
import type { HardhatPlugin } from "hardhat/types/plugins";

/** A compiler output error, as far as this filter reads it. */
export interface CompilerMessage {
  severity?: string;
  errorCode?: string;
  sourceLocation?: { file?: string };
  formattedMessage?: string;
}

/** solc's error code of the EIP-1153 transient-storage warning. */
export const TRANSIENT_STORAGE_WARNING = "2394";

/**
 * OpenZeppelin's TransientSlot, as solc names it (`npm/@openzeppelin/contracts@5.7.0/utils/...`) or as
 * Hardhat prints it (`./node_modules/@openzeppelin/contracts/utils/...`).
 */
const TRANSIENT_SLOT = /(^|\/)@openzeppelin\/contracts(@[^/]+)?\/utils\/TransientSlot\.sol$/;

/**
 * The file a message points at: its `sourceLocation`, or, in the form Hardhat hands to the hook (no
 * `sourceLocation`, paths rewritten to files), the first `--> file:line:column` of its text.
 */
function fileOf(error: CompilerMessage): string {
  return error.sourceLocation?.file ?? /-->\s+([^\s:]+)/.exec(error.formattedMessage ?? "")?.[1] ?? "";
}

/** True for a warning this project accepted (see the file's comment). */
export function isAcceptedWarning(error: CompilerMessage): boolean {
  return (
    error.severity === "warning" && error.errorCode === TRANSIENT_STORAGE_WARNING && TRANSIENT_SLOT.test(fileOf(error))
  );
}

const compilerWarningsPlugin: HardhatPlugin = {
  id: "galeon:compiler-warnings",
  hookHandlers: {
    solidity: () => import("./compilerWarningsHook.js"),
  },
};

export default compilerWarningsPlugin;
