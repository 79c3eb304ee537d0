// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {Ownable2Step} from "@openzeppelin/contracts/access/Ownable2Step.sol";

import {BaseTest} from "../utils/BaseTest.sol";
import {GuardianPausable} from "../../../contracts/access/GuardianPausable.sol";
import {IGuardianPausable} from "../../../contracts/interfaces/IGuardianPausable.sol";
import {ISuiteOwnable} from "../../../contracts/interfaces/ISuiteOwnable.sol";

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
    uint64 internal constant DURATION = 7 days;
    uint64 internal constant COOLDOWN = 7 days;
    uint64 internal expiry;
    GuardianPausableHarness internal target;

    function setUp() public {
        vm.warp(1_700_000_000);
        expiry = uint64(block.timestamp + 365 days);
        target = new GuardianPausableHarness(ADMIN, GUARDIAN, expiry);
    }

    function _now() internal view returns (uint64) {
        return uint64(block.timestamp);
    }

    /* CONSTRUCTOR */

    function test_constructor_SetsAdminGuardianAndDefaultPauseParameters() public view {
        (address g, uint64 e) = target.guardian();
        assertEq(g, GUARDIAN, "guardian");
        assertEq(e, expiry, "expiry");
        assertEq(target.owner(), ADMIN, "admin");
        assertEq(target.pendingOwner(), address(0), "no pending owner");
        assertTrue(!target.paused(), "starts unpaused");
        (uint64 pausedUntil, uint64 nextGuardianPause, uint32 duration, uint32 cooldown) = target.pauseState();
        assertEq(pausedUntil, 0, "never paused");
        assertEq(nextGuardianPause, 0, "the guardian may pause at once");
        assertEq(duration, DURATION, "default duration 7 days");
        assertEq(cooldown, COOLDOWN, "default cooldown 7 days");
    }

    function test_constructor_EmitsTheGuardianAndThePauseParameters() public {
        vm.expectEmit();
        emit IGuardianPausable.GuardianSet(GUARDIAN, expiry);
        vm.expectEmit();
        emit IGuardianPausable.PauseParametersSet(uint32(DURATION), uint32(COOLDOWN));
        new GuardianPausableHarness(ADMIN, GUARDIAN, expiry);
    }

    /* PAUSE */

    function test_pause_ByGuardianBeforeExpiryStopsGuardedActionsForTheDuration() public {
        vm.prank(GUARDIAN);
        vm.expectEmit();
        emit IGuardianPausable.Paused(GUARDIAN, _now() + DURATION);
        target.pause();
        assertTrue(target.paused(), "paused");
        (uint64 pausedUntil, uint64 nextGuardianPause, , ) = target.pauseState();
        assertEq(pausedUntil, _now() + DURATION, "paused until now + duration");
        assertEq(nextGuardianPause, _now() + DURATION + COOLDOWN, "guardian cooldown from the planned end");
        vm.expectRevert(abi.encodeWithSelector(IGuardianPausable.GuardianPausablePaused.selector));
        target.act();
    }

    function test_paused_EndsByItselfAfterThePauseDuration() public {
        vm.prank(GUARDIAN);
        target.pause();
        vm.warp(block.timestamp + DURATION - 1);
        assertTrue(target.paused(), "paused until the last second");
        vm.warp(block.timestamp + 1);
        assertTrue(!target.paused(), "the pause ended by itself");
        target.act();
        assertEq(target.actions(), 1, "guarded action runs again without any unpause");
    }

    function test_pause_ByAdminAnyTimeWithoutCooldown() public {
        vm.warp(expiry + 1);
        vm.prank(ADMIN);
        vm.expectEmit();
        emit IGuardianPausable.Paused(ADMIN, _now() + DURATION);
        target.pause();
        assertTrue(target.paused(), "paused by admin");
        vm.warp(block.timestamp + DURATION);
        vm.prank(ADMIN);
        target.pause();
        assertTrue(target.paused(), "the admin pauses again as soon as its pause ended");
        (, uint64 nextGuardianPause, , ) = target.pauseState();
        assertEq(nextGuardianPause, 0, "an admin pause does not start a guardian cooldown");
    }

    function test_pause_ByGuardianAgainOnceTheCooldownIsOver() public {
        uint64 start = _now();
        vm.prank(GUARDIAN);
        target.pause();
        vm.warp(start + DURATION + COOLDOWN);
        vm.prank(GUARDIAN);
        vm.expectEmit();
        emit IGuardianPausable.Paused(GUARDIAN, _now() + DURATION);
        target.pause();
        assertTrue(target.paused(), "paused again");
    }

    function test_pause_RevertWhen_GuardianPausesAgainBeforeTheCooldown() public {
        uint64 start = _now();
        vm.prank(GUARDIAN);
        target.pause();
        vm.warp(start + DURATION + COOLDOWN - 1);
        vm.prank(GUARDIAN);
        vm.expectRevert(
            abi.encodeWithSelector(
                IGuardianPausable.GuardianPausableCooldown.selector,
                start + DURATION + COOLDOWN,
                block.timestamp
            )
        );
        target.pause();
    }

    function test_pause_RevertWhen_GuardianPausesAgainAfterAnEarlyUnpause() public {
        uint64 start = _now();
        vm.prank(GUARDIAN);
        target.pause();
        vm.warp(start + 1 days);
        vm.prank(ADMIN);
        target.unpause();
        vm.prank(GUARDIAN);
        vm.expectRevert(
            abi.encodeWithSelector(
                IGuardianPausable.GuardianPausableCooldown.selector,
                start + DURATION + COOLDOWN,
                block.timestamp
            )
        );
        target.pause();
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

    /// @dev The admin's pause replaces a running one, the guardian's or its own: a fixing proposal that
    /// pauses cannot fail because the guardian paused first. The guardian's cooldown is unchanged.
    function test_pause_AdminReplacesARunningPause() public {
        uint64 start = _now();
        vm.prank(GUARDIAN);
        target.pause();
        (, uint64 nextGuardianPause, , ) = target.pauseState();
        vm.warp(start + 5 days);
        vm.expectEmit();
        emit IGuardianPausable.Paused(ADMIN, start + 5 days + DURATION);
        vm.prank(ADMIN);
        target.pause();
        (uint64 pausedUntil, uint64 nextAfter, , ) = target.pauseState();
        assertEq(pausedUntil, start + 5 days + DURATION, "ends a duration after the admin's pause");
        assertEq(nextAfter, nextGuardianPause, "the guardian's cooldown is unchanged");
        vm.warp(start + 6 days);
        vm.prank(ADMIN);
        target.pause();
        (pausedUntil, , , ) = target.pauseState();
        assertEq(pausedUntil, start + 6 days + DURATION, "the admin's own pause is replaced too");
    }

    function test_pause_RevertWhen_GuardianPausesDuringAnAdminPause() public {
        vm.prank(ADMIN);
        target.pause();
        vm.prank(GUARDIAN);
        vm.expectRevert(
            abi.encodeWithSelector(IGuardianPausable.GuardianPausableAlreadyPaused.selector, _now() + DURATION)
        );
        target.pause();
    }

    function testFuzz_pause_EndsAfterTheDurationTheAdminSet(uint32 duration, uint32 cooldown, uint256 elapsed) public {
        duration = uint32(bound(duration, 1 days, 14 days));
        cooldown = uint32(bound(cooldown, 1 days, 30 days));
        elapsed = bound(elapsed, 0, 60 days);
        vm.prank(ADMIN);
        target.setPauseParameters(duration, cooldown);
        uint64 start = _now();
        vm.prank(GUARDIAN);
        target.pause();
        vm.warp(start + elapsed);
        assertTrue(target.paused() == (elapsed < duration), "paused exactly for the duration");
        bool allowed = elapsed >= uint256(duration) + cooldown;
        vm.prank(GUARDIAN);
        if (!allowed) {
            // Authorised, so the cooldown is checked before the running pause.
            vm.expectRevert(
                abi.encodeWithSelector(
                    IGuardianPausable.GuardianPausableCooldown.selector,
                    start + duration + cooldown,
                    block.timestamp
                )
            );
        }
        target.pause();
        if (allowed) assertTrue(target.paused(), "the guardian paused again after the cooldown");
    }

    /* UNPAUSE */

    function test_unpause_ByAdminResumesActions() public {
        vm.prank(GUARDIAN);
        target.pause();
        vm.prank(ADMIN);
        vm.expectEmit();
        emit IGuardianPausable.Unpaused(ADMIN);
        target.unpause();
        assertTrue(!target.paused(), "running");
        (uint64 pausedUntil, , , ) = target.pauseState();
        assertEq(pausedUntil, _now(), "the pause ends now");
        target.act();
        assertEq(target.actions(), 1, "action ran after unpause");
    }

    function test_unpause_IsANoOpWhenNotPaused() public {
        vm.prank(ADMIN);
        target.unpause();
        assertTrue(!target.paused(), "still running");
        (uint64 pausedUntil, , , ) = target.pauseState();
        assertEq(pausedUntil, 0, "nothing written");
    }

    function test_unpause_IsANoOpOnceThePauseEndedByItself() public {
        vm.prank(GUARDIAN);
        target.pause();
        uint64 end = _now() + DURATION;
        vm.warp(end + 1);
        vm.prank(ADMIN);
        target.unpause();
        (uint64 pausedUntil, uint64 nextGuardianPause, , ) = target.pauseState();
        assertEq(pausedUntil, end, "the planned end is kept");
        assertEq(nextGuardianPause, end + COOLDOWN, "cooldown unchanged");
    }

    function test_unpause_RevertWhen_CallerIsGuardian() public {
        vm.prank(GUARDIAN);
        target.pause();
        vm.prank(GUARDIAN);
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, GUARDIAN));
        target.unpause();
    }

    /* PAUSE PARAMETERS */

    function test_setPauseParameters_AppliesToTheNextPauseOnly() public {
        vm.prank(GUARDIAN);
        target.pause();
        uint64 firstEnd = _now() + DURATION;
        vm.prank(ADMIN);
        vm.expectEmit();
        emit IGuardianPausable.PauseParametersSet(1 days, 30 days);
        target.setPauseParameters(1 days, 30 days);
        (uint64 pausedUntil, uint64 nextGuardianPause, uint32 duration, uint32 cooldown) = target.pauseState();
        assertEq(pausedUntil, firstEnd, "the running pause keeps its end");
        assertEq(nextGuardianPause, firstEnd + COOLDOWN, "the running cooldown keeps its end");
        assertEq(duration, 1 days, "new duration");
        assertEq(cooldown, 30 days, "new cooldown");
        vm.warp(nextGuardianPause);
        vm.prank(GUARDIAN);
        vm.expectEmit();
        emit IGuardianPausable.Paused(GUARDIAN, _now() + 1 days);
        target.pause();
    }

    function test_setPauseParameters_AcceptsTheBounds() public {
        vm.startPrank(ADMIN);
        target.setPauseParameters(1 days, 1 days);
        target.setPauseParameters(14 days, 30 days);
        vm.stopPrank();
        (, , uint32 duration, uint32 cooldown) = target.pauseState();
        assertEq(duration, 14 days, "longest duration");
        assertEq(cooldown, 30 days, "longest cooldown");
    }

    function test_setPauseParameters_RevertWhen_DurationOutOfBounds() public {
        vm.startPrank(ADMIN);
        vm.expectRevert(
            abi.encodeWithSelector(
                IGuardianPausable.GuardianPausablePauseDurationOutOfRange.selector,
                1 days - 1,
                1 days,
                14 days
            )
        );
        target.setPauseParameters(1 days - 1, 7 days);
        vm.expectRevert(
            abi.encodeWithSelector(
                IGuardianPausable.GuardianPausablePauseDurationOutOfRange.selector,
                14 days + 1,
                1 days,
                14 days
            )
        );
        target.setPauseParameters(14 days + 1, 7 days);
        vm.stopPrank();
    }

    function test_setPauseParameters_RevertWhen_CooldownOutOfBounds() public {
        vm.startPrank(ADMIN);
        vm.expectRevert(
            abi.encodeWithSelector(IGuardianPausable.GuardianPausableCooldownOutOfRange.selector, 0, 1 days, 30 days)
        );
        target.setPauseParameters(7 days, 0);
        vm.expectRevert(
            abi.encodeWithSelector(
                IGuardianPausable.GuardianPausableCooldownOutOfRange.selector,
                30 days + 1,
                1 days,
                30 days
            )
        );
        target.setPauseParameters(7 days, 30 days + 1);
        vm.stopPrank();
    }

    function test_setPauseParameters_RevertWhen_CallerIsNotAdmin() public {
        vm.prank(GUARDIAN);
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, GUARDIAN));
        target.setPauseParameters(14 days, 1 days);
    }

    /* GUARDIAN */

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

    /* OWNERSHIP (two steps, never renounced) */

    function test_transferOwnership_TakesEffectOnlyWhenTheNewOwnerAccepts() public {
        vm.prank(ADMIN);
        vm.expectEmit();
        emit Ownable2Step.OwnershipTransferStarted(ADMIN, STRANGER);
        target.transferOwnership(STRANGER);
        assertEq(target.owner(), ADMIN, "the admin stays until the new owner accepts");
        assertEq(target.pendingOwner(), STRANGER, "pending owner");
        vm.prank(STRANGER);
        vm.expectEmit();
        emit Ownable.OwnershipTransferred(ADMIN, STRANGER);
        target.acceptOwnership();
        assertEq(target.owner(), STRANGER, "owner after acceptance");
        assertEq(target.pendingOwner(), address(0), "nothing pending");
    }

    function test_transferOwnership_ToZeroCancelsAPendingTransfer() public {
        vm.startPrank(ADMIN);
        target.transferOwnership(STRANGER);
        target.transferOwnership(address(0));
        vm.stopPrank();
        assertEq(target.owner(), ADMIN, "still the admin");
        assertEq(target.pendingOwner(), address(0), "transfer cancelled");
    }

    function test_acceptOwnership_RevertWhen_CallerIsNotThePendingOwner() public {
        vm.prank(ADMIN);
        target.transferOwnership(STRANGER);
        vm.prank(GUARDIAN);
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, GUARDIAN));
        target.acceptOwnership();
    }

    function test_renounceOwnership_RevertWhen_OwnerTries() public {
        vm.prank(ADMIN);
        vm.expectRevert(abi.encodeWithSelector(ISuiteOwnable.SuiteOwnableRenounceDisabled.selector));
        target.renounceOwnership();
        assertEq(target.owner(), ADMIN, "still owned");
    }

    function test_renounceOwnership_RevertWhen_CallerIsNotTheOwner() public {
        vm.prank(STRANGER);
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, STRANGER));
        target.renounceOwnership();
    }
}
