/**
 * The domain code the app shares with the command line (one source for both: the same decoding,
 * simulation and sentences as `npx hardhat dao ...`), imported through this one file.
 */
export {
  decodeAction,
  type DecodedAction,
  formatSeconds,
  formatTime,
  type ProposalRecord,
  proposals,
  SUPPORT,
  type SupportName,
  tokenLookup,
} from "../../scripts/lib/governance.js";
export type { Deployment } from "../../scripts/lib/deployment.js";
export { simulateProposal, type Simulation } from "../../scripts/lib/simulation.js";
export type { Eip1193 } from "../../scripts/lib/localNode.js";
export { duration } from "../../scripts/lib/sentences/buyback.js";
export { PROPOSAL_STATE_NAMES } from "../../scripts/lib/sentences/dao.js";
export { ErrorDecoder, findRevertData, sentenceContext } from "../../scripts/lib/revert.js";
