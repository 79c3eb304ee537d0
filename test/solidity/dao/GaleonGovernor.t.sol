// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IGovernor} from "@openzeppelin/contracts/governance/IGovernor.sol";
import {GovernorPreventLateQuorum} from "@openzeppelin/contracts/governance/extensions/GovernorPreventLateQuorum.sol";
import {GovernorProposalGuardian} from "@openzeppelin/contracts/governance/extensions/GovernorProposalGuardian.sol";
import {TimelockController} from "@openzeppelin/contracts/governance/TimelockController.sol";

import {BaseTest} from "../utils/BaseTest.sol";
import {GaleonGovernor} from "../../../contracts/dao/GaleonGovernor.sol";
import {IGaleonGovernor} from "../../../contracts/interfaces/IGaleonGovernor.sol";
import {IGuardianPausable} from "../../../contracts/interfaces/IGuardianPausable.sol";
import {GaleonToken} from "../../../contracts/token/GaleonToken.sol";

/// @notice The Governor's own additions; the proposal lifecycle is tested end to end in test/ts/dao.
contract GaleonGovernorTest is BaseTest {
    address internal constant GUARDIAN = address(0x6A);
    address internal constant PAUSABLE = address(0x9A05);
    address internal constant FOR_VOTER = address(0xF0);
    address internal constant AGAINST_VOTER = address(0xA6);
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

    /* GUARDIAN-LIMITING PROPOSALS AND THE CANCEL RULE */

    /// @dev Proposes `actions` (targets and calldatas, no value) as this contract, which holds the supply
    /// minus the voters' shares and has delegated to itself.
    function _propose(
        GaleonGovernor governor,
        address[] memory targets,
        bytes[] memory calldatas,
        string memory description
    ) internal returns (uint256) {
        return governor.propose(targets, new uint256[](targets.length), calldatas, description);
    }

    function _one(address target, bytes memory data) internal pure returns (address[] memory t, bytes[] memory d) {
        t = new address[](1);
        t[0] = target;
        d = new bytes[](1);
        d[0] = data;
    }

    function _ready(uint256 forVotes, uint256 againstVotes) internal returns (GaleonGovernor governor) {
        governor = _deploy(GUARDIAN, expiry);
        token.transfer(FOR_VOTER, forVotes);
        token.transfer(AGAINST_VOTER, againstVotes);
        token.delegate(address(this));
        vm.prank(FOR_VOTER);
        token.delegate(FOR_VOTER);
        vm.prank(AGAINST_VOTER);
        token.delegate(AGAINST_VOTER);
        vm.warp(block.timestamp + 1);
    }

    function _removal(GaleonGovernor governor) internal pure returns (address[] memory t, bytes[] memory d) {
        return _one(address(governor), abi.encodeCall(IGaleonGovernor.setProposalGuardianMandate, (address(0), 0)));
    }

    function _ordinary(GaleonGovernor governor) internal view returns (address[] memory t, bytes[] memory d) {
        return _one(address(governor), abi.encodeCall(IGaleonGovernor.setProposalGuardianMandate, (GUARDIAN, expiry)));
    }

    function _unableToCancel(uint256 proposalId, address caller) internal pure returns (bytes memory) {
        return abi.encodeWithSelector(IGovernor.GovernorUnableToCancel.selector, proposalId, caller);
    }

    function test_propose_MarksAndEmitsAGuardianLimitingProposal() public {
        GaleonGovernor governor = _ready(0, 0);
        (address[] memory t, bytes[] memory d) = _removal(governor);
        uint256 id = governor.getProposalId(t, new uint256[](1), d, keccak256(bytes("remove")));
        vm.expectEmit();
        emit IGaleonGovernor.GuardianLimitingProposalCreated(id);
        assertEq(_propose(governor, t, d, "remove"), id, "proposal id");
        assertTrue(governor.isGuardianLimiting(id), "limiting");
        (t, d) = _ordinary(governor);
        assertTrue(!governor.isGuardianLimiting(_propose(governor, t, d, "renew")), "ordinary");
    }

    function testFuzz_propose_SetGuardianLimitsOnlyWhenItRemoves(address newGuardian, uint64 newExpiry) public {
        GaleonGovernor governor = _ready(0, 0);
        (address[] memory t, bytes[] memory d) = _one(
            PAUSABLE,
            abi.encodeCall(IGuardianPausable.setGuardian, (newGuardian, newExpiry))
        );
        uint256 id = _propose(governor, t, d, "set a guardian");
        assertTrue(governor.isGuardianLimiting(id) == (newGuardian == address(0)), "limiting iff removal");
    }

    function testFuzz_propose_ExtraOrMissingBytesMakeAnOrdinaryProposal(uint8 cut, bytes32 extra) public {
        GaleonGovernor governor = _ready(0, 0);
        bytes memory removal = abi.encodeCall(IGuardianPausable.setGuardian, (address(0), 1));
        uint256 length = bound(cut, 0, removal.length - 1);
        bytes memory truncated = new bytes(length);
        for (uint256 i; i < length; ++i) truncated[i] = removal[i];
        (address[] memory t, bytes[] memory d) = _one(PAUSABLE, truncated);
        assertTrue(!governor.isGuardianLimiting(_propose(governor, t, d, "truncated")), "truncated");
        (t, d) = _one(PAUSABLE, abi.encodePacked(removal, extra));
        assertTrue(!governor.isGuardianLimiting(_propose(governor, t, d, "extended")), "extended");
    }

    function test_propose_AnUnpauseWithoutArgumentsIsGuardianLimiting() public {
        GaleonGovernor governor = _ready(0, 0);
        (address[] memory t, bytes[] memory d) = _one(PAUSABLE, abi.encodeCall(IGuardianPausable.unpause, ()));
        assertTrue(governor.isGuardianLimiting(_propose(governor, t, d, "unpause")), "unpause() is limiting");
        (t, d) = _one(PAUSABLE, abi.encodePacked(IGuardianPausable.unpause.selector, uint8(0)));
        assertTrue(!governor.isGuardianLimiting(_propose(governor, t, d, "unpause+1")), "a byte more: ordinary");
    }

    /// @dev `setProposalGuardian(address(0))` limits the guardian on this Governor only: the same call to
    /// any other address, below or above the Governor's, is an ordinary proposal.
    function test_propose_SetProposalGuardianLimitsOnlyOnThisGovernor() public {
        GaleonGovernor governor = _ready(0, 0);
        bytes memory removal = abi.encodeCall(GovernorProposalGuardian.setProposalGuardian, (address(0)));
        (address[] memory t, bytes[] memory d) = _one(address(governor), removal);
        assertTrue(governor.isGuardianLimiting(_propose(governor, t, d, "here")), "on the Governor");
        (t, d) = _one(address(uint160(address(governor)) + 1), removal);
        assertTrue(!governor.isGuardianLimiting(_propose(governor, t, d, "above")), "on an address above");
        (t, d) = _one(address(uint160(address(governor)) - 1), removal);
        assertTrue(!governor.isGuardianLimiting(_propose(governor, t, d, "below")), "on an address below");
    }

    /// @dev The Governor's other one-argument functions, called with zero (the shape of a guardian
    /// removal: 36 bytes, a zero word), are ordinary proposals; so is any other selector.
    function test_propose_OtherGovernorFunctionsWithZeroAreOrdinary() public {
        GaleonGovernor governor = _ready(0, 0);
        bytes4[4] memory selectors = [
            governor.setVotingDelay.selector,
            governor.setVotingPeriod.selector,
            governor.setProposalThreshold.selector,
            governor.updateQuorumNumerator.selector
        ];
        bool below;
        bool above;
        for (uint256 i; i < selectors.length; ++i) {
            bytes4 selector = selectors[i];
            below = below || selector < GovernorProposalGuardian.setProposalGuardian.selector;
            above = above || selector > GovernorProposalGuardian.setProposalGuardian.selector;
            (address[] memory t, bytes[] memory d) = _one(address(governor), abi.encodePacked(selector, bytes32(0)));
            assertTrue(!governor.isGuardianLimiting(_propose(governor, t, d, "setter")), "ordinary");
        }
        assertTrue(below && above, "selectors on both sides of setProposalGuardian's");
    }

    function testFuzz_propose_OtherSelectorsOnTheGovernorAreOrdinary(bytes4 selector) public {
        vm.assume(
            selector != IGuardianPausable.unpause.selector &&
                selector != IGuardianPausable.setGuardian.selector &&
                selector != IGaleonGovernor.setProposalGuardianMandate.selector &&
                selector != GovernorProposalGuardian.setProposalGuardian.selector
        );
        GaleonGovernor governor = _ready(0, 0);
        (address[] memory t, bytes[] memory d) = _one(address(governor), abi.encodePacked(selector, bytes32(0)));
        assertTrue(!governor.isGuardianLimiting(_propose(governor, t, d, "other")), "36 bytes");
        (t, d) = _one(address(governor), abi.encodePacked(selector, bytes32(0), bytes32(0)));
        assertTrue(!governor.isGuardianLimiting(_propose(governor, t, d, "other, 68 bytes")), "68 bytes");
    }

    /* THE WHOLE LIFECYCLE, THROUGH A TIMELOCK */

    /// @dev A guardian removal passes, is queued in the timelock (whose proposer the Governor is) and
    /// executed there: the mandate ends. The Governor's `_queueOperations` override is reached only here.
    function test_queue_ARemovalQueuedThroughTheTimelockEndsTheMandateOnceExecuted() public {
        address[] memory executors = new address[](1); // the zero address: anyone executes
        timelock = new TimelockController(2 days, new address[](0), executors, address(this));
        GaleonGovernor governor = _ready(SUPPLY / 10, 0);
        timelock.grantRole(timelock.PROPOSER_ROLE(), address(governor));
        timelock.renounceRole(timelock.DEFAULT_ADMIN_ROLE(), address(this));
        (address[] memory t, bytes[] memory d) = _removal(governor);
        uint256[] memory v = new uint256[](1);
        bytes32 descriptionHash = keccak256(bytes("remove"));
        uint256 id = _propose(governor, t, d, "remove");
        vm.warp(governor.proposalSnapshot(id) + 1);
        vm.prank(FOR_VOTER);
        governor.castVote(id, 1);
        vm.warp(governor.proposalDeadline(id) + 1);

        assertEq(governor.queue(t, v, d, descriptionHash), id, "queued proposal id");
        uint256 eta = governor.proposalEta(id);
        assertEq(eta, block.timestamp + 2 days, "eta: now + the timelock's delay");
        assertTrue(governor.state(id) == IGovernor.ProposalState.Queued, "queued");
        bytes32 operation = timelock.hashOperationBatch(t, v, d, 0, bytes20(address(governor)) ^ descriptionHash);
        assertTrue(timelock.isOperationPending(operation), "pending in the timelock");

        vm.warp(eta);
        governor.execute(t, v, d, descriptionHash);
        assertTrue(governor.state(id) == IGovernor.ProposalState.Executed, "executed");
        assertEq(governor.proposalGuardian(), address(0), "no guardian");
        assertEq(governor.proposalGuardianExpiry(), 0, "no expiry");
    }

    function test_cancel_GuardianCancelsAnOrdinaryProposalButNotAGuardianLimitingOne() public {
        GaleonGovernor governor = _ready(0, 0);
        (address[] memory t, bytes[] memory d) = _removal(governor);
        uint256 removal = _propose(governor, t, d, "remove");
        vm.prank(GUARDIAN);
        vm.expectRevert(_unableToCancel(removal, GUARDIAN));
        governor.cancel(t, new uint256[](1), d, keccak256(bytes("remove")));
        vm.expectRevert(_unableToCancel(removal, address(this)));
        governor.cancel(t, new uint256[](1), d, keccak256(bytes("remove")));

        (t, d) = _ordinary(governor);
        uint256 ordinary = _propose(governor, t, d, "renew");
        vm.warp(governor.proposalSnapshot(ordinary) + 1);
        vm.prank(GUARDIAN);
        governor.cancel(t, new uint256[](1), d, keccak256(bytes("renew")));
        assertTrue(governor.state(ordinary) == IGovernor.ProposalState.Canceled, "cancelled while active");
    }

    function test_cancel_OnceTheGuardianExpiredOnlyTheProposerWhilePendingAndNeverALimitingProposal() public {
        GaleonGovernor governor = _ready(0, 0);
        (address[] memory t, bytes[] memory d) = _ordinary(governor);
        uint256[] memory v = new uint256[](1);
        vm.warp(expiry);
        assertEq(governor.proposalGuardian(), address(0), "expired");

        uint256 pending = _propose(governor, t, d, "pending");
        vm.prank(GUARDIAN);
        vm.expectRevert(_unableToCancel(pending, GUARDIAN));
        governor.cancel(t, v, d, keccak256(bytes("pending")));
        governor.cancel(t, v, d, keccak256(bytes("pending")));
        assertTrue(governor.state(pending) == IGovernor.ProposalState.Canceled, "the proposer withdrew it");

        uint256 active = _propose(governor, t, d, "active");
        vm.warp(governor.proposalSnapshot(active) + 1);
        // OpenZeppelin would let the proposer cancel at any stage without a guardian; not here.
        vm.expectRevert(_unableToCancel(active, address(this)));
        governor.cancel(t, v, d, keccak256(bytes("active")));

        (t, d) = _removal(governor);
        uint256 removal = _propose(governor, t, d, "remove");
        vm.expectRevert(_unableToCancel(removal, address(this)));
        governor.cancel(t, v, d, keccak256(bytes("remove")));
    }

    /// @dev The guardian cancels an active proposal up to the last second of its mandate; from the
    /// expiry second, an active proposal (and then a succeeded one) can be cancelled by nobody: not
    /// the expired guardian, not its proposer (OpenZeppelin's base rule: the proposer only while
    /// Pending).
    function test_cancel_GuardianUntilItsLastSecondThenNobodyOncePending() public {
        GaleonGovernor governor = _ready(SUPPLY / 10, 0);
        (address[] memory t, bytes[] memory d) = _ordinary(governor);
        uint256[] memory v = new uint256[](1);
        vm.warp(expiry - 3 days);
        uint256 first = _propose(governor, t, d, "first");
        uint256 second = _propose(governor, t, d, "second");

        vm.warp(expiry - 1);
        assertTrue(governor.state(first) == IGovernor.ProposalState.Active, "active at the guardian's last second");
        vm.prank(GUARDIAN);
        governor.cancel(t, v, d, keccak256(bytes("first")));
        assertTrue(governor.state(first) == IGovernor.ProposalState.Canceled, "cancelled by the guardian");

        vm.warp(expiry);
        vm.prank(GUARDIAN);
        vm.expectRevert(_unableToCancel(second, GUARDIAN));
        governor.cancel(t, v, d, keccak256(bytes("second")));
        vm.expectRevert(_unableToCancel(second, address(this)));
        governor.cancel(t, v, d, keccak256(bytes("second")));

        vm.prank(FOR_VOTER);
        governor.castVote(second, 1);
        vm.warp(governor.proposalDeadline(second) + 1);
        assertTrue(governor.state(second) == IGovernor.ProposalState.Succeeded, "succeeded");
        vm.prank(GUARDIAN);
        vm.expectRevert(_unableToCancel(second, GUARDIAN));
        governor.cancel(t, v, d, keccak256(bytes("second")));
        vm.expectRevert(_unableToCancel(second, address(this)));
        governor.cancel(t, v, d, keccak256(bytes("second")));
    }

    /// @dev Once the mandate expired, whatever the time: the proposer cancels exactly while its
    /// proposal is Pending, the expired guardian never.
    function testFuzz_cancel_OnceTheGuardianExpiredTheProposerOnlyWhilePending(uint256 after_) public {
        GaleonGovernor governor = _ready(0, 0);
        (address[] memory t, bytes[] memory d) = _ordinary(governor);
        uint256[] memory v = new uint256[](1);
        vm.warp(expiry);
        uint256 id = _propose(governor, t, d, "late");
        vm.warp(block.timestamp + bound(after_, 0, 12 days));
        bool pending = governor.state(id) == IGovernor.ProposalState.Pending;
        vm.prank(GUARDIAN);
        vm.expectRevert(_unableToCancel(id, GUARDIAN));
        governor.cancel(t, v, d, keccak256(bytes("late")));
        if (!pending) vm.expectRevert(_unableToCancel(id, address(this)));
        governor.cancel(t, v, d, keccak256(bytes("late")));
        if (pending) assertTrue(governor.state(id) == IGovernor.ProposalState.Canceled, "withdrawn while pending");
    }

    function testFuzz_state_GuardianLimitingNeedsTwoThirdsOfTheVotesCast(
        uint256 forVotes,
        uint256 againstVotes
    ) public {
        uint256 quorum = (SUPPLY * 4) / 100;
        forVotes = bound(forVotes, quorum, SUPPLY / 4);
        againstVotes = bound(againstVotes, 0, SUPPLY / 4);
        GaleonGovernor governor = _ready(forVotes, againstVotes);
        (address[] memory t, bytes[] memory d) = _removal(governor);
        uint256 removal = _propose(governor, t, d, "remove");
        (t, d) = _ordinary(governor);
        uint256 ordinary = _propose(governor, t, d, "renew");
        vm.warp(governor.proposalSnapshot(removal) + 1);
        for (uint256 i; i < 2; ++i) {
            uint256 id = i == 0 ? removal : ordinary;
            vm.prank(FOR_VOTER);
            governor.castVote(id, 1);
            if (againstVotes != 0) {
                vm.prank(AGAINST_VOTER);
                governor.castVote(id, 0);
            }
        }
        vm.warp(governor.proposalDeadline(removal) + 1);
        bool twoThirds = forVotes * 3 >= (forVotes + againstVotes) * 2;
        assertTrue(
            governor.state(removal) ==
                (twoThirds ? IGovernor.ProposalState.Succeeded : IGovernor.ProposalState.Defeated),
            "removal passes iff For >= 2/3 of For + Against"
        );
        assertTrue(
            governor.state(ordinary) ==
                (forVotes > againstVotes ? IGovernor.ProposalState.Succeeded : IGovernor.ProposalState.Defeated),
            "ordinary proposal: simple majority"
        );
    }
}
