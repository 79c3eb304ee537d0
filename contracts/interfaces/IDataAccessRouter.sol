// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IHospitalRegistry} from "./IHospitalRegistry.sol";
import {IPayeeWithdrawals, Payee} from "./IPayeeWithdrawals.sol";

/// @notice The life of an access record.
enum AccessStatus {
    None,
    Active,
    Revoked
}

/// @notice A purchase quote, signed by the attestor (EIP-712, domain "Galeon DataAccessRouter",
/// version "1", chain id, router address). Type string:
/// `Quote(bytes32 accessId,address buyer,address payer,address token,uint256 amount,uint64 deadline,`
/// `uint64 accessExpiry,uint256[] usage,bytes32 jobHash,bytes32 permitId,uint64 permitExpiry,bytes32 renews)`.
/// @param accessId Single-use id of the access being bought.
/// @param buyer Who gets the access record.
/// @param payer Who may pay besides the buyer; zero: only the buyer may pay.
/// @param token The payment token (allowlisted).
/// @param amount The price, in the token's base units.
/// @param deadline Last second (unix) at which the quote can be used.
/// @param accessExpiry When the access ends (unix seconds); after `block.timestamp`, at most `permitExpiry`.
/// @param usage One packed word per hospital: `(uint256(hospitalId) << 224) | units`, hospital ids
/// strictly increasing, units (low 224 bits) above zero, 1 to `MAX_USAGE_LENGTH` entries.
/// @param jobHash Hash of the job, its data permit and its purpose.
/// @param permitId The data permit's id (a hash of the health data access body's permit number, EHDS);
/// never zero.
/// @param permitExpiry When the data permit ends (unix seconds): an access never outlives its permit.
/// @param renews The access id this quote extends (same buyer, active or expired but not revoked, ending
/// before `accessExpiry`); zero for a new access. The quote still buys its own, single-use `accessId`.
// The field order is the EIP-712 type's (issue 14's fields appended), not a storage layout: a calldata struct.
// solhint-disable-next-line gas-struct-packing
struct Quote {
    bytes32 accessId;
    address buyer;
    address payer;
    address token;
    uint256 amount;
    uint64 deadline;
    uint64 accessExpiry;
    uint256[] usage;
    bytes32 jobHash;
    bytes32 permitId;
    uint64 permitExpiry;
    bytes32 renews;
}

/// @title IDataAccessRouter
/// @notice Sells one use of health data against an attestor-signed quote and splits the payment at
/// once, exactly, into internal balances: hospitals (pro rata to the units they contributed),
/// treasury, buy-back, Galeon. Everyone withdraws by pull; withdrawals pay registered addresses only
/// and are never paused.
/// @dev It is also the hospital registry (`IHospitalRegistry`): hospitals' state lives in the router's
/// storage so purchases and claims need no call to another contract. Split rounding: see `SplitLib`.
/// The admin is the owner (the DAO timelock after deployment); the guardian may only pause purchases.
interface IDataAccessRouter is IHospitalRegistry, IPayeeWithdrawals {
    /* ERRORS */

    /// @notice The quote's deadline has passed.
    /// @param deadline The quote's deadline.
    /// @param now_ The block timestamp.
    error DataAccessRouterQuoteExpired(uint64 deadline, uint256 now_);

    /// @notice The access would already be over.
    /// @param accessExpiry The quote's access expiry.
    /// @param now_ The block timestamp.
    error DataAccessRouterAccessExpiryPassed(uint64 accessExpiry, uint256 now_);

    /// @notice The access id was already used.
    /// @param accessId The id.
    error DataAccessRouterAccessIdUsed(bytes32 accessId);

    /// @notice The quote was not signed by the attestor for this chain and this router.
    /// @param recovered The address recovered from the signature (zero when malformed).
    /// @param attestor The current attestor.
    error DataAccessRouterInvalidSigner(address recovered, address attestor);

    /// @notice The caller may not pay this quote.
    /// @param caller The caller.
    /// @param buyer The quote's buyer.
    /// @param payer The quote's payer (zero: only the buyer).
    error DataAccessRouterPayerNotAllowed(address caller, address buyer, address payer);

    /// @notice The price exceeds the caller's limit.
    /// @param amount The quote's amount.
    /// @param maxAmount The caller's limit.
    error DataAccessRouterAmountAboveMax(uint256 amount, uint256 maxAmount);

    /// @notice The price is zero.
    error DataAccessRouterZeroAmount();

    /// @notice The price exceeds `type(uint128).max`, the bound of every balance.
    /// @param amount The quote's amount.
    error DataAccessRouterAmountTooLarge(uint256 amount);

    /// @notice The amount is too small to split: a party with a non-zero share would be credited nothing.
    /// @dev Galeon's part is the remainder, at least its exact share, so it is never the one refused.
    /// @param part The part credited nothing, in the order of `Purchased.parts`: 0 hospitals, 1 treasury,
    /// 2 buy-back.
    /// @param amount The quote's amount.
    /// @param bps That part's share, in basis points (the part is `floor(amount * bps / 10,000)`).
    error DataAccessRouterPartTooSmall(uint8 part, uint256 amount, uint16 bps);

    /// @notice The amount is too small to split: a hospital of the usage vector would be credited nothing.
    /// @param hospitalId The first hospital of the usage vector credited nothing.
    /// @param units Its units.
    /// @param totalUnits The units of the whole usage vector.
    /// @param hospitalsPart The hospitals' part being divided.
    error DataAccessRouterHospitalCreditTooSmall(
        uint32 hospitalId,
        uint256 units,
        uint256 totalUnits,
        uint256 hospitalsPart
    );

    /// @notice The token is not allowlisted.
    /// @param token The token.
    error DataAccessRouterTokenNotAllowed(address token);

    /// @notice The usage vector is empty or longer than `MAX_USAGE_LENGTH`.
    /// @param length Its length.
    /// @param maxLength The bound.
    error DataAccessRouterUsageLength(uint256 length, uint256 maxLength);

    /// @notice Hospital ids must be strictly increasing (sorted, no duplicates).
    /// @param index The offending entry.
    /// @param previousId The id before it.
    /// @param hospitalId Its id.
    error DataAccessRouterUsageNotIncreasing(uint256 index, uint32 previousId, uint32 hospitalId);

    /// @notice An entry has zero units.
    /// @param index The offending entry.
    /// @param hospitalId Its id.
    error DataAccessRouterZeroUnits(uint256 index, uint32 hospitalId);

    /// @notice A named hospital is not registered.
    /// @param hospitalId The id.
    error DataAccessRouterUnknownHospital(uint32 hospitalId);

    /// @notice A named hospital is suspended.
    /// @param hospitalId The id.
    error DataAccessRouterHospitalSuspended(uint32 hospitalId);

    /// @notice With a permit, the allowance is still below the price.
    /// @param allowance The payer's allowance to the router.
    /// @param amount The price.
    error DataAccessRouterInsufficientAllowance(uint256 allowance, uint256 amount);

    /// @notice The router received a different amount than it pulled (fee-on-transfer token).
    /// @param expected The price.
    /// @param received The increase of the router's balance.
    error DataAccessRouterReceivedMismatch(uint256 expected, uint256 received);

    /// @notice An admin setter was given the zero address.
    error DataAccessRouterZeroAddress();

    /// @notice A payee address cannot be the router itself (a withdrawal would zero the credit and
    /// leave the tokens in the router, owned by nobody) or an allowlisted payment token (tokens sent to
    /// a token contract are lost).
    /// @param payee The payee.
    /// @param account The refused address.
    error DataAccessRouterInvalidPayee(Payee payee, address account);

    /// @notice A payee's address cannot be allowlisted as a payment token: that payee could no longer
    /// receive (see `DataAccessRouterInvalidPayee`).
    /// @param token The token to allow.
    /// @param payee The payee whose address it is.
    error DataAccessRouterTokenIsPayee(address token, Payee payee);

    /// @notice `recoverToken` named a token that is or once was a payment token: what the router holds
    /// of it may be owed to hospitals and payees, so nobody can take it out but by their claims.
    /// @param token The token.
    error DataAccessRouterTokenNotRecoverable(address token);

    /// @notice `recoverToken`'s transfer lowered the router's balance of a token that is or was a payment
    /// token: the token named is another address of the same ledger (a proxy and its legacy entry point).
    /// @param token The token named.
    /// @param paymentToken The payment token whose balance dropped.
    /// @param balanceBefore The router's balance of it before the transfer.
    /// @param balanceAfter Its balance after.
    error DataAccessRouterRecoveryLowersPaymentToken(
        address token,
        address paymentToken,
        uint256 balanceBefore,
        uint256 balanceAfter
    );

    /// @notice `recoverToken` asked for zero, or for more than the router holds of the token.
    /// @param token The token.
    /// @param amount The amount asked.
    /// @param balance What the router holds of it.
    error DataAccessRouterRecoverAmountInvalid(address token, uint256 amount, uint256 balance);

    /// @notice A split must sum to 10,000 basis points with hospitals at 4,000 or more.
    /// @param hospitalsBps Hospitals' share.
    /// @param treasuryBps Treasury's share.
    /// @param buybackBps Buy-back's share.
    /// @param galeonBps Galeon's share.
    error DataAccessRouterInvalidSplit(uint16 hospitalsBps, uint16 treasuryBps, uint16 buybackBps, uint16 galeonBps);

    /// @notice The caller may not revoke access (admin or attestor only).
    /// @param caller The caller.
    error DataAccessRouterNotRevoker(address caller);

    /// @notice Only an active access record can be revoked or renewed.
    /// @param accessId The id.
    /// @param status Its status.
    error DataAccessRouterAccessNotActive(bytes32 accessId, AccessStatus status);

    /// @notice The quote names no data permit.
    error DataAccessRouterZeroPermitId();

    /// @notice The access would outlive its data permit.
    /// @param accessExpiry The quote's access expiry.
    /// @param permitExpiry The quote's permit expiry.
    error DataAccessRouterAccessOutlivesPermit(uint64 accessExpiry, uint64 permitExpiry);

    /// @notice A renewal must be bought for the buyer of the access it renews.
    /// @param renews The renewed access id.
    /// @param buyer The quote's buyer.
    /// @param expected The renewed access's buyer.
    error DataAccessRouterRenewalBuyerMismatch(bytes32 renews, address buyer, address expected);

    /// @notice A renewal must end later than the access it renews.
    /// @param renews The renewed access id.
    /// @param accessExpiry The quote's access expiry.
    /// @param currentExpiry The renewed access's current expiry.
    error DataAccessRouterRenewalNotLater(bytes32 renews, uint64 accessExpiry, uint64 currentExpiry);

    /* EVENTS */

    /// @notice A quote was paid: everything needed to rebuild every balance from logs alone.
    /// @param accessId The access id.
    /// @param token The payment token.
    /// @param buyer The buyer.
    /// @param payer Who paid (`msg.sender`).
    /// @param amount The price.
    /// @param parts What was credited to the hospitals in total, the treasury, the buy-back and
    /// Galeon, in that order; they sum to `amount`.
    /// @param jobHash The quote's job hash.
    /// @param accessExpiry When the access ends.
    /// @param usage The quote's usage vector (`hospitalId << 224 | units`).
    /// @param credits The amount credited to each hospital of `usage`, in the same order; they sum
    /// to `parts[0]`.
    event Purchased(
        bytes32 indexed accessId,
        address indexed token,
        address indexed buyer,
        address payer,
        uint256 amount,
        uint256[4] parts,
        bytes32 jobHash,
        uint64 accessExpiry,
        uint256[] usage,
        uint256[] credits
    );

    /// @notice The data permit of an access, emitted right after its `Purchased` (which stays unchanged).
    /// @param accessId The access id.
    /// @param permitId The data permit's id.
    /// @param permitExpiry When the permit ends.
    event AccessPermit(bytes32 indexed accessId, bytes32 indexed permitId, uint64 permitExpiry);

    /// @notice A purchase renewed an access: the renewed record now ends at `newExpiry` and runs under the
    /// renewing quote's permit (its `AccessPermit`, emitted just before).
    /// @param renews The renewed access id.
    /// @param accessId The renewing purchase's own access id.
    /// @param newExpiry The renewed access's new expiry.
    event AccessRenewed(bytes32 indexed renews, bytes32 indexed accessId, uint64 newExpiry);

    /// @notice A hospital's balance of one token was paid to its payout address.
    /// @param hospitalId The hospital.
    /// @param token The token.
    /// @param payout The payout address.
    /// @param amount The amount paid.
    event HospitalClaimed(uint32 indexed hospitalId, address indexed token, address indexed payout, uint256 amount);

    /// @notice A payee's balance of one token was paid to its registered address.
    /// @param payee The payee.
    /// @param token The token.
    /// @param to The payee's address.
    /// @param amount The amount paid.
    event PayeeWithdrawn(Payee indexed payee, address indexed token, address indexed to, uint256 amount);

    /// @notice An access record was revoked.
    /// @param accessId The id.
    /// @param by The admin or attestor.
    event AccessRevoked(bytes32 indexed accessId, address indexed by);

    /// @notice A token was added to or removed from the allowlist.
    /// @param token The token.
    /// @param allowed Whether purchases may use it.
    event TokenAllowedSet(address indexed token, bool allowed);

    /// @notice The admin sent out a token that was never a payment token (sent to the router by mistake).
    /// @param token The token.
    /// @param to The recipient.
    /// @param amount The amount sent.
    event TokenRecovered(address indexed token, address indexed to, uint256 amount);

    /// @notice The attestor changed.
    /// @param previousAttestor The old attestor.
    /// @param newAttestor The new attestor.
    event AttestorSet(address indexed previousAttestor, address indexed newAttestor);

    /// @notice The split changed (basis points; sum 10,000).
    /// @param hospitalsBps Hospitals' share.
    /// @param treasuryBps Treasury's share.
    /// @param buybackBps Buy-back's share.
    /// @param galeonBps Galeon's share.
    event SplitSet(uint16 hospitalsBps, uint16 treasuryBps, uint16 buybackBps, uint16 galeonBps);

    /// @notice A payee's withdrawal address changed.
    /// @param payee The payee.
    /// @param previousAddress The old address.
    /// @param newAddress The new address.
    event PayeeAddressSet(Payee indexed payee, address indexed previousAddress, address indexed newAddress);

    /* PURCHASES */

    /// @notice Pays a quote by allowance; `msg.sender` is the payer. Records the access and credits
    /// every party. Refused while paused, and when the amount is too small for every party with a share
    /// and every hospital of the usage vector to be credited at least one base unit. A quote that
    /// `renews` an access also moves that access's expiry to `accessExpiry` and its permit to the quote's.
    /// @param quote The attestor-signed quote.
    /// @param signature The attestor's EIP-712 signature (65 bytes r, s, v).
    /// @param maxAmount The most the caller accepts to pay.
    function purchase(Quote calldata quote, bytes calldata signature, uint256 maxAmount) external;

    /// @notice As `purchase`, after an EIP-2612 permit of `quote.amount` to the router. A failed
    /// permit (e.g. front-run) is ignored; the allowance is then checked.
    /// @param quote The attestor-signed quote.
    /// @param signature The attestor's signature.
    /// @param maxAmount The most the caller accepts to pay.
    /// @param permitDeadline The permit's deadline.
    /// @param v The permit signature's v.
    /// @param r The permit signature's r.
    /// @param s The permit signature's s.
    function purchaseWithPermit(
        Quote calldata quote,
        bytes calldata signature,
        uint256 maxAmount,
        uint256 permitDeadline,
        uint8 v,
        bytes32 r,
        bytes32 s
    ) external;

    /* CLAIMS */

    /// @notice Pays a hospital's whole balance of each token to its registered payout address. Anyone
    /// may call; works for suspended hospitals; never paused.
    /// @param hospitalId The hospital (registered).
    /// @param tokens The tokens to claim; a token with nothing credited pays nothing.
    /// @return amounts The amount paid per token.
    function claimHospital(uint32 hospitalId, address[] calldata tokens) external returns (uint256[] memory amounts);

    /* ADMIN AND ATTESTOR FUNCTIONS */

    /// @notice Revokes an active access record. Admin or attestor.
    /// @param accessId The id.
    function revokeAccess(bytes32 accessId) external;

    /// @notice Adds or removes a payment token. Admin only. Balances already credited stay claimable.
    /// @dev Allowing refuses a payee's address. It does not look for hospital payouts (the registry keeps
    /// no index from address to hospital): `register` and `setPayout` refuse allowlisted tokens, which
    /// catches the pasted token address; a payout that already is some token contract cannot move what
    /// it receives whether or not the router allowlists that token.
    /// @param token The token; not zero, not a payee's address when allowing.
    /// @param allowed Whether purchases may use it.
    function setTokenAllowed(address token, bool allowed) external;

    /// @notice Sends out a token that was never a payment token of the router (sent to it by mistake,
    /// credited to nobody). Admin only. A token that is or once was allowlisted is refused: what the
    /// router holds of it may be owed. Claims and withdrawals do not depend on it.
    /// @dev The router measures its balance of every token ever allowlisted before and after the transfer
    /// and reverts when one dropped (`DataAccessRouterRecoveryLowersPaymentToken`): a payment token
    /// reachable at a second address cannot be taken through it. The cost grows with the number of tokens
    /// ever allowlisted (two `balanceOf` calls each); purchases and claims do not pay it.
    /// @param token The token; never allowlisted, not zero.
    /// @param to The recipient; not zero.
    /// @param amount The amount; `type(uint256).max` for the whole balance (what a proposal voted days
    /// before its execution should ask for).
    /// @return recovered The amount sent.
    function recoverToken(address token, address to, uint256 amount) external returns (uint256 recovered);

    /// @notice Rotates the attestor. Admin only.
    /// @param newAttestor The new attestor; not zero.
    function setAttestor(address newAttestor) external;

    /// @notice Changes the split for future purchases. Admin only.
    /// @param hospitalsBps Hospitals' share (>= 4,000).
    /// @param treasuryBps Treasury's share.
    /// @param buybackBps Buy-back's share.
    /// @param galeonBps Galeon's share.
    function setSplit(uint16 hospitalsBps, uint16 treasuryBps, uint16 buybackBps, uint16 galeonBps) external;

    /// @notice Changes where a payee's withdrawals go. Admin only.
    /// @param payee The payee.
    /// @param newAddress The new address; not zero, not the router, not an allowlisted payment token.
    function setPayeeAddress(Payee payee, address newAddress) external;

    /* VIEWS */

    /// @notice The most entries a usage vector may have.
    /// @return The bound (256).
    function MAX_USAGE_LENGTH() external view returns (uint256);

    /// @notice The least share hospitals can have, in basis points.
    /// @return The bound (4,000).
    function MIN_HOSPITALS_BPS() external view returns (uint16);

    /// @notice The EIP-712 digest the attestor signs for `quote`.
    /// @param quote The quote.
    /// @return The digest.
    function quoteDigest(Quote calldata quote) external view returns (bytes32);

    /// @notice Whether an access is active and not expired.
    /// @param accessId The id.
    /// @return True when valid now.
    function isAccessValid(bytes32 accessId) external view returns (bool);

    /// @notice An access record.
    /// @dev Expiries are stored in 40 bits: one beyond 2^40 - 1 (year 36,812) reads as 2^40 - 1.
    /// @param accessId The id.
    /// @return buyer The buyer (zero: never sold).
    /// @return expiry When it ends (a renewal moves it later).
    /// @return status Its status.
    /// @return permitId The data permit it runs under (a renewal's, once renewed).
    /// @return permitExpiry When that permit ends.
    function accessRecord(
        bytes32 accessId
    ) external view returns (address buyer, uint64 expiry, AccessStatus status, bytes32 permitId, uint64 permitExpiry);

    /// @notice A hospital's claimable balance of a token.
    /// @param hospitalId The hospital.
    /// @param token The token.
    /// @return The balance, in base units.
    function hospitalBalance(uint32 hospitalId, address token) external view returns (uint256);

    /// @notice Whether purchases may use a token.
    /// @param token The token.
    /// @return True when allowlisted.
    function isTokenAllowed(address token) external view returns (bool);

    /// @notice The attestor.
    /// @return The attestor's address.
    function attestor() external view returns (address);

    /// @notice The split, in basis points.
    /// @return hospitalsBps Hospitals' share.
    /// @return treasuryBps Treasury's share.
    /// @return buybackBps Buy-back's share.
    /// @return galeonBps Galeon's share.
    function split()
        external
        view
        returns (uint16 hospitalsBps, uint16 treasuryBps, uint16 buybackBps, uint16 galeonBps);
}
