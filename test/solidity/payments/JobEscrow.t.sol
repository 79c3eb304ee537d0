// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {EscrowTestBase} from "./EscrowTestBase.sol";
import {RouterTestLib} from "./RouterTestLib.sol";
import {JobEscrow} from "../../../contracts/payments/JobEscrow.sol";
import {AccessStatus, IDataAccessRouter, Quote} from "../../../contracts/interfaces/IDataAccessRouter.sol";
import {IGuardianPausable} from "../../../contracts/interfaces/IGuardianPausable.sol";
import {IJobEscrow, Lock, LockField, LockStatus, LockTerms} from "../../../contracts/interfaces/IJobEscrow.sol";
import {ISuiteOwnable} from "../../../contracts/interfaces/ISuiteOwnable.sol";
import {Payee} from "../../../contracts/interfaces/IPayeeWithdrawals.sol";
import {StandingAllowanceToken} from "../../../contracts/mocks/StandingAllowanceToken.sol";
import {IERC20Errors} from "@openzeppelin/contracts/interfaces/draft-IERC6093.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";

/// @notice Unit and fuzz tests of the job escrow: funding, settlement at zero, at the cap and between (the
/// split is the router's), refunds at the deadline's edges, settled or refunded once, settlements signed
/// for another job, buyer, token, chain or escrow, usage that changed since funding, hostile tokens, the
/// buyer's approval above the auto-settle limit, the owner's bounded recovery, and what a stranger can do
/// with every permissionless function.
contract JobEscrowTest is EscrowTestBase {
    uint256 internal constant MAX = 10_000e6;

    /* FUND */

    function test_fund_LocksTheMaximum() public {
        LockTerms memory terms = _terms(MAX, MAX);
        bytes32 expectedId = escrow.lockIdOf(PAYER, buyer, JOB, bytes32(0));
        vm.expectEmit();
        emit IJobEscrow.LockFunded(expectedId, PAYER, buyer, address(eurc), MAX, MAX, terms.settleBy, JOB, 0);
        uint256 before = eurc.balanceOf(PAYER);
        bytes32 lockId = _fund(PAYER, terms);
        assertTrue(lockId == expectedId, "lock id from payer, buyer, job and salt");
        assertEq(before - eurc.balanceOf(PAYER), MAX, "the payer paid the maximum");
        assertEq(eurc.balanceOf(address(escrow)), MAX, "the escrow holds it");
        assertEq(escrow.committed(address(eurc)), MAX, "committed");
        Lock memory lock = escrow.lockOf(lockId);
        assertEq(lock.payer, PAYER, "payer");
        assertEq(lock.buyer, buyer, "buyer");
        assertEq(lock.token, address(eurc), "token");
        assertEq(lock.maxAmount, MAX, "maximum");
        assertEq(lock.autoSettleLimit, MAX, "auto-settle limit");
        assertEq(lock.settleBy, terms.settleBy, "settle-by");
        assertTrue(lock.jobHash == JOB, "job hash");
        assertEq(uint256(lock.status), uint256(LockStatus.Open), "open");
    }

    function test_fundWithPermit_LocksWithoutAPriorApproval() public {
        uint256 key = 0xF00D;
        address payer = vm.addr(key);
        eurc.mint(payer, MAX);
        LockTerms memory terms = _terms(MAX, MAX);
        uint256 deadline = block.timestamp + 1 hours;
        bytes32 structHash = keccak256(
            abi.encode(
                keccak256("Permit(address owner,address spender,uint256 value,uint256 nonce,uint256 deadline)"),
                payer,
                address(escrow),
                MAX,
                eurc.nonces(payer),
                deadline
            )
        );
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(
            key,
            keccak256(abi.encodePacked("\x19\x01", eurc.DOMAIN_SEPARATOR(), structHash))
        );
        vm.prank(payer);
        bytes32 lockId = escrow.fundWithPermit(terms, deadline, v, r, s);
        assertEq(escrow.lockOf(lockId).maxAmount, MAX, "locked");
        assertEq(eurc.balanceOf(payer), 0, "pulled");
    }

    function test_fundWithPermit_RevertWhen_NoPermitNorAllowance() public {
        address payer = address(0xF00D);
        eurc.mint(payer, MAX);
        vm.expectRevert(abi.encodeWithSelector(IJobEscrow.JobEscrowInsufficientAllowance.selector, 0, MAX));
        vm.prank(payer);
        escrow.fundWithPermit(_terms(MAX, MAX), block.timestamp, 27, bytes32(0), bytes32(0));
    }

    function test_fund_RevertWhen_TokenNotAllowed() public {
        router.setTokenAllowed(address(eurc), false);
        vm.expectRevert(abi.encodeWithSelector(IJobEscrow.JobEscrowTokenNotAllowed.selector, address(eurc)));
        _fund(PAYER, _terms(MAX, MAX));
    }

    function test_fund_RevertWhen_FeeOnTransfer() public {
        LockTerms memory terms = _terms(MAX, MAX);
        terms.token = address(feeToken);
        vm.expectRevert(abi.encodeWithSelector(IJobEscrow.JobEscrowReceivedMismatch.selector, MAX, MAX - MAX / 100));
        _fund(PAYER, terms);
    }

    function test_fund_RevertWhen_TermsInvalid() public {
        LockTerms memory terms = _terms(MAX, MAX);
        terms.buyer = address(0);
        vm.expectRevert(abi.encodeWithSelector(IJobEscrow.JobEscrowZeroBuyer.selector));
        _fund(PAYER, terms);
        terms = _terms(0, 0);
        vm.expectRevert(abi.encodeWithSelector(IJobEscrow.JobEscrowZeroAmount.selector));
        _fund(PAYER, terms);
        terms = _terms(MAX, MAX + 1);
        vm.expectRevert(abi.encodeWithSelector(IJobEscrow.JobEscrowAutoSettleLimitAboveMax.selector, MAX + 1, MAX));
        _fund(PAYER, terms);
    }

    function test_fund_RevertWhen_SettleByOutOfRange() public {
        uint256 latest = block.timestamp + 365 days;
        LockTerms memory terms = _terms(MAX, MAX);
        uint64[2] memory wrong = [uint64(block.timestamp), uint64(latest + 1)];
        for (uint256 i; i < 2; ++i) {
            terms.settleBy = wrong[i];
            vm.expectRevert(
                abi.encodeWithSelector(
                    IJobEscrow.JobEscrowSettleByOutOfRange.selector,
                    wrong[i],
                    block.timestamp,
                    latest
                )
            );
            _fund(PAYER, terms);
        }
        terms.settleBy = uint64(latest);
        _fund(PAYER, terms);
    }

    function test_fund_RevertWhen_LockExists() public {
        bytes32 lockId = _fund(PAYER, _terms(MAX, MAX));
        vm.expectRevert(abi.encodeWithSelector(IJobEscrow.JobEscrowLockExists.selector, lockId));
        _fund(PAYER, _terms(MAX, MAX));
        LockTerms memory again = _terms(MAX, MAX);
        again.salt = bytes32(uint256(1));
        assertTrue(_fund(PAYER, again) != lockId, "another salt, another lock for the same job");
    }

    /// @dev The guardian pauses new locks only: settlements and refunds go on.
    function test_fund_RevertWhen_PausedWhileSettleAndRefundGoOn() public {
        bytes32 settled = _fund(PAYER, _terms(MAX, MAX));
        LockTerms memory second = _terms(MAX, MAX);
        second.salt = bytes32(uint256(2));
        bytes32 refunded = _fund(PAYER, second);
        vm.prank(GUARDIAN);
        escrow.pause();
        LockTerms memory third = _terms(MAX, MAX);
        third.salt = bytes32(uint256(3));
        vm.expectRevert(abi.encodeWithSelector(IGuardianPausable.GuardianPausablePaused.selector));
        _fund(PAYER, third);
        _settle(_settlement(settled, _terms(MAX, MAX), 1_000e6, _usage(1, 2, 10)));
        assertEq(uint256(escrow.lockOf(settled).status), uint256(LockStatus.Settled), "settled while paused");
        vm.warp(second.settleBy + 1);
        escrow.refund(refunded);
        assertEq(uint256(escrow.lockOf(refunded).status), uint256(LockStatus.Refunded), "refunded while paused");
    }

    /* SETTLE: AMOUNTS */

    /// @dev The job ran on nothing: the attestor signs a zero quote; everything goes back, nothing is bought.
    function test_settle_AtZeroRefundsEverything() public {
        LockTerms memory terms = _terms(MAX, 0);
        bytes32 lockId = _fund(PAYER, terms);
        uint256 before = eurc.balanceOf(PAYER);
        Quote memory q = _settlement(lockId, terms, 0, new uint256[](0));
        bytes memory signature = _sign(q);
        vm.expectEmit();
        emit IJobEscrow.LockSettled(lockId, PAYER, address(eurc), 0, MAX, STRANGER);
        vm.prank(STRANGER);
        escrow.settle(q, signature, "");
        assertEq(eurc.balanceOf(PAYER) - before, MAX, "the payer got everything back");
        assertEq(eurc.balanceOf(address(escrow)), 0, "the escrow holds nothing");
        assertEq(eurc.balanceOf(address(router)), 0, "nothing was paid");
        (address recordBuyer, , AccessStatus status, , ) = router.accessRecord(lockId);
        assertEq(recordBuyer, address(0), "no access bought");
        assertEq(uint256(status), uint256(AccessStatus.None), "no access record");
        assertEq(uint256(escrow.lockOf(lockId).status), uint256(LockStatus.Settled), "settled");
    }

    function test_settle_AtTheCapPaysEverything() public {
        LockTerms memory terms = _terms(MAX, MAX);
        bytes32 lockId = _fund(PAYER, terms);
        uint256 before = eurc.balanceOf(PAYER);
        _settle(_settlement(lockId, terms, MAX, _usage(1, 4, 25)));
        assertEq(eurc.balanceOf(PAYER), before, "nothing back");
        assertEq(eurc.balanceOf(address(router)), MAX, "the router got the cap");
        assertEq(router.hospitalBalance(1, address(eurc)), 1_000e6, "a quarter of 40%");
        assertEq(router.payeeBalance(Payee.Treasury, address(eurc)), 3_000e6, "treasury 30%");
        assertEq(router.payeeBalance(Payee.Buyback, address(eurc)), 2_000e6, "buy-back 20%");
        assertEq(router.payeeBalance(Payee.Galeon, address(eurc)), 1_000e6, "Galeon 10%");
        assertTrue(router.isAccessValid(lockId), "the buyer's access, under the lock id");
        assertEq(eurc.allowance(address(escrow), address(router)), 0, "no allowance left to the router");
    }

    /// @dev Any amount from the least splittable to the cap, on 1 to 19 hospitals: the payer gets exactly
    /// the rest back, and the split follows exact rational bounds (an oracle independent of `SplitLib`).
    function testFuzz_settle_BetweenZeroAndTheCap(uint256 amount, uint256 count, uint256 seed) public {
        count = bound(count, 1, HOSPITALS);
        uint256[] memory usage = new uint256[](count);
        uint256 totalUnits;
        for (uint256 i; i < count; ++i) {
            uint256 units = 1 + (uint256(keccak256(abi.encode(seed, i))) % 1_000_000);
            usage[i] = RouterTestLib.entry(i + 1, units);
            totalUnits += units;
        }
        // Enough for every hospital to get at least one base unit: 10,000 / 4,000 * T (units below 2^20).
        amount = bound(amount, (totalUnits * 10_000) / 4_000 + 10, MAX);
        LockTerms memory terms = _terms(MAX, MAX);
        bytes32 lockId = _fund(PAYER, terms);
        uint256 before = eurc.balanceOf(PAYER);
        _settle(_settlement(lockId, terms, amount, usage));
        assertEq(eurc.balanceOf(PAYER) - before, MAX - amount, "the payer got the rest back");
        assertEq(eurc.balanceOf(address(router)), amount, "the router got the amount");
        assertEq(eurc.balanceOf(address(escrow)), 0, "the escrow holds nothing");
        uint256 hospitals = (amount * 4_000) / 10_000;
        uint256 credited;
        uint256 cumulative;
        for (uint256 i; i < count; ++i) {
            uint256 credit = router.hospitalBalance(uint32(i + 1), address(eurc));
            credited += credit;
            cumulative += usage[i] & type(uint224).max;
            // Cumulative floors: credited * T <= H * c < (credited + 1) * T (no overflow: H < 2^34, c < 2^25).
            assertLe(credited * totalUnits, hospitals * cumulative, "S_i * T <= H * c_i");
            assertTrue(hospitals * cumulative < (credited + 1) * totalUnits, "H * c_i < (S_i + 1) * T");
        }
        assertEq(credited, hospitals, "hospitals get floor(40%)");
        assertEq(router.payeeBalance(Payee.Treasury, address(eurc)), (amount * 3_000) / 10_000, "treasury floor");
        assertEq(router.payeeBalance(Payee.Buyback, address(eurc)), (amount * 2_000) / 10_000, "buy-back floor");
        assertEq(
            router.payeeBalance(Payee.Galeon, address(eurc)),
            amount - hospitals - (amount * 3_000) / 10_000 - (amount * 2_000) / 10_000,
            "Galeon the rest"
        );
    }

    function test_settle_RevertWhen_AboveTheLock() public {
        LockTerms memory terms = _terms(MAX, MAX);
        bytes32 lockId = _fund(PAYER, terms);
        Quote memory q = _settlement(lockId, terms, MAX + 1, _usage(1, 1, 1));
        bytes memory signature = _sign(q);
        vm.expectRevert(abi.encodeWithSelector(IJobEscrow.JobEscrowAmountAboveLock.selector, lockId, MAX + 1, MAX));
        escrow.settle(q, signature, "");
    }

    /// @dev Dust is refused exactly as in a purchase: the router's own error.
    function test_settle_RevertWhen_DustAsInAPurchase() public {
        LockTerms memory terms = _terms(MAX, MAX);
        bytes32 lockId = _fund(PAYER, terms);
        // 3 base units: hospitals floor(1.2) = 1, treasury floor(0.9) = 0.
        Quote memory q = _settlement(lockId, terms, 3, _usage(1, 1, 1));
        bytes memory signature = _sign(q);
        vm.expectRevert(abi.encodeWithSelector(IDataAccessRouter.DataAccessRouterPartTooSmall.selector, 1, 3, 3_000));
        escrow.settle(q, signature, "");
    }

    /* SETTLE: THE DEADLINE AND SINGLE USE */

    function test_settle_AtTheDeadline() public {
        LockTerms memory terms = _terms(MAX, MAX);
        bytes32 lockId = _fund(PAYER, terms);
        Quote memory q = _settlement(lockId, terms, 1_000e6, _usage(1, 1, 1));
        q.deadline = terms.settleBy;
        bytes memory signature = _sign(q);
        vm.warp(terms.settleBy);
        escrow.settle(q, signature, "");
        assertEq(uint256(escrow.lockOf(lockId).status), uint256(LockStatus.Settled), "settled at the last second");
    }

    function test_settle_RevertWhen_AfterTheDeadline() public {
        LockTerms memory terms = _terms(MAX, MAX);
        bytes32 lockId = _fund(PAYER, terms);
        Quote memory q = _settlement(lockId, terms, 1_000e6, _usage(1, 1, 1));
        q.deadline = uint64(terms.settleBy + 1 hours);
        bytes memory signature = _sign(q);
        vm.warp(terms.settleBy + 1);
        vm.expectRevert(
            abi.encodeWithSelector(
                IJobEscrow.JobEscrowSettlementTooLate.selector,
                lockId,
                terms.settleBy,
                terms.settleBy + 1
            )
        );
        escrow.settle(q, signature, "");
    }

    function test_refund_RevertWhen_AtTheDeadline() public {
        LockTerms memory terms = _terms(MAX, MAX);
        bytes32 lockId = _fund(PAYER, terms);
        vm.warp(terms.settleBy);
        vm.expectRevert(
            abi.encodeWithSelector(IJobEscrow.JobEscrowRefundTooEarly.selector, lockId, terms.settleBy, terms.settleBy)
        );
        escrow.refund(lockId);
    }

    function test_refund_OneSecondAfterTheDeadline() public {
        LockTerms memory terms = _terms(MAX, MAX);
        bytes32 lockId = _fund(PAYER, terms);
        uint256 before = eurc.balanceOf(PAYER);
        vm.warp(terms.settleBy + 1);
        vm.expectEmit();
        emit IJobEscrow.LockRefunded(lockId, PAYER, address(eurc), MAX, STRANGER);
        vm.prank(STRANGER);
        escrow.refund(lockId);
        assertEq(eurc.balanceOf(PAYER) - before, MAX, "the whole lock back to the payer");
        assertEq(escrow.committed(address(eurc)), 0, "nothing committed");
        assertEq(uint256(escrow.lockOf(lockId).status), uint256(LockStatus.Refunded), "refunded");
    }

    /// @dev At any second, exactly one of settle and refund is possible: settle up to `settleBy` included,
    /// refund from the second after; and whichever runs first, the other is then refused.
    function testFuzz_settleOrRefund_ExactlyOneAtAnyTime(uint256 wait, bool settleFirst) public {
        LockTerms memory terms = _terms(MAX, MAX);
        bytes32 lockId = _fund(PAYER, terms);
        Quote memory q = _settlement(lockId, terms, 1_000e6, _usage(1, 1, 1));
        q.deadline = uint64(block.timestamp + 30 days);
        bytes memory signature = _sign(q);
        vm.warp(block.timestamp + bound(wait, 0, 14 days));
        bool settleable = block.timestamp <= terms.settleBy;
        if (settleFirst || settleable) {
            if (!settleable) {
                vm.expectRevert(
                    abi.encodeWithSelector(
                        IJobEscrow.JobEscrowSettlementTooLate.selector,
                        lockId,
                        terms.settleBy,
                        block.timestamp
                    )
                );
            }
            escrow.settle(q, signature, "");
        }
        if (settleable) {
            vm.expectRevert(
                abi.encodeWithSelector(IJobEscrow.JobEscrowLockNotOpen.selector, lockId, LockStatus.Settled)
            );
        }
        escrow.refund(lockId);
        LockStatus expected = settleable ? LockStatus.Settled : LockStatus.Refunded;
        assertEq(uint256(escrow.lockOf(lockId).status), uint256(expected), "settled or refunded, once");
        assertEq(eurc.balanceOf(address(escrow)), 0, "the escrow holds nothing either way");
    }

    function test_settle_RevertWhen_Twice() public {
        LockTerms memory terms = _terms(MAX, MAX);
        bytes32 lockId = _fund(PAYER, terms);
        Quote memory q = _settlement(lockId, terms, 1_000e6, _usage(1, 1, 1));
        bytes memory signature = _sign(q);
        escrow.settle(q, signature, "");
        vm.expectRevert(abi.encodeWithSelector(IJobEscrow.JobEscrowLockNotOpen.selector, lockId, LockStatus.Settled));
        escrow.settle(q, signature, "");
        // Another settlement of the same lock, freshly signed, at zero: refused too.
        Quote memory zero = _settlement(lockId, terms, 0, new uint256[](0));
        signature = _sign(zero);
        vm.expectRevert(abi.encodeWithSelector(IJobEscrow.JobEscrowLockNotOpen.selector, lockId, LockStatus.Settled));
        escrow.settle(zero, signature, "");
    }

    function test_refund_RevertWhen_Settled() public {
        LockTerms memory terms = _terms(MAX, MAX);
        bytes32 lockId = _fund(PAYER, terms);
        _settle(_settlement(lockId, terms, 1_000e6, _usage(1, 1, 1)));
        vm.warp(terms.settleBy + 1);
        vm.expectRevert(abi.encodeWithSelector(IJobEscrow.JobEscrowLockNotOpen.selector, lockId, LockStatus.Settled));
        escrow.refund(lockId);
    }

    function test_settle_RevertWhen_Refunded() public {
        LockTerms memory terms = _terms(MAX, MAX);
        bytes32 lockId = _fund(PAYER, terms);
        Quote memory q = _settlement(lockId, terms, 1_000e6, _usage(1, 1, 1));
        q.deadline = uint64(terms.settleBy + 1 days);
        bytes memory signature = _sign(q);
        vm.warp(terms.settleBy + 1);
        escrow.refund(lockId);
        vm.expectRevert(abi.encodeWithSelector(IJobEscrow.JobEscrowLockNotOpen.selector, lockId, LockStatus.Refunded));
        escrow.settle(q, signature, "");
        vm.expectRevert(abi.encodeWithSelector(IJobEscrow.JobEscrowLockNotOpen.selector, lockId, LockStatus.Refunded));
        escrow.refund(lockId);
    }

    function test_refund_RevertWhen_NeverFunded() public {
        vm.expectRevert(abi.encodeWithSelector(IJobEscrow.JobEscrowLockNotOpen.selector, JOB, LockStatus.None));
        escrow.refund(JOB);
    }

    /* SETTLE: A SETTLEMENT FOR ANOTHER LOCK */

    function test_settle_RevertWhen_SignedForAnotherJobBuyerTokenOrPayer() public {
        LockTerms memory terms = _terms(MAX, MAX);
        bytes32 lockId = _fund(PAYER, terms);
        for (uint256 field; field < 4; ++field) {
            Quote memory q = _settlement(lockId, terms, 1_000e6, _usage(1, 1, 1));
            if (field == uint256(LockField.Payer)) q.payer = PAYER;
            else if (field == uint256(LockField.Buyer)) q.buyer = STRANGER;
            else if (field == uint256(LockField.Token)) q.token = address(blocklist);
            else q.jobHash = keccak256("another job");
            bytes memory signature = _sign(q);
            vm.expectRevert(abi.encodeWithSelector(IJobEscrow.JobEscrowQuoteMismatch.selector, lockId, field));
            escrow.settle(q, signature, "");
        }
    }

    /// @dev A settlement signed for another chain or another router (its EIP-712 domain) is not the
    /// attestor's here: the router refuses a paid one, the escrow a zero one.
    function test_settle_RevertWhen_SignedForAnotherChainOrRouter() public {
        LockTerms memory terms = _terms(MAX, MAX);
        bytes32 lockId = _fund(PAYER, terms);
        for (uint256 amount; amount < 2; ++amount) {
            Quote memory q = _settlement(lockId, terms, amount * 1_000e6, _usage(1, 1, 1));
            bytes32 otherDomain = keccak256(
                abi.encode(
                    keccak256("EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)"),
                    keccak256("Galeon DataAccessRouter"),
                    keccak256("1"),
                    block.chainid + 1,
                    address(router)
                )
            );
            // The router's digest is `\x19\x01 || domain || structHash`; rebuild it for chain id + 1.
            bytes32 structHash = _structHash(q);
            (uint8 v, bytes32 r, bytes32 s) = vm.sign(
                ATTESTOR_KEY,
                keccak256(abi.encodePacked("\x19\x01", otherDomain, structHash))
            );
            vm.expectRevert();
            escrow.settle(q, abi.encodePacked(r, s, v), "");
        }
        assertEq(uint256(escrow.lockOf(lockId).status), uint256(LockStatus.Open), "still open");
    }

    /// @dev A lock of another escrow on the same router: its id is not a lock here, and a quote naming
    /// the other escrow as payer does not match.
    function test_settle_RevertWhen_ForAnotherEscrow() public {
        JobEscrow other = new JobEscrow(address(this), address(0), 0, router);
        vm.prank(PAYER);
        eurc.approve(address(other), type(uint256).max);
        LockTerms memory terms = _terms(MAX, MAX);
        vm.prank(PAYER);
        bytes32 otherId = other.fund(terms);
        bytes32 lockId = _fund(PAYER, terms);
        assertTrue(otherId != lockId, "lock ids differ per escrow");
        Quote memory q = _settlement(otherId, terms, 1_000e6, _usage(1, 1, 1));
        q.payer = address(other);
        bytes memory signature = _sign(q);
        vm.expectRevert(abi.encodeWithSelector(IJobEscrow.JobEscrowLockNotOpen.selector, otherId, LockStatus.None));
        escrow.settle(q, signature, "");
        q = _settlement(lockId, terms, 1_000e6, _usage(1, 1, 1));
        q.payer = address(other);
        signature = _sign(q);
        vm.expectRevert(abi.encodeWithSelector(IJobEscrow.JobEscrowQuoteMismatch.selector, lockId, LockField.Payer));
        escrow.settle(q, signature, "");
    }

    function test_settle_RevertWhen_ZeroSettlementNotTheAttestors() public {
        LockTerms memory terms = _terms(MAX, MAX);
        bytes32 lockId = _fund(PAYER, terms);
        Quote memory q = _settlement(lockId, terms, 0, new uint256[](0));
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(BUYER_KEY, router.quoteDigest(q));
        vm.expectRevert(
            abi.encodeWithSelector(IJobEscrow.JobEscrowInvalidSigner.selector, buyer, vm.addr(ATTESTOR_KEY))
        );
        escrow.settle(q, abi.encodePacked(r, s, v), "");
        bytes memory signature = _sign(q);
        vm.warp(q.deadline + 1);
        vm.expectRevert(abi.encodeWithSelector(IJobEscrow.JobEscrowQuoteExpired.selector, q.deadline, q.deadline + 1));
        escrow.settle(q, signature, "");
    }

    /// @dev A zero settlement under a signature that recovers no signer at all (64 bytes, where the router
    /// takes 65) is refused as nobody's, and the lock stays open with its funds.
    function test_settle_RevertWhen_ZeroSettlementSignatureMalformed() public {
        LockTerms memory terms = _terms(MAX, MAX);
        bytes32 lockId = _fund(PAYER, terms);
        Quote memory q = _settlement(lockId, terms, 0, new uint256[](0));
        bytes memory signature = _sign(q);
        bytes memory short = new bytes(64);
        for (uint256 i; i < 64; ++i) short[i] = signature[i];
        uint256 held = eurc.balanceOf(address(escrow));
        vm.expectRevert(
            abi.encodeWithSelector(IJobEscrow.JobEscrowInvalidSigner.selector, address(0), vm.addr(ATTESTOR_KEY))
        );
        escrow.settle(q, short, "");
        assertEq(uint8(escrow.lockOf(lockId).status), uint8(LockStatus.Open), "the lock stays open");
        assertEq(eurc.balanceOf(address(escrow)), held, "nothing left the escrow");
        escrow.settle(q, signature, "");
        assertEq(uint8(escrow.lockOf(lockId).status), uint8(LockStatus.Settled), "the attestor's signature settles it");
    }

    /// @dev A token whose `transferFrom` leaves the allowance standing: after the router pulled the settled
    /// amount, the escrow takes back what it approved, so the router holds no allowance over the escrow's
    /// other locks in that token.
    function test_settle_LeavesTheRouterNoAllowanceWhereTheTokenDoesNotSpendIt() public {
        StandingAllowanceToken standing = new StandingAllowanceToken();
        router.setTokenAllowed(address(standing), true);
        standing.mint(PAYER, 10_000e6);
        vm.prank(PAYER);
        standing.approve(address(escrow), type(uint256).max);
        LockTerms memory terms = _terms(3_000e6, 3_000e6);
        terms.token = address(standing);
        bytes32 lockId = _fund(PAYER, terms);
        LockTerms memory other = _terms(1_000e6, 1_000e6);
        other.token = address(standing);
        other.salt = bytes32(uint256(1));
        _fund(PAYER, other);
        _settle(_settlement(lockId, terms, 2_000e6, _usage(1, 2, 1)));
        assertEq(standing.allowance(address(escrow), address(router)), 0, "no allowance left to the router");
        assertEq(standing.balanceOf(address(router)), 2_000e6, "the router holds the settled amount");
        assertEq(standing.balanceOf(PAYER), 10_000e6 - 4_000e6 + 1_000e6, "the payer got the rest back");
        assertEq(standing.balanceOf(address(escrow)), 1_000e6, "the other lock's funds stay in the escrow");
        // The token still checks the allowance; it only never lowers it.
        vm.expectRevert(abi.encodeWithSelector(IERC20Errors.ERC20InsufficientAllowance.selector, STRANGER, 0, 1));
        vm.prank(STRANGER);
        standing.transferFrom(PAYER, STRANGER, 1);
    }

    /* SETTLE: USAGE CHANGED SINCE FUNDING */

    /// @dev Quoted on three hospitals, run on two (one node offline): the dropped one gets nothing, the
    /// others split the hospitals' part of the measured amount.
    function test_settle_AHospitalDroppedGetsNothing() public {
        LockTerms memory terms = _terms(3_000e6, 3_000e6);
        bytes32 lockId = _fund(PAYER, terms);
        uint256[] memory measured = new uint256[](2);
        measured[0] = RouterTestLib.entry(1, 1_000_000);
        measured[1] = RouterTestLib.entry(3, 1_400_000);
        _settle(_settlement(lockId, terms, 2_400e6, measured));
        assertEq(router.hospitalBalance(2, address(eurc)), 0, "the offline hospital gets nothing");
        assertEq(router.hospitalBalance(1, address(eurc)), 400e6, "hospital 1: 40% x 2,400 x 1/2.4");
        assertEq(router.hospitalBalance(3, address(eurc)), 560e6, "hospital 3: 40% x 2,400 x 1.4/2.4");
    }

    /// @dev A hospital suspended between funding and settlement: a settlement naming it is refused with
    /// the router's error; the attestor re-signs without it and the settlement goes through.
    function test_settle_AHospitalSuspendedMeanwhile() public {
        LockTerms memory terms = _terms(MAX, MAX);
        bytes32 lockId = _fund(PAYER, terms);
        router.suspend(2);
        Quote memory q = _settlement(lockId, terms, 1_000e6, _usage(1, 3, 10));
        bytes memory signature = _sign(q);
        vm.expectRevert(abi.encodeWithSelector(IDataAccessRouter.DataAccessRouterHospitalSuspended.selector, 2));
        escrow.settle(q, signature, "");
        uint256[] memory withoutIt = new uint256[](2);
        withoutIt[0] = RouterTestLib.entry(1, 10);
        withoutIt[1] = RouterTestLib.entry(3, 10);
        _settle(_settlement(lockId, terms, 1_000e6, withoutIt));
        assertEq(router.hospitalBalance(2, address(eurc)), 0, "the suspended hospital is not paid");
        assertEq(router.hospitalBalance(3, address(eurc)), 200e6, "the others are");
    }

    /* BUYER PROTECTION */

    function test_settle_AboveTheAutoSettleLimitNeedsTheBuyer() public {
        LockTerms memory terms = _terms(MAX, 1_000e6);
        bytes32 lockId = _fund(PAYER, terms);
        Quote memory q = _settlement(lockId, terms, 1_000e6 + 1, _usage(1, 1, 1));
        bytes memory signature = _sign(q);
        vm.expectRevert(
            abi.encodeWithSelector(IJobEscrow.JobEscrowBuyerApprovalMissing.selector, lockId, 1_000e6 + 1, 1_000e6)
        );
        escrow.settle(q, signature, "");
        // The buyer's approval of another quote (another amount) does not count.
        Quote memory other = _settlement(lockId, terms, 1_000e6 + 2, _usage(1, 1, 1));
        bytes memory wrongApproval = _approve(other);
        vm.expectRevert(
            abi.encodeWithSelector(IJobEscrow.JobEscrowBuyerApprovalMissing.selector, lockId, 1_000e6 + 1, 1_000e6)
        );
        escrow.settle(q, signature, wrongApproval);
        vm.prank(STRANGER);
        escrow.settle(q, signature, _approve(q));
        assertEq(uint256(escrow.lockOf(lockId).status), uint256(LockStatus.Settled), "settled with the buyer");
    }

    function test_settle_UpToTheAutoSettleLimitWithoutTheBuyer() public {
        LockTerms memory terms = _terms(MAX, 1_000e6);
        bytes32 lockId = _fund(PAYER, terms);
        _settle(_settlement(lockId, terms, 1_000e6, _usage(1, 1, 1)));
        assertEq(uint256(escrow.lockOf(lockId).status), uint256(LockStatus.Settled), "settled by the attestor alone");
    }

    /* HOSTILE TOKENS */

    /// @dev A blocklisted payer blocks neither a settlement nor a refund: its refund is kept for it and it
    /// withdraws it to another address.
    function test_settle_ABlocklistedPayerDefersItsRefund() public {
        LockTerms memory terms = _terms(MAX, MAX);
        terms.token = address(blocklist);
        bytes32 lockId = _fund(PAYER, terms);
        blocklist.setBlocked(PAYER, true);
        vm.expectEmit();
        emit IJobEscrow.RefundDeferred(PAYER, address(blocklist), MAX - 1_000e6);
        _settle(_settlement(lockId, terms, 1_000e6, _usage(1, 1, 1)));
        assertEq(escrow.refundOwed(PAYER, address(blocklist)), MAX - 1_000e6, "kept for the payer");
        assertEq(escrow.committed(address(blocklist)), MAX - 1_000e6, "still committed");
        assertEq(blocklist.balanceOf(address(escrow)), MAX - 1_000e6, "still held");
        vm.expectRevert(
            abi.encodeWithSelector(IJobEscrow.JobEscrowNothingToWithdraw.selector, STRANGER, address(blocklist))
        );
        vm.prank(STRANGER);
        escrow.withdrawRefund(address(blocklist), STRANGER);
        vm.prank(PAYER);
        escrow.withdrawRefund(address(blocklist), address(0xCAFE));
        assertEq(blocklist.balanceOf(address(0xCAFE)), MAX - 1_000e6, "withdrawn elsewhere");
        assertEq(escrow.committed(address(blocklist)), 0, "nothing committed");
    }

    function test_refund_ABlocklistedPayerDefersItsRefund() public {
        LockTerms memory terms = _terms(MAX, MAX);
        terms.token = address(blocklist);
        bytes32 lockId = _fund(PAYER, terms);
        blocklist.setBlocked(PAYER, true);
        vm.warp(terms.settleBy + 1);
        escrow.refund(lockId);
        assertEq(escrow.refundOwed(PAYER, address(blocklist)), MAX, "kept for the payer");
        assertEq(uint256(escrow.lockOf(lockId).status), uint256(LockStatus.Refunded), "refunded once");
    }

    /// @dev A token that calls back into the escrow while it moves tokens: every entry point is guarded.
    function test_fund_RevertWhen_ATokenReenters() public {
        LockTerms memory terms = _terms(MAX, MAX);
        terms.token = address(reentrant);
        bytes32 lockId = _fund(PAYER, terms);
        vm.warp(terms.settleBy + 1);
        // While the escrow pulls a second lock, the token tries to refund the first one again.
        reentrant.arm(address(escrow), abi.encodeCall(escrow.refund, (lockId)));
        LockTerms memory second = _terms(MAX, MAX);
        second.token = address(reentrant);
        second.salt = bytes32(uint256(1));
        second.settleBy = uint64(block.timestamp + 1 days);
        vm.expectRevert(abi.encodeWithSelector(ReentrancyGuardTransient.ReentrancyGuardReentrantCall.selector));
        _fund(PAYER, second);
    }

    function test_settle_RevertWhen_ATokenReenters() public {
        LockTerms memory terms = _terms(MAX, MAX);
        terms.token = address(reentrant);
        bytes32 lockId = _fund(PAYER, terms);
        Quote memory q = _settlement(lockId, terms, 1_000e6, _usage(1, 1, 1));
        bytes memory signature = _sign(q);
        // While the router pulls the amount, the token settles the same lock again.
        reentrant.arm(address(escrow), abi.encodeCall(escrow.settle, (q, signature, "")));
        vm.expectRevert(abi.encodeWithSelector(ReentrancyGuardTransient.ReentrancyGuardReentrantCall.selector));
        escrow.settle(q, signature, "");
        reentrant.arm(address(0), "");
        escrow.settle(q, signature, "");
        assertEq(reentrant.balanceOf(address(router)), 1_000e6, "paid once");
    }

    /* THE OWNER */

    /// @dev The owner takes out only what the escrow holds beyond its open locks and deferred refunds.
    function test_recoverToken_OnlyTheExcessAboveOpenLocks() public {
        _fund(PAYER, _terms(MAX, MAX));
        vm.expectRevert(abi.encodeWithSelector(IJobEscrow.JobEscrowRecoverAmountInvalid.selector, address(eurc), 1, 0));
        escrow.recoverToken(address(eurc), address(this), 1);
        eurc.mint(address(escrow), 5);
        assertEq(escrow.recoverToken(address(eurc), address(0xD00D), type(uint256).max), 5, "the excess");
        assertEq(eurc.balanceOf(address(escrow)), MAX, "the lock stays");
        vm.expectRevert(abi.encodeWithSelector(ISuiteOwnable.SuiteOwnableRenounceDisabled.selector));
        escrow.renounceOwnership();
    }

    function test_recoverToken_RevertWhen_NotOwner() public {
        eurc.mint(address(escrow), 5);
        vm.expectRevert();
        vm.prank(STRANGER);
        escrow.recoverToken(address(eurc), STRANGER, 5);
    }

    /// @dev A paused router refuses paid settlements (its pause is bounded), never a zero one or a refund.
    function test_settle_WhileTheRouterIsPaused() public {
        LockTerms memory terms = _terms(MAX, MAX);
        bytes32 lockId = _fund(PAYER, terms);
        router.pause();
        Quote memory q = _settlement(lockId, terms, 1_000e6, _usage(1, 1, 1));
        bytes memory signature = _sign(q);
        vm.expectRevert(abi.encodeWithSelector(IGuardianPausable.GuardianPausablePaused.selector));
        escrow.settle(q, signature, "");
        _settle(_settlement(lockId, terms, 0, new uint256[](0)));
        assertEq(uint256(escrow.lockOf(lockId).status), uint256(LockStatus.Settled), "settled at zero");
    }

    /// @dev A token the DAO removes from the allowlist after funding: paid settlements fail (the router's
    /// refusal), settling at zero and refunding still return the lock to its payer.
    function test_settle_ATokenRemovedFromTheAllowlistStillGoesBack() public {
        LockTerms memory terms = _terms(MAX, MAX);
        bytes32 lockId = _fund(PAYER, terms);
        router.setTokenAllowed(address(eurc), false);
        Quote memory q = _settlement(lockId, terms, 1_000e6, _usage(1, 1, 1));
        bytes memory signature = _sign(q);
        vm.expectRevert(
            abi.encodeWithSelector(IDataAccessRouter.DataAccessRouterTokenNotAllowed.selector, address(eurc))
        );
        escrow.settle(q, signature, "");
        uint256 before = eurc.balanceOf(PAYER);
        _settle(_settlement(lockId, terms, 0, new uint256[](0)));
        assertEq(eurc.balanceOf(PAYER) - before, MAX, "back to the payer");
    }

    /* THE GRIEFER */

    /// @dev A stranger funding dust with the same buyer, job and salt gets its own lock id: the payer's
    /// lock is unaffected, and the stranger's dust can only go back to the stranger.
    function test_fund_AStrangerCannotSquatAPayersLock() public {
        LockTerms memory terms = _terms(MAX, MAX);
        LockTerms memory dust = _terms(1, 1);
        bytes32 squat = _fund(STRANGER, dust);
        bytes32 lockId = _fund(PAYER, terms);
        assertTrue(squat != lockId, "different lock ids");
        _settle(_settlement(lockId, terms, 1_000e6, _usage(1, 1, 1)));
        assertEq(uint256(escrow.lockOf(lockId).status), uint256(LockStatus.Settled), "the payer's job settles");
        vm.warp(dust.settleBy + 1);
        uint256 before = eurc.balanceOf(STRANGER);
        escrow.refund(squat);
        assertEq(eurc.balanceOf(STRANGER) - before, 1, "the dust goes back to the stranger");
    }

    /// @dev Spam: many dust locks cost their funder, hold nobody else's funds and are refunded to it.
    function test_fund_SpamOnlyCostsTheSpammer() public {
        bytes32 lockId = _fund(PAYER, _terms(MAX, MAX));
        bytes32[] memory spam = new bytes32[](20);
        for (uint256 i; i < 20; ++i) {
            LockTerms memory dust = _terms(1, 0);
            dust.salt = bytes32(i);
            spam[i] = _fund(STRANGER, dust);
        }
        assertEq(escrow.committed(address(eurc)), MAX + 20, "committed: the lock and the spam");
        _settle(_settlement(lockId, _terms(MAX, MAX), 1_000e6, _usage(1, 1, 1)));
        vm.warp(block.timestamp + 8 days);
        for (uint256 i; i < 20; ++i) escrow.refund(spam[i]);
        assertEq(eurc.balanceOf(address(escrow)), 0, "all gone back");
        assertEq(eurc.balanceOf(STRANGER), 1e15, "the spammer got its dust back");
    }

    /// @dev A stranger submitting a settlement early can only execute what the attestor signed, for the
    /// lock it names; a settlement it signs itself is refused.
    function test_settle_AStrangerCanOnlySubmitWhatTheAttestorSigned() public {
        LockTerms memory terms = _terms(MAX, MAX);
        bytes32 lockId = _fund(PAYER, terms);
        Quote memory q = _settlement(lockId, terms, MAX, _usage(1, 1, 1));
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(0x57A4, router.quoteDigest(q));
        vm.expectRevert(
            abi.encodeWithSelector(
                IDataAccessRouter.DataAccessRouterInvalidSigner.selector,
                vm.addr(0x57A4),
                vm.addr(ATTESTOR_KEY)
            )
        );
        vm.prank(STRANGER);
        escrow.settle(q, abi.encodePacked(r, s, v), "");
    }

    /// @dev A stranger front-running a refund sends the lock to its payer, never to itself; one second
    /// before the deadline it cannot refund at all.
    function test_refund_AStrangerRefundsOnlyToThePayer() public {
        LockTerms memory terms = _terms(MAX, MAX);
        bytes32 lockId = _fund(PAYER, terms);
        vm.warp(terms.settleBy - 1);
        vm.expectRevert(
            abi.encodeWithSelector(
                IJobEscrow.JobEscrowRefundTooEarly.selector,
                lockId,
                terms.settleBy,
                terms.settleBy - 1
            )
        );
        vm.prank(STRANGER);
        escrow.refund(lockId);
        vm.warp(terms.settleBy + 1);
        uint256 strangerBefore = eurc.balanceOf(STRANGER);
        uint256 payerBefore = eurc.balanceOf(PAYER);
        vm.prank(STRANGER);
        escrow.refund(lockId);
        assertEq(eurc.balanceOf(STRANGER), strangerBefore, "the stranger got nothing");
        assertEq(eurc.balanceOf(PAYER) - payerBefore, MAX, "the payer got it all");
    }

    /* HELPERS */

    /// @dev The router's EIP-712 struct hash of a quote (its type string, written out here).
    function _structHash(Quote memory q) internal pure returns (bytes32) {
        bytes memory head = abi.encode(
            keccak256(
                "Quote(bytes32 accessId,address buyer,address payer,address token,uint256 amount,uint64 deadline,"
                "uint64 accessExpiry,uint256[] usage,bytes32 jobHash,bytes32 permitId,uint64 permitExpiry,"
                "bytes32 renews)"
            ),
            q.accessId,
            q.buyer,
            q.payer,
            q.token,
            q.amount,
            q.deadline,
            q.accessExpiry
        );
        return
            keccak256(
                bytes.concat(
                    head,
                    abi.encode(keccak256(abi.encodePacked(q.usage)), q.jobHash, q.permitId, q.permitExpiry, q.renews)
                )
            );
    }
}
