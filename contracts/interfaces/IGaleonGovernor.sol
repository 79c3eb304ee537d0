// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @title IGaleonGovernor
/// @notice What the Galeon DAO's Governor adds to OpenZeppelin's Governor (Settings, CountingSimple,
/// Votes, QuorumFraction, PreventLateQuorum, ProposalGuardian, TimelockControl): a proposal guardian
/// whose power to cancel proposals expires at a set date unless the DAO renews it.
/// @dev Everything else (propose, castVote*, queue, execute, cancel, the settings setters, the standard
/// events and states) is OpenZeppelin's `IGovernor` and its extensions, unchanged, so Tally and other
/// Governor front ends work as they do with any OpenZeppelin Governor.
interface IGaleonGovernor {
    /* ERRORS */

    /// @notice A proposal guardian's mandate must end in the future (or the guardian be the zero address).
    /// @param expiry The proposed end of the mandate (unix seconds).
    /// @param now_ The current block timestamp.
    error GaleonGovernorGuardianExpiryInPast(uint64 expiry, uint256 now_);

    /* EVENTS */

    /// @notice The end of the proposal guardian's mandate changed. Emitted together with OpenZeppelin's
    /// `ProposalGuardianSet(oldGuardian, newGuardian)` by the constructor and `setProposalGuardianMandate`.
    /// @param oldExpiry The previous end of the mandate (unix seconds).
    /// @param newExpiry The new end of the mandate (unix seconds).
    event ProposalGuardianExpirySet(uint64 oldExpiry, uint64 newExpiry);

    /* FUNCTIONS */

    /// @notice Appoints or renews the proposal guardian and sets when its mandate ends. Governance only:
    /// callable solely by the timelock while it executes a proposal of this Governor.
    /// @dev OpenZeppelin's `setProposalGuardian(address)` stays available (governance only) and keeps the
    /// current expiry.
    /// @param newGuardian The guardian (a multisig); the zero address removes the guardian.
    /// @param newExpiry When the mandate ends (unix seconds); must be in the future unless `newGuardian` is zero.
    function setProposalGuardianMandate(address newGuardian, uint64 newExpiry) external;

    /// @notice The proposal guardian while its mandate runs: it may cancel any proposal that is not yet
    /// executed. The zero address when there is none or its mandate has ended.
    /// @dev Once the mandate has ended (or with no guardian), cancelling falls back to OpenZeppelin's base
    /// rule only (a proposer may cancel its own proposal while it is Pending); unlike OpenZeppelin's default,
    /// the guardian's power never passes to proposers.
    /// @return The active proposal guardian, or the zero address.
    function proposalGuardian() external view returns (address);

    /// @notice When the proposal guardian's mandate ends (unix seconds); from that second on it can no
    /// longer cancel.
    /// @return The end of the mandate.
    function proposalGuardianExpiry() external view returns (uint64);
}
