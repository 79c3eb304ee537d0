// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {TimelockController} from "@openzeppelin/contracts/governance/TimelockController.sol";

import {IGaleonTimelock} from "../interfaces/IGaleonTimelock.sol";

/// @title GaleonTimelock
/// @notice OpenZeppelin's TimelockController that cannot be stranded: no call removes the last holder of
/// the proposer, canceller, executor or admin role, and the delay stays at most `MAX_DELAY`. Owner of
/// every contract of the suite after deployment; the Governor is its proposer and canceller, anyone
/// executes, and it administers itself.
/// @dev A migration to a new Governor grants it the proposer and canceller roles before (or in the same
/// batch as) revoking the old one's. Members are counted per role (AccessControl keeps no list).
contract GaleonTimelock is TimelockController, IGaleonTimelock {
    /// @inheritdoc IGaleonTimelock
    uint256 public constant MAX_DELAY = 30 days;

    mapping(bytes32 role => uint256) private _members;

    /// @param minDelay The initial delay (seconds, at most `MAX_DELAY`).
    /// @param proposers The initial proposers and cancellers.
    /// @param executors The initial executors (the zero address: anyone).
    /// @param admin An optional extra admin (zero: none), for the deployment's configuration.
    constructor(
        uint256 minDelay,
        address[] memory proposers,
        address[] memory executors,
        address admin
    ) TimelockController(minDelay, proposers, executors, admin) {
        require(!(minDelay > MAX_DELAY), GaleonTimelockDelayTooLong(minDelay, MAX_DELAY));
    }

    /// @inheritdoc TimelockController
    /// @dev Refuses a delay above `MAX_DELAY`: a proposal voted in one cycle must execute in weeks.
    function updateDelay(uint256 newDelay) public override {
        require(!(newDelay > MAX_DELAY), GaleonTimelockDelayTooLong(newDelay, MAX_DELAY));
        super.updateDelay(newDelay);
    }

    /// @inheritdoc IGaleonTimelock
    function roleMembers(bytes32 role) external view returns (uint256) {
        return _members[role];
    }

    function _grantRole(bytes32 role, address account) internal override returns (bool granted) {
        granted = super._grantRole(role, account);
        if (granted) ++_members[role];
    }

    function _revokeRole(bytes32 role, address account) internal override returns (bool revoked) {
        revoked = super._revokeRole(role, account);
        if (revoked) {
            uint256 left = --_members[role];
            require(left != 0 || !_guarded(role), GaleonTimelockLastRoleMember(role, account));
        }
    }

    function _guarded(bytes32 role) private pure returns (bool) {
        return role == PROPOSER_ROLE || role == CANCELLER_ROLE || role == EXECUTOR_ROLE || role == DEFAULT_ADMIN_ROLE;
    }
}
