// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {GovernorPreventLateQuorum} from "@openzeppelin/contracts/governance/extensions/GovernorPreventLateQuorum.sol";
import {GovernorProposalGuardian} from "@openzeppelin/contracts/governance/extensions/GovernorProposalGuardian.sol";
import {TimelockController} from "@openzeppelin/contracts/governance/TimelockController.sol";

import {BaseTest} from "../utils/BaseTest.sol";
import {GaleonGovernor} from "../../../contracts/dao/GaleonGovernor.sol";
import {IGaleonGovernor} from "../../../contracts/interfaces/IGaleonGovernor.sol";
import {GaleonToken} from "../../../contracts/token/GaleonToken.sol";

/// @notice The Governor's own additions; the proposal lifecycle is tested end to end in test/ts/dao.
contract GaleonGovernorTest is BaseTest {
    address internal constant GUARDIAN = address(0x6A);
    uint256 internal constant SUPPLY = 1_000_000_000e18;

    GaleonToken internal token;
    TimelockController internal timelock;
    uint64 internal expiry;

    function setUp() public {
        vm.warp(1_700_000_000);
        address[] memory recipients = new address[](1);
        recipients[0] = address(this);
        uint256[] memory amounts = new uint256[](1);
        amounts[0] = SUPPLY;
        token = new GaleonToken(recipients, amounts);
        address[] memory executors = new address[](1);
        timelock = new TimelockController(2 days, new address[](0), executors, address(0));
        expiry = uint64(block.timestamp + 365 days);
    }

    function _deploy(address guardian, uint64 guardianExpiry) internal returns (GaleonGovernor) {
        return new GaleonGovernor(token, timelock, 2 days, 7 days, 2 days, SUPPLY / 1000, 4, guardian, guardianExpiry);
    }

    function test_constructor_SetsTheSettings() public {
        GaleonGovernor governor = _deploy(GUARDIAN, expiry);
        assertEq(governor.votingDelay(), 2 days, "voting delay");
        assertEq(governor.votingPeriod(), 7 days, "voting period");
        assertEq(governor.lateQuorumVoteExtension(), 2 days, "late quorum extension");
        assertEq(governor.proposalThreshold(), SUPPLY / 1000, "threshold");
        assertEq(governor.quorumNumerator(), 4, "quorum numerator");
        assertEq(governor.timelock(), address(timelock), "timelock");
        assertEq(address(governor.token()), address(token), "token");
        assertEq(governor.clock(), block.timestamp, "timestamp clock");
    }

    function test_constructor_SetsTheGuardianMandateAndEmits() public {
        vm.expectEmit();
        emit GovernorProposalGuardian.ProposalGuardianSet(address(0), GUARDIAN);
        vm.expectEmit();
        emit IGaleonGovernor.ProposalGuardianExpirySet(0, expiry);
        GaleonGovernor governor = _deploy(GUARDIAN, expiry);
        assertEq(governor.proposalGuardian(), GUARDIAN, "guardian");
        assertEq(governor.proposalGuardianExpiry(), expiry, "expiry");
    }

    function test_constructor_AcceptsNoGuardian() public {
        GaleonGovernor governor = _deploy(address(0), 0);
        assertEq(governor.proposalGuardian(), address(0), "no guardian");
        assertEq(governor.proposalGuardianExpiry(), 0, "no expiry");
    }

    function test_constructor_RevertWhen_GuardianExpiryIsNotInTheFuture() public {
        vm.expectRevert(
            abi.encodeWithSelector(
                IGaleonGovernor.GaleonGovernorGuardianExpiryInPast.selector,
                uint64(block.timestamp),
                block.timestamp
            )
        );
        _deploy(GUARDIAN, uint64(block.timestamp));
    }

    function test_constructor_RevertWhen_LateQuorumExtensionExceedsTheVotingPeriod() public {
        // GovernorSettings is initialised before GovernorPreventLateQuorum, which bounds the extension by it.
        vm.expectRevert(
            abi.encodeWithSelector(
                GovernorPreventLateQuorum.GovernorPreventLateQuorumVoteExtensionTooLarge.selector,
                8 days,
                7 days
            )
        );
        new GaleonGovernor(token, timelock, 2 days, 7 days, 8 days, SUPPLY / 1000, 4, GUARDIAN, expiry);
    }

    function test_proposalGuardian_IsZeroFromTheExpirySecond() public {
        GaleonGovernor governor = _deploy(GUARDIAN, expiry);
        vm.warp(expiry - 1);
        assertEq(governor.proposalGuardian(), GUARDIAN, "active until the last second");
        vm.warp(expiry);
        assertEq(governor.proposalGuardian(), address(0), "expired");
        assertEq(governor.proposalGuardianExpiry(), expiry, "expiry still readable");
    }

    function testFuzz_proposalGuardian(uint256 warpTo) public {
        GaleonGovernor governor = _deploy(GUARDIAN, expiry);
        warpTo = bound(warpTo, block.timestamp, uint256(expiry) * 2);
        vm.warp(warpTo);
        assertEq(governor.proposalGuardian(), warpTo < expiry ? GUARDIAN : address(0), "active iff before expiry");
    }

    function test_setProposalGuardianMandate_RevertWhen_NotCalledThroughGovernance() public {
        GaleonGovernor governor = _deploy(GUARDIAN, expiry);
        vm.expectRevert(abi.encodeWithSignature("GovernorOnlyExecutor(address)", GUARDIAN));
        vm.prank(GUARDIAN);
        governor.setProposalGuardianMandate(GUARDIAN, expiry + 1);
    }
}
