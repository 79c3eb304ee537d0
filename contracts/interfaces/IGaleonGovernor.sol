// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @title IGaleonGovernor
/// @notice What the Galeon DAO's Governor adds to OpenZeppelin's Governor (Settings, CountingSimple,
/// Votes, QuorumFraction, PreventLateQuorum, ProposalGuardian, TimelockControl): a proposal guardian
/// whose power to cancel proposals expires at a set date unless the DAO renews it, and guardian-limiting
/// proposals that the guardian cannot cancel and that pass only with two thirds of the votes cast.
/// @dev A proposal is guardian-limiting when every one of its actions, sent without value, is one of:
/// `unpause()` on any target; `setGuardian(address(0), expiry)` on any target (a GuardianPausable losing
/// its guardian); `setProposalGuardianMandate(address(0), expiry)` or `setProposalGuardian(address(0))` on
/// this Governor. The calldata must be exactly the ABI encoding (no extra bytes). It is classified once,
/// at propose time, and then: nobody can cancel it (neither the guardian nor the proposer); it succeeds
/// only when For >= 2/3 of For + Against (and For > 0) and the usual quorum (For + Abstain) is reached.
/// Any other proposal, including one that mixes a removal with anything else, is ordinary: simple
/// majority, cancellable by the guardian. Such a proposal can only take powers away from the guardian and
/// restart paused activity, so a supermajority of the DAO always removes a guardian within one proposal
/// cycle, and a simple majority (e.g. one 4% whale voting alone against nobody else's 2%) cannot.
/// @dev Everything else (propose, castVote*, queue, execute, cancel, the settings setters, the standard
/// events and states) is OpenZeppelin's `IGovernor` and its extensions, unchanged, so Tally and other
/// Governor front ends work as they do with any OpenZeppelin Governor.
interface IGaleonGovernor {
    /* ERRORS */

    /// @notice A proposal guardian's mandate must end in the future (or the guardian be the zero address).
    /// @param expiry The proposed end of the mandate (unix seconds).
    /// @param now_ The current block timestamp.
    error GaleonGovernorGuardianExpiryInPast(uint64 expiry, uint256 now_);

    /// @notice `updateTimelock` is disabled: the Governor drives the timelock it was deployed with, which
    /// owns the suite. A migration deploys a new Governor, which that timelock grants the proposer and
    /// canceller roles before revoking the old Governor's (GaleonTimelock refuses to drop the last one).
    error GaleonGovernorTimelockFixed();

    /* EVENTS */

    /// @notice The end of the proposal guardian's mandate changed. Emitted together with OpenZeppelin's
    /// `ProposalGuardianSet(oldGuardian, newGuardian)` by the constructor and `setProposalGuardianMandate`.
    /// @param oldExpiry The previous end of the mandate (unix seconds).
    /// @param newExpiry The new end of the mandate (unix seconds).
    event ProposalGuardianExpirySet(uint64 oldExpiry, uint64 newExpiry);

    /// @notice A proposal was classified guardian-limiting at creation (emitted right after OpenZeppelin's
    /// `ProposalCreated`): it cannot be cancelled and needs two thirds of For + Against to pass.
    /// @param proposalId The proposal.
    event GuardianLimitingProposalCreated(uint256 indexed proposalId);

    /* FUNCTIONS */

    /// @notice Appoints or renews the proposal guardian and sets when its mandate ends. Governance only:
    /// callable solely by the timelock while it executes a proposal of this Governor.
    /// @dev OpenZeppelin's `setProposalGuardian(address)` stays available (governance only) and keeps the
    /// current expiry.
    /// @param newGuardian The guardian (a multisig); the zero address removes the guardian.
    /// @param newExpiry When the mandate ends (unix seconds); must be in the future unless `newGuardian` is zero.
    function setProposalGuardianMandate(address newGuardian, uint64 newExpiry) external;

    /// @notice The proposal guardian while its mandate runs: it may cancel any proposal that is not yet
    /// executed, except a guardian-limiting one. The zero address when there is none or its mandate has ended.
    /// @dev Once the mandate has ended (or with no guardian), cancelling falls back to OpenZeppelin's base
    /// rule only (a proposer may cancel its own proposal while it is Pending); unlike OpenZeppelin's default,
    /// the guardian's power never passes to proposers.
    /// @return The active proposal guardian, or the zero address.
    function proposalGuardian() external view returns (address);

    /// @notice When the proposal guardian's mandate ends (unix seconds); from that second on it can no
    /// longer cancel.
    /// @return The end of the mandate.
    function proposalGuardianExpiry() external view returns (uint64);

    /// @notice Whether a proposal is guardian-limiting (see the interface's notes): it cannot be cancelled
    /// and passes only with two thirds of For + Against. False for an ordinary or unknown proposal.
    /// @param proposalId The proposal.
    /// @return True when guardian-limiting.
    function isGuardianLimiting(uint256 proposalId) external view returns (bool);
}
