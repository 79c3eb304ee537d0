// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

// Deadlines and maxima are inclusive by specification, so non-strict comparisons state the rule exactly.
// solhint-disable gas-strict-inequalities

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Permit.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {ECDSA} from "@openzeppelin/contracts/utils/cryptography/ECDSA.sol";
import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";
import {SignatureChecker} from "@openzeppelin/contracts/utils/cryptography/SignatureChecker.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";

import {GuardianPausable} from "../access/GuardianPausable.sol";
import {IDataAccessRouter, Quote} from "../interfaces/IDataAccessRouter.sol";
import {IJobEscrow, Lock, LockField, LockStatus, LockTerms} from "../interfaces/IJobEscrow.sol";

/// @title JobEscrow
/// @notice Escrowed data jobs, settled through the router on measured usage, refunded when they fail.
/// @dev Why a contract of its own, settling through the router as the quote's payer: the router keeps one
/// split, one rounding, one set of dust refusals and one access-id namespace for both paths, and grows by
/// no settlement logic (its code-size room is small); the escrow holds only open locks, which nobody can
/// redirect. A lock is four slots; the running total of what is owed per token (`committed`) bounds
/// `recoverToken`.
contract JobEscrow is IJobEscrow, GuardianPausable, ReentrancyGuardTransient, EIP712 {
    using SafeERC20 for IERC20;

    /* CONSTANTS */

    /// @inheritdoc IJobEscrow
    uint64 public constant MAX_LOCK_DURATION = 365 days;

    /// @dev The EIP-712 type hash of a buyer's approval of a settlement above the auto-settle limit.
    // solhint-disable-next-line gas-small-strings
    bytes32 private constant SETTLEMENT_APPROVAL_TYPEHASH = keccak256(
        "SettlementApproval(bytes32 lockId,bytes32 quoteDigest)"
    );

    /// @inheritdoc IJobEscrow
    IDataAccessRouter public immutable ROUTER;

    /* STORAGE */

    mapping(bytes32 lockId => Lock) private _locks;

    mapping(address token => uint256) private _committed;

    mapping(address payer => mapping(address token => uint256)) private _owed;

    /// @param initialAdmin The owner (the DAO timelock after deployment).
    /// @param initialGuardian The guardian, who may pause new locks (zero: none).
    /// @param guardianExpiry When the guardian's mandate ends.
    /// @param router The router settlements are paid through.
    constructor(
        address initialAdmin,
        address initialGuardian,
        uint64 guardianExpiry,
        IDataAccessRouter router
    ) GuardianPausable(initialAdmin, initialGuardian, guardianExpiry) EIP712("Galeon JobEscrow", "1") {
        require(address(router) != address(0), JobEscrowZeroAddress());
        ROUTER = router;
    }

    /* LOCKS */

    /// @inheritdoc IJobEscrow
    function fund(LockTerms calldata terms) external nonReentrant whenNotPaused returns (bytes32 lockId) {
        return _fund(terms);
    }

    /// @inheritdoc IJobEscrow
    function fundWithPermit(
        LockTerms calldata terms,
        uint256 permitDeadline,
        uint8 v,
        bytes32 r,
        bytes32 s
    ) external nonReentrant whenNotPaused returns (bytes32 lockId) {
        address token = terms.token;
        // Never call a token the router does not allowlist.
        require(ROUTER.isTokenAllowed(token), JobEscrowTokenNotAllowed(token));
        // A front-run permit makes this one fail; the allowance it set is what counts.
        // solhint-disable no-empty-blocks
        try IERC20Permit(token).permit(msg.sender, address(this), terms.maxAmount, permitDeadline, v, r, s) {
            // Permit accepted.
        } catch {
            // Ignored: checked through the allowance below.
        }
        // solhint-enable no-empty-blocks
        uint256 allowance = IERC20(token).allowance(msg.sender, address(this));
        require(allowance >= terms.maxAmount, JobEscrowInsufficientAllowance(allowance, terms.maxAmount));
        return _fund(terms);
    }

    /// @inheritdoc IJobEscrow
    function settle(
        Quote calldata quote,
        bytes calldata signature,
        bytes calldata buyerSignature
    ) external nonReentrant {
        bytes32 lockId = quote.accessId;
        Lock storage stored = _locks[lockId];
        Lock memory lock = stored;
        require(lock.status == LockStatus.Open, JobEscrowLockNotOpen(lockId, lock.status));
        require(block.timestamp <= lock.settleBy, JobEscrowSettlementTooLate(lockId, lock.settleBy, block.timestamp));
        _checkQuoteMatchesLock(lockId, lock, quote);
        uint256 amount = quote.amount;
        require(amount <= lock.maxAmount, JobEscrowAmountAboveLock(lockId, amount, lock.maxAmount));
        if (amount > lock.autoSettleLimit) _checkBuyerApproval(lockId, lock, quote, buyerSignature);
        // A paid settlement's signature is the router's to check; nothing is paid at zero, so the escrow does.
        if (amount == 0) _checkZeroSettlement(quote, signature);

        stored.status = LockStatus.Settled;
        // `committed` includes this open lock: no underflow.
        unchecked {
            _committed[lock.token] -= lock.maxAmount;
        }
        uint256 refunded = lock.maxAmount - amount;
        emit LockSettled(lockId, lock.payer, lock.token, amount, refunded, msg.sender);

        if (amount != 0) {
            IERC20 token = IERC20(lock.token);
            // The allowance bounds what the router can pull to exactly `amount`.
            token.forceApprove(address(ROUTER), amount);
            ROUTER.purchase(quote, signature, amount);
            if (token.allowance(address(this), address(ROUTER)) != 0) token.forceApprove(address(ROUTER), 0);
        }
        if (refunded != 0) _pay(lock.payer, lock.token, refunded);
    }

    /// @inheritdoc IJobEscrow
    function refund(bytes32 lockId) external nonReentrant {
        Lock storage stored = _locks[lockId];
        LockStatus status = stored.status;
        require(status == LockStatus.Open, JobEscrowLockNotOpen(lockId, status));
        uint64 settleBy = stored.settleBy;
        require(block.timestamp > settleBy, JobEscrowRefundTooEarly(lockId, settleBy, block.timestamp));
        stored.status = LockStatus.Refunded;
        address payer = stored.payer;
        address token = stored.token;
        uint256 amount = stored.maxAmount;
        // `committed` includes this open lock: no underflow.
        unchecked {
            _committed[token] -= amount;
        }
        emit LockRefunded(lockId, payer, token, amount, msg.sender);
        _pay(payer, token, amount);
    }

    /// @inheritdoc IJobEscrow
    function withdrawRefund(address token, address to) external nonReentrant returns (uint256 amount) {
        require(to != address(0), JobEscrowZeroAddress());
        amount = _owed[msg.sender][token];
        require(amount != 0, JobEscrowNothingToWithdraw(msg.sender, token));
        _owed[msg.sender][token] = 0;
        // `committed` includes every deferred refund: no underflow.
        unchecked {
            _committed[token] -= amount;
        }
        emit RefundWithdrawn(msg.sender, token, to, amount);
        IERC20(token).safeTransfer(to, amount);
    }

    /* OWNER */

    /// @inheritdoc IJobEscrow
    function recoverToken(address token, address to, uint256 amount) external onlyOwner nonReentrant returns (uint256) {
        require(token != address(0) && to != address(0), JobEscrowZeroAddress());
        uint256 balance = IERC20(token).balanceOf(address(this));
        uint256 owed = _committed[token];
        uint256 recoverable = balance > owed ? balance - owed : 0;
        if (amount == type(uint256).max) amount = recoverable;
        require(amount != 0 && amount <= recoverable, JobEscrowRecoverAmountInvalid(token, amount, recoverable));
        emit TokenRecovered(token, to, amount);
        IERC20(token).safeTransfer(to, amount);
        return amount;
    }

    /* VIEWS */

    /// @inheritdoc IJobEscrow
    function lockIdOf(address payer, address buyer, bytes32 jobHash, bytes32 salt) public view returns (bytes32) {
        return keccak256(abi.encode(address(this), payer, buyer, jobHash, salt));
    }

    /// @inheritdoc IJobEscrow
    function lockOf(bytes32 lockId) external view returns (Lock memory) {
        return _locks[lockId];
    }

    /// @inheritdoc IJobEscrow
    function committed(address token) external view returns (uint256) {
        return _committed[token];
    }

    /// @inheritdoc IJobEscrow
    function refundOwed(address payer, address token) external view returns (uint256) {
        return _owed[payer][token];
    }

    /// @inheritdoc IJobEscrow
    function settlementApprovalDigest(bytes32 lockId, bytes32 quoteDigest) public view returns (bytes32) {
        return _hashTypedDataV4(keccak256(abi.encode(SETTLEMENT_APPROVAL_TYPEHASH, lockId, quoteDigest)));
    }

    /* INTERNAL */

    /// @dev Checks the terms, records the lock, then pulls the maximum and checks what arrived (the whole
    /// call reverts on a mismatch).
    function _fund(LockTerms calldata terms) private returns (bytes32 lockId) {
        address token = terms.token;
        require(ROUTER.isTokenAllowed(token), JobEscrowTokenNotAllowed(token));
        require(terms.buyer != address(0), JobEscrowZeroBuyer());
        uint256 maxAmount = terms.maxAmount;
        require(maxAmount != 0, JobEscrowZeroAmount());
        require(terms.autoSettleLimit <= maxAmount, JobEscrowAutoSettleLimitAboveMax(terms.autoSettleLimit, maxAmount));
        uint256 latest = block.timestamp + MAX_LOCK_DURATION;
        require(
            terms.settleBy > block.timestamp && terms.settleBy <= latest,
            JobEscrowSettleByOutOfRange(terms.settleBy, block.timestamp, latest)
        );
        lockId = lockIdOf(msg.sender, terms.buyer, terms.jobHash, terms.salt);
        Lock storage stored = _locks[lockId];
        require(stored.status == LockStatus.None, JobEscrowLockExists(lockId));

        _locks[lockId] = Lock({
            payer: msg.sender,
            settleBy: terms.settleBy,
            status: LockStatus.Open,
            buyer: terms.buyer,
            autoSettleLimit: terms.autoSettleLimit,
            token: token,
            maxAmount: terms.maxAmount,
            jobHash: terms.jobHash
        });
        _committed[token] += maxAmount;
        emit LockFunded(
            lockId,
            msg.sender,
            terms.buyer,
            token,
            maxAmount,
            terms.autoSettleLimit,
            terms.settleBy,
            terms.jobHash,
            terms.salt
        );

        uint256 balanceBefore = IERC20(token).balanceOf(address(this));
        IERC20(token).safeTransferFrom(msg.sender, address(this), maxAmount);
        uint256 received = IERC20(token).balanceOf(address(this)) - balanceBefore;
        require(received == maxAmount, JobEscrowReceivedMismatch(maxAmount, received));
    }

    /// @dev The quote pays for this lock: this escrow pays, for the lock's buyer, in its token, for its job.
    function _checkQuoteMatchesLock(bytes32 lockId, Lock memory lock, Quote calldata quote) private view {
        require(quote.payer == address(this), JobEscrowQuoteMismatch(lockId, LockField.Payer));
        require(quote.buyer == lock.buyer, JobEscrowQuoteMismatch(lockId, LockField.Buyer));
        require(quote.token == lock.token, JobEscrowQuoteMismatch(lockId, LockField.Token));
        require(quote.jobHash == lock.jobHash, JobEscrowQuoteMismatch(lockId, LockField.JobHash));
    }

    /// @dev The buyer (an EOA, or a contract through ERC-1271) approved this very quote for this lock.
    function _checkBuyerApproval(
        bytes32 lockId,
        Lock memory lock,
        Quote calldata quote,
        bytes calldata buyerSignature
    ) private view {
        bytes32 digest = settlementApprovalDigest(lockId, ROUTER.quoteDigest(quote));
        require(
            SignatureChecker.isValidSignatureNowCalldata(lock.buyer, digest, buyerSignature),
            JobEscrowBuyerApprovalMissing(lockId, quote.amount, lock.autoSettleLimit)
        );
    }

    /// @dev A zero settlement is a router quote of amount zero signed by the router's attestor, within its
    /// deadline (the router itself refuses a zero amount, so such a quote can only settle a lock at zero).
    function _checkZeroSettlement(Quote calldata quote, bytes calldata signature) private view {
        require(block.timestamp <= quote.deadline, JobEscrowQuoteExpired(quote.deadline, block.timestamp));
        address attestor = ROUTER.attestor();
        (address recovered, ECDSA.RecoverError error, ) = ECDSA.tryRecoverCalldata(
            ROUTER.quoteDigest(quote),
            signature
        );
        if (error != ECDSA.RecoverError.NoError) recovered = address(0);
        require(recovered == attestor, JobEscrowInvalidSigner(recovered, attestor));
    }

    /// @dev Sends `amount` back to `payer`; if the token refuses (a blocklisted payer), keeps it for the
    /// payer to withdraw elsewhere, so a payer's transfer can block neither a settlement nor a refund.
    /// Runs last, under the reentrancy guard.
    function _pay(address payer, address token, uint256 amount) private {
        if (IERC20(token).trySafeTransfer(payer, amount)) return;
        _owed[payer][token] += amount;
        _committed[token] += amount;
        emit RefundDeferred(payer, token, amount);
    }
}
