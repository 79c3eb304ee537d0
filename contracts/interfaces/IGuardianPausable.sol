// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @title IGuardianPausable
/// @notice The emergency brake shared by the suite's contracts. The admin (the DAO timelock) owns every
/// parameter; a guardian (a multisig) may only pause, and only until its mandate expires, unless the admin
/// renews it. Every pause ends by itself after `pauseDuration`; the guardian may not pause again before
/// the end of its previous pause plus `pauseCooldown`. The admin unpauses at any time.
/// @dev The admin is a SuiteOwnable owner (ISuiteOwnable): two-step transfers, never renounced.
interface IGuardianPausable {
    /* ERRORS */

    /// @notice The caller is neither the admin nor a guardian whose mandate is still running.
    /// @param caller The account that tried to pause.
    /// @param guardian The current guardian.
    /// @param expiry When the guardian's mandate ends (unix seconds).
    error GuardianPausableUnauthorized(address caller, address guardian, uint64 expiry);

    /// @notice The action is refused while the contract is paused.
    error GuardianPausablePaused();

    /// @notice The guardian called `pause` while a pause is running.
    /// @param pausedUntil When the running pause ends (unix seconds).
    error GuardianPausableAlreadyPaused(uint64 pausedUntil);

    /// @notice The guardian tried to pause again before its cooldown ended.
    /// @param nextGuardianPause The first second at which the guardian may pause again.
    /// @param now_ The current block timestamp.
    error GuardianPausableCooldown(uint64 nextGuardianPause, uint256 now_);

    /// @notice A guardian mandate must end in the future (or the guardian be the zero address).
    /// @param expiry The proposed end of the mandate.
    /// @param now_ The current block timestamp.
    error GuardianPausableExpiryInPast(uint64 expiry, uint256 now_);

    /// @notice A pause duration outside the hard bounds.
    /// @param duration The proposed duration (seconds).
    /// @param min The shortest allowed (1 day).
    /// @param max The longest allowed (14 days).
    error GuardianPausablePauseDurationOutOfRange(uint32 duration, uint32 min, uint32 max);

    /// @notice A guardian cooldown outside the hard bounds.
    /// @param cooldown The proposed cooldown (seconds).
    /// @param min The shortest allowed (1 day).
    /// @param max The longest allowed (30 days).
    error GuardianPausableCooldownOutOfRange(uint32 cooldown, uint32 min, uint32 max);

    /* EVENTS */

    /// @notice The guardian or its mandate changed.
    /// @param guardian The new guardian (zero: none).
    /// @param expiry When its mandate ends (unix seconds).
    event GuardianSet(address indexed guardian, uint64 expiry);

    /// @notice New activity (purchases, buy-backs) was stopped until `until`.
    /// @param by The guardian or admin who paused.
    /// @param until When the pause ends by itself (unix seconds).
    event Paused(address indexed by, uint64 until);

    /// @notice New activity was allowed again before the pause ended by itself.
    /// @param by The admin who unpaused.
    event Unpaused(address indexed by);

    /// @notice The pause duration or the guardian's cooldown changed (also emitted by the constructor).
    /// @param duration How long every new pause lasts (seconds).
    /// @param cooldown How long after the end of its pause the guardian must wait to pause again (seconds).
    event PauseParametersSet(uint32 duration, uint32 cooldown);

    /* FUNCTIONS */

    /// @notice Stops new activity (the guarded functions) for `pauseDuration`. Claims and withdrawals are
    /// never paused.
    /// @dev Callable by the admin at any time, or by the guardian before its mandate expires and once its
    /// cooldown is over (`nextGuardianPause`). The guardian is refused while a pause is running; the
    /// admin's pause replaces a running one (it ends `pauseDuration` after the admin's call), so a
    /// fixing proposal that pauses cannot fail because the guardian paused first.
    function pause() external;

    /// @notice Allows new activity again at once. Admin only. Does nothing (no event, no revert) when the
    /// contract is not paused, e.g. when the pause already ended by itself, so a proposal that unpauses
    /// cannot fail for that reason. The guardian's cooldown still counts from the end it had planned.
    function unpause() external;

    /// @notice Appoints or renews the guardian. Admin only.
    /// @param newGuardian The guardian (a multisig); the zero address removes the guardian.
    /// @param newExpiry When the mandate ends (unix seconds); must be in the future unless
    /// `newGuardian` is zero.
    function setGuardian(address newGuardian, uint64 newExpiry) external;

    /// @notice Sets how long a pause lasts and the guardian's cooldown. Admin only. A running pause keeps
    /// its end.
    /// @param newDuration Duration of every new pause, 1 to 14 days (seconds).
    /// @param newCooldown Time the guardian waits after the end of its pause before pausing again, 1 to
    /// 30 days (seconds).
    function setPauseParameters(uint32 newDuration, uint32 newCooldown) external;

    /// @notice Whether new activity is stopped: true from a pause until it ends by itself or the admin
    /// unpauses.
    /// @return True when paused.
    function paused() external view returns (bool);

    /// @notice The guardian and the end of its mandate.
    /// @return account The guardian (zero: none).
    /// @return expiry When its mandate ends (unix seconds); after that it cannot pause.
    function guardian() external view returns (address account, uint64 expiry);

    /// @notice The pause state and its parameters.
    /// @return pausedUntil Until when new activity is stopped (unix seconds; not paused when in the past).
    /// @return nextGuardianPause The first second the guardian may pause again (unix seconds).
    /// @return duration How long every new pause lasts (seconds).
    /// @return cooldown The guardian's wait after the end of its pause (seconds).
    function pauseState()
        external
        view
        returns (uint64 pausedUntil, uint64 nextGuardianPause, uint32 duration, uint32 cooldown);
}
