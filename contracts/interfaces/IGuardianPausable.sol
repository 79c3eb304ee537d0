// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @title IGuardianPausable
/// @notice The emergency brake shared by the suite's contracts. The admin (the DAO timelock) owns
/// every parameter; a guardian (a multisig) may only pause, and only until its mandate expires,
/// unless the admin renews it. Only the admin unpauses.
interface IGuardianPausable {
    /* ERRORS */

    /// @notice The caller is neither the admin nor a guardian whose mandate is still running.
    /// @param caller The account that tried to pause.
    /// @param guardian The current guardian.
    /// @param expiry When the guardian's mandate ends (unix seconds).
    error GuardianPausableUnauthorized(address caller, address guardian, uint64 expiry);

    /// @notice The action is refused while the contract is paused.
    error GuardianPausablePaused();

    /// @notice `unpause` was called while the contract is not paused, or `pause` while it is.
    /// @param paused The current state.
    error GuardianPausableAlreadyInState(bool paused);

    /// @notice A guardian mandate must end in the future (or the guardian be the zero address).
    /// @param expiry The proposed end of the mandate.
    /// @param now_ The current block timestamp.
    error GuardianPausableExpiryInPast(uint64 expiry, uint256 now_);

    /* EVENTS */

    /// @notice The guardian or its mandate changed.
    /// @param guardian The new guardian (zero: none).
    /// @param expiry When its mandate ends (unix seconds).
    event GuardianSet(address indexed guardian, uint64 expiry);

    /// @notice New activity (purchases, buy-backs) was stopped.
    /// @param by The guardian or admin who paused.
    event Paused(address indexed by);

    /// @notice New activity was allowed again.
    /// @param by The admin who unpaused.
    event Unpaused(address indexed by);

    /* FUNCTIONS */

    /// @notice Stops new activity (the guarded functions). Claims and withdrawals are never paused.
    /// @dev Callable by the admin at any time, or by the guardian before its mandate expires.
    function pause() external;

    /// @notice Allows new activity again. Admin only.
    function unpause() external;

    /// @notice Appoints or renews the guardian. Admin only.
    /// @param newGuardian The guardian (a multisig); the zero address removes the guardian.
    /// @param newExpiry When the mandate ends (unix seconds); must be in the future unless
    /// `newGuardian` is zero.
    function setGuardian(address newGuardian, uint64 newExpiry) external;

    /// @notice Whether new activity is stopped.
    /// @return True when paused.
    function paused() external view returns (bool);

    /// @notice The guardian and the end of its mandate.
    /// @return guardian The guardian (zero: none).
    /// @return expiry When its mandate ends (unix seconds); after that it cannot pause.
    function guardian() external view returns (address guardian, uint64 expiry);
}
