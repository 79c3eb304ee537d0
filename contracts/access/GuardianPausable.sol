// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";

import {IGuardianPausable} from "../interfaces/IGuardianPausable.sol";
import {SuiteOwnable} from "./SuiteOwnable.sol";

/// @title GuardianPausable
/// @notice Admin (`owner`, the DAO timelock after deployment; SuiteOwnable: two-step transfers, never
/// renounced) plus a guardian whose only power is to pause new activity, for a bounded time, until its
/// mandate expires. Inheritors put `whenNotPaused` on new activity only (purchases, buy-backs), never on
/// claims or withdrawals.
abstract contract GuardianPausable is SuiteOwnable, IGuardianPausable {
    /* CONSTANTS */

    /// @dev Hard bounds of the pause duration, in seconds.
    uint32 private constant MIN_PAUSE_DURATION = 1 days;
    uint32 private constant MAX_PAUSE_DURATION = 14 days;
    /// @dev Hard bounds of the guardian's cooldown, in seconds.
    uint32 private constant MIN_PAUSE_COOLDOWN = 1 days;
    uint32 private constant MAX_PAUSE_COOLDOWN = 30 days;
    /// @dev Defaults, in seconds: a pause plus the cooldown (14 days) outlasts one DAO proposal cycle
    /// (2 days delay + 7 days vote + 2 days late-quorum extension + 2 days timelock = 13 days), so a rogue
    /// guardian cannot pause twice before a proposal that removes it executes.
    uint32 private constant DEFAULT_PAUSE_DURATION = 7 days;
    uint32 private constant DEFAULT_PAUSE_COOLDOWN = 7 days;

    /* STORAGE */

    /// @dev One slot: guardian (20 bytes) and the end of its mandate (8 bytes).
    address private _guardian;
    uint64 private _guardianExpiry;

    /// @dev One slot, the only one a guarded call reads: until when paused, when the guardian may pause
    /// again, and the two parameters. Timestamps fit in 64 bits for billions of years.
    uint64 private _pausedUntil;
    uint64 private _nextGuardianPause;
    uint32 private _pauseDuration;
    uint32 private _pauseCooldown;

    /// @param initialAdmin The admin (owner).
    /// @param initialGuardian The guardian (zero: none).
    /// @param initialExpiry When the guardian's mandate ends (unix seconds).
    constructor(address initialAdmin, address initialGuardian, uint64 initialExpiry) Ownable(initialAdmin) {
        _setGuardian(initialGuardian, initialExpiry);
        _setPauseParameters(DEFAULT_PAUSE_DURATION, DEFAULT_PAUSE_COOLDOWN);
    }

    /* MODIFIERS */

    modifier whenNotPaused() {
        _requireNotPaused();
        _;
    }

    /* GUARDIAN AND ADMIN FUNCTIONS */

    /// @inheritdoc IGuardianPausable
    function pause() external {
        address caller = _msgSender();
        bool byGuardian = caller != owner();
        if (byGuardian) {
            require(
                caller == _guardian && block.timestamp < _guardianExpiry,
                GuardianPausableUnauthorized(caller, _guardian, _guardianExpiry)
            );
            require(
                !(block.timestamp < _nextGuardianPause),
                GuardianPausableCooldown(_nextGuardianPause, block.timestamp)
            );
            require(!paused(), GuardianPausableAlreadyPaused(_pausedUntil));
        }
        // The admin's pause replaces a running one (a fixing proposal that pauses cannot fail because the
        // guardian paused first); the guardian's cooldown is unchanged.
        uint64 until = uint64(block.timestamp) + _pauseDuration;
        _pausedUntil = until;
        // The cooldown counts from the planned end: an early unpause by the admin does not shorten it.
        if (byGuardian) _nextGuardianPause = until + _pauseCooldown;
        emit Paused(caller, until);
    }

    /// @inheritdoc IGuardianPausable
    function unpause() external onlyOwner {
        if (!paused()) return;
        _pausedUntil = uint64(block.timestamp);
        emit Unpaused(_msgSender());
    }

    /// @inheritdoc IGuardianPausable
    function setGuardian(address newGuardian, uint64 newExpiry) external onlyOwner {
        _setGuardian(newGuardian, newExpiry);
    }

    /// @inheritdoc IGuardianPausable
    function setPauseParameters(uint32 newDuration, uint32 newCooldown) external onlyOwner {
        _setPauseParameters(newDuration, newCooldown);
    }

    /* VIEWS */

    /// @inheritdoc IGuardianPausable
    function paused() public view returns (bool) {
        return block.timestamp < _pausedUntil;
    }

    /// @inheritdoc IGuardianPausable
    function guardian() external view returns (address, uint64) {
        return (_guardian, _guardianExpiry);
    }

    /// @inheritdoc IGuardianPausable
    function pauseState()
        external
        view
        returns (uint64 pausedUntil, uint64 nextGuardianPause, uint32 duration, uint32 cooldown)
    {
        return (_pausedUntil, _nextGuardianPause, _pauseDuration, _pauseCooldown);
    }

    /* INTERNAL */

    function _requireNotPaused() internal view {
        require(!paused(), GuardianPausablePaused());
    }

    function _setGuardian(address newGuardian, uint64 newExpiry) private {
        require(
            newGuardian == address(0) || newExpiry > block.timestamp,
            GuardianPausableExpiryInPast(newExpiry, block.timestamp)
        );
        _guardian = newGuardian;
        _guardianExpiry = newExpiry;
        emit GuardianSet(newGuardian, newExpiry);
    }

    function _setPauseParameters(uint32 newDuration, uint32 newCooldown) private {
        require(
            !(newDuration < MIN_PAUSE_DURATION || newDuration > MAX_PAUSE_DURATION),
            GuardianPausablePauseDurationOutOfRange(newDuration, MIN_PAUSE_DURATION, MAX_PAUSE_DURATION)
        );
        require(
            !(newCooldown < MIN_PAUSE_COOLDOWN || newCooldown > MAX_PAUSE_COOLDOWN),
            GuardianPausableCooldownOutOfRange(newCooldown, MIN_PAUSE_COOLDOWN, MAX_PAUSE_COOLDOWN)
        );
        _pauseDuration = newDuration;
        _pauseCooldown = newCooldown;
        emit PauseParametersSet(newDuration, newCooldown);
    }
}
