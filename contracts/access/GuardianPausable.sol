// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";

import {IGuardianPausable} from "../interfaces/IGuardianPausable.sol";

/// @title GuardianPausable
/// @notice Admin (`owner`, the DAO timelock after deployment) plus a guardian whose only power is to
/// pause new activity until its mandate expires. Inheritors put `whenNotPaused` on new activity
/// only (purchases, buy-backs), never on claims or withdrawals.
abstract contract GuardianPausable is Ownable, IGuardianPausable {
    /* STORAGE */

    /// @dev Packed in one slot: guardian (20 bytes), expiry (8 bytes), paused flag (1 byte).
    address private _guardian;
    uint64 private _guardianExpiry;
    bool private _paused;

    /// @param initialAdmin The admin (owner).
    /// @param initialGuardian The guardian (zero: none).
    /// @param initialExpiry When the guardian's mandate ends (unix seconds).
    constructor(address initialAdmin, address initialGuardian, uint64 initialExpiry) Ownable(initialAdmin) {
        _setGuardian(initialGuardian, initialExpiry);
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
        if (caller != owner()) {
            require(
                caller == _guardian && block.timestamp < _guardianExpiry,
                GuardianPausableUnauthorized(caller, _guardian, _guardianExpiry)
            );
        }
        require(!_paused, GuardianPausableAlreadyInState(true));
        _paused = true;
        emit Paused(caller);
    }

    /// @inheritdoc IGuardianPausable
    function unpause() external onlyOwner {
        require(_paused, GuardianPausableAlreadyInState(false));
        _paused = false;
        emit Unpaused(_msgSender());
    }

    /// @inheritdoc IGuardianPausable
    function setGuardian(address newGuardian, uint64 newExpiry) external onlyOwner {
        _setGuardian(newGuardian, newExpiry);
    }

    /* VIEWS */

    /// @inheritdoc IGuardianPausable
    function paused() public view returns (bool) {
        return _paused;
    }

    /// @inheritdoc IGuardianPausable
    function guardian() external view returns (address, uint64) {
        return (_guardian, _guardianExpiry);
    }

    /* INTERNAL */

    function _requireNotPaused() internal view {
        require(!_paused, GuardianPausablePaused());
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
}
