// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IAccessControl} from "@openzeppelin/contracts/access/IAccessControl.sol";
import {TimelockController} from "@openzeppelin/contracts/governance/TimelockController.sol";

import {BaseTest} from "../utils/BaseTest.sol";
import {GaleonTimelock} from "../../../contracts/dao/GaleonTimelock.sol";
import {IGaleonTimelock} from "../../../contracts/interfaces/IGaleonTimelock.sol";

/// @notice What GaleonTimelock adds to TimelockController: the role counts, the last holder of a role
/// the suite needs kept, the delay bound. Proposals through it are tested end to end in
/// test/ts/suite/AdminPaths.test.ts.
contract GaleonTimelockTest is BaseTest {
    address internal constant GOVERNOR = address(0x60);
    address internal constant SECOND = address(0x5EC0);
    bytes32 internal constant OTHER_ROLE = keccak256("OTHER_ROLE");

    GaleonTimelock internal timelock;
    bytes32 internal proposer;
    bytes32 internal canceller;
    bytes32 internal executor;
    bytes32 internal admin;

    function setUp() public {
        timelock = _deploy(2 days, address(this));
        proposer = timelock.PROPOSER_ROLE();
        canceller = timelock.CANCELLER_ROLE();
        executor = timelock.EXECUTOR_ROLE();
        admin = timelock.DEFAULT_ADMIN_ROLE();
    }

    /// @dev The Governor proposes and cancels, anyone executes, `extraAdmin` (if any) administers beside
    /// the timelock itself.
    function _deploy(uint256 delay, address extraAdmin) internal returns (GaleonTimelock) {
        address[] memory proposers = new address[](1);
        proposers[0] = GOVERNOR;
        return new GaleonTimelock(delay, proposers, new address[](1), extraAdmin);
    }

    function _lastMember(bytes32 role, address account) internal pure returns (bytes memory) {
        return abi.encodeWithSelector(IGaleonTimelock.GaleonTimelockLastRoleMember.selector, role, account);
    }

    function _tooLong(uint256 delay) internal pure returns (bytes memory) {
        return abi.encodeWithSelector(IGaleonTimelock.GaleonTimelockDelayTooLong.selector, delay, 30 days);
    }

    function test_constructor_CountsTheMembersOfEachRole() public view {
        assertEq(timelock.MAX_DELAY(), 30 days, "max delay");
        assertEq(timelock.getMinDelay(), 2 days, "delay");
        assertEq(timelock.roleMembers(proposer), 1, "proposers: the Governor");
        assertEq(timelock.roleMembers(canceller), 1, "cancellers: the Governor");
        assertEq(timelock.roleMembers(executor), 1, "executors: anyone (the zero address)");
        assertEq(timelock.roleMembers(admin), 2, "admins: the timelock and the deployer");
        assertEq(timelock.roleMembers(OTHER_ROLE), 0, "a role nobody holds");
        assertTrue(timelock.hasRole(executor, address(0)), "open executor role");
    }

    function test_constructor_WithoutAnExtraAdminTheTimelockAloneAdministers() public {
        GaleonTimelock alone = _deploy(0, address(0));
        assertEq(alone.roleMembers(admin), 1, "the timelock itself");
        assertTrue(alone.hasRole(admin, address(alone)), "self-administered");
    }

    function test_constructor_AcceptsTheLongestDelay() public {
        assertEq(_deploy(30 days, address(0)).getMinDelay(), 30 days, "30 days");
    }

    function test_constructor_RevertWhen_DelayIsAboveTheBound() public {
        vm.expectRevert(_tooLong(30 days + 1));
        _deploy(30 days + 1, address(0));
    }

    function test_updateDelay_AcceptsTheLongestDelayAndEmits() public {
        vm.expectEmit();
        emit TimelockController.MinDelayChange(2 days, 30 days);
        vm.prank(address(timelock));
        timelock.updateDelay(30 days);
        assertEq(timelock.getMinDelay(), 30 days, "updated");
    }

    function test_updateDelay_RevertWhen_DelayIsAboveTheBound() public {
        vm.prank(address(timelock));
        vm.expectRevert(_tooLong(30 days + 1));
        timelock.updateDelay(30 days + 1);
    }

    function test_updateDelay_RevertWhen_NotCalledByTheTimelock() public {
        vm.expectRevert(abi.encodeWithSelector(TimelockController.TimelockUnauthorizedCaller.selector, address(this)));
        timelock.updateDelay(1 days);
    }

    function testFuzz_updateDelay_AcceptsExactlyUpToTheBound(uint256 delay) public {
        vm.prank(address(timelock));
        if (delay > 30 days) vm.expectRevert(_tooLong(delay));
        timelock.updateDelay(delay);
        if (delay <= 30 days) assertEq(timelock.getMinDelay(), delay, "updated");
    }

    function test_grantRole_CountsANewMemberOnce() public {
        timelock.grantRole(proposer, SECOND);
        assertEq(timelock.roleMembers(proposer), 2, "two proposers");
        timelock.grantRole(proposer, SECOND);
        assertEq(timelock.roleMembers(proposer), 2, "granted again: still two");
        assertEq(timelock.roleMembers(canceller), 1, "other roles unchanged");
    }

    /// @dev With a second holder, the first one's role can be revoked: a migration to a new Governor.
    function test_revokeRole_RevokesWhenAnotherMemberRemains() public {
        timelock.grantRole(proposer, SECOND);
        vm.expectEmit();
        emit IAccessControl.RoleRevoked(proposer, GOVERNOR, address(this));
        timelock.revokeRole(proposer, GOVERNOR);
        assertEq(timelock.roleMembers(proposer), 1, "one proposer left");
        assertTrue(!timelock.hasRole(proposer, GOVERNOR), "revoked");
        timelock.revokeRole(proposer, GOVERNOR);
        assertEq(timelock.roleMembers(proposer), 1, "revoking a non-member changes nothing");
    }

    function test_revokeRole_RevertWhen_ItRemovesTheLastProposer() public {
        vm.expectRevert(_lastMember(proposer, GOVERNOR));
        timelock.revokeRole(proposer, GOVERNOR);
        assertTrue(timelock.hasRole(proposer, GOVERNOR), "kept");
    }

    function test_revokeRole_RevertWhen_ItRemovesTheLastCanceller() public {
        vm.expectRevert(_lastMember(canceller, GOVERNOR));
        timelock.revokeRole(canceller, GOVERNOR);
    }

    function test_revokeRole_RevertWhen_ItRemovesTheLastExecutor() public {
        vm.expectRevert(_lastMember(executor, address(0)));
        timelock.revokeRole(executor, address(0));
    }

    function test_revokeRole_RevertWhen_ItRemovesTheLastAdmin() public {
        timelock.revokeRole(admin, address(this));
        assertEq(timelock.roleMembers(admin), 1, "the timelock alone");
        vm.prank(address(timelock));
        vm.expectRevert(_lastMember(admin, address(timelock)));
        timelock.revokeRole(admin, address(timelock));
    }

    function test_renounceRole_RevertWhen_TheLastProposerRenounces() public {
        vm.prank(GOVERNOR);
        vm.expectRevert(_lastMember(proposer, GOVERNOR));
        timelock.renounceRole(proposer, GOVERNOR);
    }

    /// @dev Only the four roles the suite needs are kept: another role's last member can go.
    function test_revokeRole_RemovesTheLastMemberOfAnotherRole() public {
        timelock.grantRole(OTHER_ROLE, SECOND);
        assertEq(timelock.roleMembers(OTHER_ROLE), 1, "one member");
        timelock.revokeRole(OTHER_ROLE, SECOND);
        assertEq(timelock.roleMembers(OTHER_ROLE), 0, "none left");
        assertTrue(!timelock.hasRole(OTHER_ROLE, SECOND), "revoked");
    }

    /// @dev Whatever the role's value (below or above those of the guarded roles), its last member can go
    /// unless it is one of the four.
    function testFuzz_revokeRole_RemovesTheLastMemberOfAnyOtherRole(bytes32 role) public {
        vm.assume(role != proposer && role != canceller && role != executor && role != admin);
        timelock.grantRole(role, SECOND);
        timelock.revokeRole(role, SECOND);
        assertEq(timelock.roleMembers(role), 0, "none left");
        bytes32 highest = bytes32(type(uint256).max);
        timelock.grantRole(highest, SECOND);
        timelock.revokeRole(highest, SECOND);
        assertEq(timelock.roleMembers(highest), 0, "the highest role value: none left");
    }

    /// @dev Grants and revocations in any order: the count is the number of holders, and a guarded role
    /// never drops to zero.
    function testFuzz_roleMembers_CountsTheHolders(uint8[16] memory steps) public {
        address[3] memory accounts = [GOVERNOR, SECOND, address(0xAA)];
        bool[3] memory holds = [true, false, false];
        uint256 holders = 1;
        for (uint256 i; i < steps.length; ++i) {
            uint256 who = steps[i] % 3;
            bool grant = steps[i] & 0x80 != 0;
            if (grant) {
                timelock.grantRole(proposer, accounts[who]);
                if (!holds[who]) holders++;
                holds[who] = true;
            } else if (holds[who] && holders == 1) {
                vm.expectRevert(_lastMember(proposer, accounts[who]));
                timelock.revokeRole(proposer, accounts[who]);
            } else {
                timelock.revokeRole(proposer, accounts[who]);
                if (holds[who]) holders--;
                holds[who] = false;
            }
            assertEq(timelock.roleMembers(proposer), holders, "holders");
            assertTrue(timelock.hasRole(proposer, accounts[who]) == holds[who], "membership");
        }
    }
}
