/**
 * The domain code the app shares with the command line (one source for both: the same decoding,
 * simulation and sentences as `npx hardhat dao ...`), from the browser-safe `domain/` layer.
 */
export {
  decodeAction,
  type DecodedAction,
  type Deployment,
  formatSeconds,
  formatTime,
  type ProposalRecord,
  proposals,
  SUPPORT,
  type SupportName,
  tokenLookup,
} from "../../domain/governance/governance.js";
export { simulateProposal, type Simulation } from "../../domain/governance/simulation.js";
export * from "../../domain/governance/checks.js";
export { BALLOT_TYPES, EXTENDED_BALLOT_TYPES } from "../../domain/governance/ballot.js";
export { parseAddress } from "../../domain/chain/addresses.js";
export { formatAmount } from "../../domain/amounts/amounts.js";
export type { Eip1193 } from "../../domain/chain/rpc.js";
export { PROPOSAL_STATE_NAMES } from "../../domain/errors/sentences/dao.js";
export { ErrorDecoder, findRevertData } from "../../domain/errors/revert.js";
export { sentenceContext } from "../../domain/errors/sentences/say.js";
