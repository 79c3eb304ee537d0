// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";

import {BaseTest} from "../utils/BaseTest.sol";
import {GuardianPausable} from "../../../contracts/access/GuardianPausable.sol";
import {IGuardianPausable} from "../../../contracts/interfaces/IGuardianPausable.sol";

contract GuardianPausableHarness is GuardianPausable {
    uint256 public actions;

    constructor(address admin, address guardian_, uint64 expiry) GuardianPausable(admin, guardian_, expiry) {}

    function act() external whenNotPaused {
        actions++;
    }
}

contract GuardianPausableTest is BaseTest {
    address internal constant ADMIN = address(0xAD);
    address internal constant GUARDIAN = address(0x6A);
    address internal constant STRANGER = address(0x5E);
    uint64 internal expiry;
    GuardianPausableHarness internal target;

    function setUp() public {
        vm.warp(1_700_000_000);
        expiry = uint64(block.timestamp + 365 days);
        target = new GuardianPausableHarness(ADMIN, GUARDIAN, expiry);
    }

    function test_constructor_SetsAdminAndGuardian() public view {
        (address g, uint64 e) = target.guardian();
        assertEq(g, GUARDIAN, "guardian");
        assertEq(e, expiry, "expiry");
        assertEq(target.owner(), ADMIN, "admin");
        assertTrue(!target.paused(), "starts unpaused");
    }

    function test_pause_ByGuardianBeforeExpiryStopsGuardedActions() public {
        vm.prank(GUARDIAN);
        vm.expectEmit();
        emit IGuardianPausable.Paused(GUARDIAN);
        target.pause();
        assertTrue(target.paused(), "paused");
        vm.expectRevert(abi.encodeWithSelector(IGuardianPausable.GuardianPausablePaused.selector));
        target.act();
    }

    function test_pause_ByAdminAnyTime() public {
        vm.warp(expiry + 1);
        vm.prank(ADMIN);
        target.pause();
        assertTrue(target.paused(), "paused by admin");
    }

    function test_pause_RevertWhen_GuardianMandateExpired() public {
        vm.warp(expiry);
        vm.prank(GUARDIAN);
        vm.expectRevert(
            abi.encodeWithSelector(IGuardianPausable.GuardianPausableUnauthorized.selector, GUARDIAN, GUARDIAN, expiry)
        );
        target.pause();
    }

    function test_pause_RevertWhen_CallerIsStranger() public {
        vm.prank(STRANGER);
        vm.expectRevert(
            abi.encodeWithSelector(IGuardianPausable.GuardianPausableUnauthorized.selector, STRANGER, GUARDIAN, expiry)
        );
        target.pause();
    }

    function test_pause_RevertWhen_AlreadyPaused() public {
        vm.prank(GUARDIAN);
        target.pause();
        vm.prank(GUARDIAN);
        vm.expectRevert(abi.encodeWithSelector(IGuardianPausable.GuardianPausableAlreadyInState.selector, true));
        target.pause();
    }

    function test_unpause_ByAdminResumesActions() public {
        vm.prank(GUARDIAN);
        target.pause();
        vm.prank(ADMIN);
        vm.expectEmit();
        emit IGuardianPausable.Unpaused(ADMIN);
        target.unpause();
        target.act();
        assertEq(target.actions(), 1, "action ran after unpause");
    }

    function test_unpause_RevertWhen_CallerIsGuardian() public {
        vm.prank(GUARDIAN);
        target.pause();
        vm.prank(GUARDIAN);
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, GUARDIAN));
        target.unpause();
    }

    function test_unpause_RevertWhen_NotPaused() public {
        vm.prank(ADMIN);
        vm.expectRevert(abi.encodeWithSelector(IGuardianPausable.GuardianPausableAlreadyInState.selector, false));
        target.unpause();
    }

    function test_setGuardian_AdminRenewsAnExpiredMandate() public {
        vm.warp(expiry + 10);
        uint64 renewed = uint64(block.timestamp + 30 days);
        vm.prank(ADMIN);
        vm.expectEmit();
        emit IGuardianPausable.GuardianSet(GUARDIAN, renewed);
        target.setGuardian(GUARDIAN, renewed);
        vm.prank(GUARDIAN);
        target.pause();
        assertTrue(target.paused(), "renewed guardian can pause");
    }

    function test_setGuardian_ZeroGuardianNeedsNoExpiry() public {
        vm.prank(ADMIN);
        target.setGuardian(address(0), 0);
        (address g, ) = target.guardian();
        assertEq(g, address(0), "guardian removed");
    }

    function test_setGuardian_RevertWhen_ExpiryInPast() public {
        vm.prank(ADMIN);
        vm.expectRevert(
            abi.encodeWithSelector(
                IGuardianPausable.GuardianPausableExpiryInPast.selector,
                uint64(block.timestamp),
                block.timestamp
            )
        );
        target.setGuardian(GUARDIAN, uint64(block.timestamp));
    }

    function test_setGuardian_RevertWhen_CallerIsNotAdmin() public {
        vm.prank(GUARDIAN);
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, GUARDIAN));
        target.setGuardian(GUARDIAN, expiry + 1);
    }
}
