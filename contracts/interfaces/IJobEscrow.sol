// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IDataAccessRouter, Quote} from "./IDataAccessRouter.sol";

/// @notice The life of a lock: funded (open), then settled or refunded, once.
enum LockStatus {
    None,
    Open,
    Settled,
    Refunded
}

/// @notice A quote field a settlement must share with its lock (see `JobEscrowQuoteMismatch`).
enum LockField {
    Payer,
    Buyer,
    Token,
    JobHash
}

/// @notice What a payer locks for one job (the argument of `fund`).
/// @param buyer Who gets the access record when the job is settled; not zero.
/// @param token The payment token (allowlisted by the router).
/// @param maxAmount The most the job may cost, in the token's base units; above zero.
/// @param autoSettleLimit Up to this amount a settlement needs only the attestor's signature; above it,
/// also the buyer's (`SettlementApproval`). At most `maxAmount`; `maxAmount` trusts the attestor up to the
/// cap, zero makes every paid settlement need the buyer.
/// @param settleBy The last second (unix) at which the job can be settled; after it, anyone can refund it.
/// Later than now, at most `MAX_LOCK_DURATION` from now.
/// @param jobHash The job's hash (job, data permit, purpose), as the settling quote will carry it.
/// @param salt Any value the payer chooses, to fund the same job for the same buyer more than once.
struct LockTerms {
    address buyer;
    address token;
    uint96 maxAmount;
    uint96 autoSettleLimit;
    uint64 settleBy;
    bytes32 jobHash;
    bytes32 salt;
}

/// @notice A lock as stored: four slots.
/// @param payer Who funded it, and gets back what is not paid.
/// @param settleBy The settlement deadline (unix seconds).
/// @param status Open, settled or refunded.
/// @param buyer The job's buyer.
/// @param autoSettleLimit See `LockTerms`.
/// @param token The payment token.
/// @param maxAmount The amount locked.
/// @param jobHash The job's hash.
struct Lock {
    address payer;
    uint64 settleBy;
    LockStatus status;
    address buyer;
    uint96 autoSettleLimit;
    address token;
    uint96 maxAmount;
    bytes32 jobHash;
}

/// @title IJobEscrow
/// @notice Metered data jobs: a payer locks at most a maximum for one job until a settle-by deadline;
/// after the job the attestor signs the measured usage and the amount due as a router quote whose payer
/// is this escrow and whose access id is the lock id; anyone submits it, the escrow pays exactly that
/// amount through `DataAccessRouter.purchase` (so the split, the dust refusals, the access record and the
/// single use of the id are the router's own) and returns the rest to the payer in the same transaction.
/// A lock not settled by its deadline goes back whole to the payer, at anyone's call.
/// @dev Nobody, the owner included, can move a locked amount anywhere but into the router's split or back
/// to its payer: the owner can only recover tokens the escrow holds beyond every open lock and deferred
/// refund, and the guardian can only pause new locks (settlements, refunds and withdrawals never pause).
/// A refund the token refuses to deliver to the payer (a blocklisted payer) does not block a settlement or a
/// refund: it is kept for the payer, who withdraws it to an address of its choice (`withdrawRefund`).
interface IJobEscrow {
    /* ERRORS */

    /// @notice The router does not allowlist this token.
    /// @param token The token.
    error JobEscrowTokenNotAllowed(address token);

    /// @notice The buyer is the zero address.
    error JobEscrowZeroBuyer();

    /// @notice The maximum is zero.
    error JobEscrowZeroAmount();

    /// @notice The auto-settle limit exceeds the maximum.
    /// @param autoSettleLimit The limit.
    /// @param maxAmount The maximum.
    error JobEscrowAutoSettleLimitAboveMax(uint256 autoSettleLimit, uint256 maxAmount);

    /// @notice The settle-by deadline is not in the future, or too far in it.
    /// @param settleBy The deadline.
    /// @param now_ The block timestamp.
    /// @param latest The latest deadline allowed now (`now_ + MAX_LOCK_DURATION`).
    error JobEscrowSettleByOutOfRange(uint64 settleBy, uint256 now_, uint256 latest);

    /// @notice This payer already funded this lock id (same buyer, job and salt).
    /// @param lockId The id.
    error JobEscrowLockExists(bytes32 lockId);

    /// @notice The escrow received a different amount than it pulled (fee-on-transfer token).
    /// @param expected The maximum.
    /// @param received The increase of the escrow's balance.
    error JobEscrowReceivedMismatch(uint256 expected, uint256 received);

    /// @notice With a permit, the allowance is still below the maximum.
    /// @param allowance The payer's allowance to the escrow.
    /// @param amount The maximum.
    error JobEscrowInsufficientAllowance(uint256 allowance, uint256 amount);

    /// @notice The lock is not open (never funded, settled or refunded).
    /// @param lockId The id.
    /// @param status Its status.
    error JobEscrowLockNotOpen(bytes32 lockId, LockStatus status);

    /// @notice The settle-by deadline has passed: the lock can only be refunded.
    /// @param lockId The id.
    /// @param settleBy The deadline.
    /// @param now_ The block timestamp.
    error JobEscrowSettlementTooLate(bytes32 lockId, uint64 settleBy, uint256 now_);

    /// @notice The settle-by deadline has not passed: the lock cannot be refunded yet.
    /// @param lockId The id.
    /// @param settleBy The deadline.
    /// @param now_ The block timestamp.
    error JobEscrowRefundTooEarly(bytes32 lockId, uint64 settleBy, uint256 now_);

    /// @notice The settling quote differs from the lock (its payer must be this escrow; buyer, token and
    /// job hash the lock's).
    /// @param lockId The lock id (the quote's access id).
    /// @param field The first field that differs.
    error JobEscrowQuoteMismatch(bytes32 lockId, LockField field);

    /// @notice The settlement exceeds the lock.
    /// @param lockId The id.
    /// @param amount The quote's amount.
    /// @param maxAmount The lock's maximum.
    error JobEscrowAmountAboveLock(bytes32 lockId, uint256 amount, uint256 maxAmount);

    /// @notice Above the auto-settle limit, the buyer has not approved this settlement.
    /// @param lockId The id.
    /// @param amount The quote's amount.
    /// @param autoSettleLimit The lock's limit.
    error JobEscrowBuyerApprovalMissing(bytes32 lockId, uint256 amount, uint256 autoSettleLimit);

    /// @notice A zero settlement's quote was not signed by the router's attestor.
    /// @param recovered The address recovered (zero when malformed).
    /// @param attestor The router's attestor.
    error JobEscrowInvalidSigner(address recovered, address attestor);

    /// @notice A zero settlement's quote is past its deadline.
    /// @param deadline The quote's deadline.
    /// @param now_ The block timestamp.
    error JobEscrowQuoteExpired(uint64 deadline, uint256 now_);

    /// @notice Nothing is kept for this payer in this token.
    /// @param payer The payer.
    /// @param token The token.
    error JobEscrowNothingToWithdraw(address payer, address token);

    /// @notice An address argument is zero.
    error JobEscrowZeroAddress();

    /// @notice `recoverToken` asked for zero, or for more than the escrow holds beyond its open locks and
    /// deferred refunds.
    /// @param token The token.
    /// @param amount The amount asked.
    /// @param recoverable What it holds beyond them.
    error JobEscrowRecoverAmountInvalid(address token, uint256 amount, uint256 recoverable);

    /* EVENTS */

    /// @notice A lock was funded.
    /// @param lockId The lock id (the settling quote's access id).
    /// @param payer Who funded it.
    /// @param buyer The job's buyer.
    /// @param token The token.
    /// @param maxAmount The amount locked.
    /// @param autoSettleLimit The most a settlement may pay without the buyer's approval.
    /// @param settleBy The settlement deadline.
    /// @param jobHash The job's hash.
    /// @param salt The payer's salt.
    event LockFunded(
        bytes32 indexed lockId,
        address indexed payer,
        address indexed buyer,
        address token,
        uint256 maxAmount,
        uint256 autoSettleLimit,
        uint64 settleBy,
        bytes32 jobHash,
        bytes32 salt
    );

    /// @notice A lock was settled on measured usage: `amount` went into the router's split (its
    /// `Purchased` and `AccessPermit` events follow, with the lock id as access id and this escrow as payer;
    /// none when `amount` is zero), `refund` back to the payer.
    /// @param lockId The id.
    /// @param payer The payer.
    /// @param token The token.
    /// @param amount What was paid.
    /// @param refund What went back to the payer (`maxAmount - amount`).
    /// @param by Who submitted the settlement.
    event LockSettled(
        bytes32 indexed lockId,
        address indexed payer,
        address indexed token,
        uint256 amount,
        uint256 refund,
        address by
    );

    /// @notice A lock past its deadline went back whole to its payer.
    /// @param lockId The id.
    /// @param payer The payer.
    /// @param token The token.
    /// @param amount The amount returned.
    /// @param by Who called.
    event LockRefunded(
        bytes32 indexed lockId,
        address indexed payer,
        address indexed token,
        uint256 amount,
        address by
    );

    /// @notice The token refused to deliver a refund to the payer; it is kept for the payer to withdraw.
    /// @param payer The payer.
    /// @param token The token.
    /// @param amount The amount kept.
    event RefundDeferred(address indexed payer, address indexed token, uint256 amount);

    /// @notice A payer withdrew its deferred refunds of one token.
    /// @param payer The payer.
    /// @param token The token.
    /// @param to Where they were sent.
    /// @param amount The amount.
    event RefundWithdrawn(address indexed payer, address indexed token, address indexed to, uint256 amount);

    /// @notice The owner sent out tokens held beyond every open lock and deferred refund.
    /// @param token The token.
    /// @param to The recipient.
    /// @param amount The amount.
    event TokenRecovered(address indexed token, address indexed to, uint256 amount);

    /* LOCKS */

    /// @notice Locks `terms.maxAmount` of `terms.token`, pulled from `msg.sender` (the payer), for one job
    /// of `terms.buyer` until `terms.settleBy`. Refused while paused, for a token the router does not
    /// allowlist and for a fee-on-transfer token.
    /// @param terms The lock's terms.
    /// @return lockId `lockIdOf(msg.sender, terms.buyer, terms.jobHash, terms.salt)`.
    function fund(LockTerms calldata terms) external returns (bytes32 lockId);

    /// @notice As `fund`, after an EIP-2612 permit of `terms.maxAmount` to the escrow. A failed permit
    /// (e.g. front-run) is ignored; the allowance is then checked.
    /// @param terms The lock's terms.
    /// @param permitDeadline The permit's deadline.
    /// @param v The permit signature's v.
    /// @param r The permit signature's r.
    /// @param s The permit signature's s.
    /// @return lockId The lock id.
    function fundWithPermit(
        LockTerms calldata terms,
        uint256 permitDeadline,
        uint8 v,
        bytes32 r,
        bytes32 s
    ) external returns (bytes32 lockId);

    /// @notice Settles the lock `quote.accessId` on measured usage. Anyone may submit. The quote is the
    /// router's (signed by the router's attestor), with this escrow as payer, the lock's buyer, token and
    /// job hash, and an amount of at most the lock's maximum; above the lock's auto-settle limit the buyer's
    /// `SettlementApproval` of this very quote is needed too. A non-zero amount is paid through
    /// `DataAccessRouter.purchase` (every rule of a purchase applies); zero pays nothing (no access record):
    /// the escrow checks the attestor's signature and the quote's deadline itself. The rest goes back to
    /// the payer in the same transaction. Refused after the lock's deadline. Never paused by the escrow
    /// (a paused router refuses non-zero settlements until it unpauses).
    /// @param quote The attestor-signed router quote of the measured usage.
    /// @param signature The attestor's EIP-712 signature of `quote` (router domain).
    /// @param buyerSignature Above the auto-settle limit, the buyer's signature (EIP-712, escrow domain, or
    /// ERC-1271 for a contract buyer) of `SettlementApproval(lockId, quoteDigest)`; otherwise ignored.
    function settle(Quote calldata quote, bytes calldata signature, bytes calldata buyerSignature) external;

    /// @notice Returns a lock whole to its payer once its deadline has passed unsettled. Anyone may call;
    /// never paused.
    /// @param lockId The id.
    function refund(bytes32 lockId) external;

    /// @notice Sends the caller's deferred refunds of `token` to `to`.
    /// @param token The token.
    /// @param to The recipient; not zero.
    /// @return amount The amount sent.
    function withdrawRefund(address token, address to) external returns (uint256 amount);

    /* OWNER */

    /// @notice Sends out what the escrow holds of `token` beyond its open locks and deferred refunds (tokens
    /// sent to it by mistake). Owner only.
    /// @param token The token; not zero.
    /// @param to The recipient; not zero.
    /// @param amount The amount; `type(uint256).max` for everything recoverable.
    /// @return recovered The amount sent.
    function recoverToken(address token, address to, uint256 amount) external returns (uint256 recovered);

    /* VIEWS */

    /// @notice The router this escrow settles through.
    /// @return The router.
    function ROUTER() external view returns (IDataAccessRouter);

    /// @notice The longest a lock can stay open (from funding to its deadline), in seconds.
    /// @return The bound (365 days).
    function MAX_LOCK_DURATION() external view returns (uint64);

    /// @notice The id of a lock: bound to its payer, buyer, job and the payer's salt (and this escrow), so
    /// nobody can fund, and squat, another payer's lock id.
    /// @param payer The payer.
    /// @param buyer The buyer.
    /// @param jobHash The job's hash.
    /// @param salt The payer's salt.
    /// @return The lock id.
    function lockIdOf(address payer, address buyer, bytes32 jobHash, bytes32 salt) external view returns (bytes32);

    /// @notice A lock.
    /// @param lockId The id.
    /// @return The lock (status `None`: never funded).
    function lockOf(bytes32 lockId) external view returns (Lock memory);

    /// @notice What the escrow owes in a token: every open lock plus every deferred refund. It holds at
    /// least that much.
    /// @param token The token.
    /// @return The amount, in base units.
    function committed(address token) external view returns (uint256);

    /// @notice A payer's deferred refunds of a token.
    /// @param payer The payer.
    /// @param token The token.
    /// @return The amount.
    function refundOwed(address payer, address token) external view returns (uint256);

    /// @notice The EIP-712 digest (escrow domain "Galeon JobEscrow", version "1") a buyer signs to approve a
    /// settlement above the auto-settle limit: `SettlementApproval(bytes32 lockId,bytes32 quoteDigest)`,
    /// with `quoteDigest` the router's `quoteDigest(quote)`.
    /// @param lockId The lock id.
    /// @param quoteDigest The router's digest of the settling quote.
    /// @return The digest.
    function settlementApprovalDigest(bytes32 lockId, bytes32 quoteDigest) external view returns (bytes32);
}
