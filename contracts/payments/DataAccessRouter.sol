// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

// Bounds in this contract are inclusive by specification (a deadline, a maximum amount, a maximum
// length), so non-strict comparisons are the exact statement of the rule.
// solhint-disable gas-strict-inequalities

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Permit.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {ECDSA} from "@openzeppelin/contracts/utils/cryptography/ECDSA.sol";
import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";

import {GuardianPausable} from "../access/GuardianPausable.sol";
import {AccessStatus, IDataAccessRouter, Quote} from "../interfaces/IDataAccessRouter.sol";
import {HospitalStatus} from "../interfaces/IHospitalRegistry.sol";
import {IPayeeWithdrawals, Payee} from "../interfaces/IPayeeWithdrawals.sol";
import {SplitLib} from "../libraries/SplitLib.sol";
import {HospitalRegistry} from "./HospitalRegistry.sol";

/// @title DataAccessRouter
/// @notice Attested data-access purchases, split exactly into pull-payment balances.
/// @dev Gas layout: the attestor and the split share one slot; a token's allowlist flag shares a slot
/// with Galeon's balance of it, and the treasury's and buy-back's balances share another; two
/// hospitals (ids `2p` and `2p + 1`) share one balance slot per token. Every balance is a `uint128`.
contract DataAccessRouter is IDataAccessRouter, GuardianPausable, HospitalRegistry, ReentrancyGuardTransient, EIP712 {
    using SafeERC20 for IERC20;

    /* CONSTANTS */

    /// @inheritdoc IDataAccessRouter
    uint256 public constant MAX_USAGE_LENGTH = 256;

    /// @inheritdoc IDataAccessRouter
    uint16 public constant MIN_HOSPITALS_BPS = 4_000;

    /// @dev The EIP-712 type hash of `Quote` (computed at compile time).
    // solhint-disable-next-line gas-small-strings
    bytes32 private constant QUOTE_TYPEHASH = keccak256(
        "Quote(bytes32 accessId,address buyer,address payer,address token,uint256 amount,uint64 deadline,"
        "uint64 accessExpiry,uint256[] usage,bytes32 jobHash,bytes32 permitId,uint64 permitExpiry,bytes32 renews)"
    );

    /// @dev Units are the low 224 bits of a usage entry; the hospital id is the high 32.
    uint256 private constant UNITS_MASK = type(uint224).max;

    uint256 private constant HALF_MASK = type(uint128).max;

    uint64 private constant MAX_STORED_EXPIRY = type(uint40).max;

    /* STORAGE */

    struct Config {
        address attestor;
        uint16 hospitalsBps;
        uint16 treasuryBps;
        uint16 buybackBps;
        uint16 galeonBps;
    }

    struct TokenState {
        bool allowed;
        uint128 galeonBalance;
        /// @dev Set the first time the token is allowlisted, never cleared: credits may exist in it.
        bool everAllowed;
    }

    struct PayeeBalances {
        uint128 treasury;
        uint128 buyback;
    }

    /// @dev Two slots per access: buyer (20 bytes), expiry (5), permit expiry (5), status (1); permit id.
    /// Expiries saturate at 2^40 - 1 (year 36,812): a second slot for them would cost 22,100 gas a purchase.
    struct AccessRecord {
        address buyer;
        uint40 expiry;
        uint40 permitExpiry;
        AccessStatus status;
        bytes32 permitId;
    }

    Config private _config;

    mapping(address token => TokenState) private _tokens;

    mapping(address token => PayeeBalances) private _payeeBalances;

    /// @dev Hospital `id`'s balance is bits `128 * (id & 1)` to `128 * (id & 1) + 127` of slot `id >> 1`.
    mapping(address token => mapping(uint256 pair => uint256 packed)) private _hospitalBalances;

    mapping(bytes32 accessId => AccessRecord) private _access;

    mapping(Payee payee => address) private _payeeAddresses;

    /// @dev Every token ever allowlisted, in the order of its first allowlisting: `recoverToken` checks
    /// that the router's balance of none of them drops (a token may be reachable at a second address).
    address[] private _paymentTokens;

    /// @param initialAdmin The admin (owner; the DAO timelock after deployment).
    /// @param initialGuardian The guardian (zero: none).
    /// @param guardianExpiry When the guardian's mandate ends.
    /// @param initialAttestor The quote signer.
    /// @param payees The treasury, buy-back and Galeon addresses, in `Payee` order.
    /// @param allowedTokens The initial payment tokens.
    constructor(
        address initialAdmin,
        address initialGuardian,
        uint64 guardianExpiry,
        address initialAttestor,
        address[3] memory payees,
        address[] memory allowedTokens
    ) GuardianPausable(initialAdmin, initialGuardian, guardianExpiry) EIP712("Galeon DataAccessRouter", "1") {
        _setAttestor(initialAttestor);
        _setSplit(4_000, 3_000, 2_000, 1_000);
        _setPayeeAddress(Payee.Treasury, payees[0]);
        _setPayeeAddress(Payee.Buyback, payees[1]);
        _setPayeeAddress(Payee.Galeon, payees[2]);
        for (uint256 i; i < allowedTokens.length; ++i) _setTokenAllowed(allowedTokens[i], true);
    }

    /* PURCHASES */

    /// @inheritdoc IDataAccessRouter
    function purchase(
        Quote calldata quote,
        bytes calldata signature,
        uint256 maxAmount
    ) external nonReentrant whenNotPaused {
        _purchase(quote, signature, maxAmount);
    }

    /// @inheritdoc IDataAccessRouter
    function purchaseWithPermit(
        Quote calldata quote,
        bytes calldata signature,
        uint256 maxAmount,
        uint256 permitDeadline,
        uint8 v,
        bytes32 r,
        bytes32 s
    ) external nonReentrant whenNotPaused {
        address token = quote.token;
        // Never call a token that is not allowlisted.
        require(_tokens[token].allowed, DataAccessRouterTokenNotAllowed(token));
        // A front-run permit makes this one fail; the allowance it set is what counts.
        // solhint-disable no-empty-blocks
        try IERC20Permit(token).permit(msg.sender, address(this), quote.amount, permitDeadline, v, r, s) {
            // Permit accepted.
        } catch {
            // Ignored: checked through the allowance below.
        }
        // solhint-enable no-empty-blocks
        uint256 allowance = IERC20(token).allowance(msg.sender, address(this));
        require(allowance >= quote.amount, DataAccessRouterInsufficientAllowance(allowance, quote.amount));
        _purchase(quote, signature, maxAmount);
    }

    /* CLAIMS AND WITHDRAWALS (never paused) */

    /// @inheritdoc IDataAccessRouter
    function claimHospital(
        uint32 hospitalId,
        address[] calldata tokens
    ) external nonReentrant returns (uint256[] memory amounts) {
        address payout = _payoutOf(hospitalId);
        require(payout != address(0), DataAccessRouterUnknownHospital(hospitalId));
        uint256 shift = uint256(hospitalId & 1) << 7;
        uint256 pair = hospitalId >> 1;
        amounts = new uint256[](tokens.length);
        for (uint256 i; i < tokens.length; ++i) {
            address token = tokens[i];
            uint256 packed = _hospitalBalances[token][pair];
            uint256 amount = (packed >> shift) & HALF_MASK;
            if (amount == 0) continue;
            _hospitalBalances[token][pair] = packed & ~(HALF_MASK << shift);
            amounts[i] = amount;
            emit HospitalClaimed(hospitalId, token, payout, amount);
            IERC20(token).safeTransfer(payout, amount);
        }
    }

    /// @inheritdoc IPayeeWithdrawals
    function withdrawPayee(
        Payee payee,
        address[] calldata tokens
    ) external nonReentrant returns (uint256[] memory amounts) {
        address to = _payeeAddresses[payee];
        amounts = new uint256[](tokens.length);
        for (uint256 i; i < tokens.length; ++i) {
            address token = tokens[i];
            uint256 amount;
            if (payee == Payee.Galeon) {
                TokenState storage state = _tokens[token];
                amount = state.galeonBalance;
                state.galeonBalance = 0;
            } else if (payee == Payee.Treasury) {
                PayeeBalances storage balances = _payeeBalances[token];
                amount = balances.treasury;
                balances.treasury = 0;
            } else {
                PayeeBalances storage balances = _payeeBalances[token];
                amount = balances.buyback;
                balances.buyback = 0;
            }
            if (amount == 0) continue;
            amounts[i] = amount;
            emit PayeeWithdrawn(payee, token, to, amount);
            IERC20(token).safeTransfer(to, amount);
        }
    }

    /* ADMIN AND ATTESTOR FUNCTIONS */

    /// @inheritdoc IDataAccessRouter
    function revokeAccess(bytes32 accessId) external {
        require(msg.sender == owner() || msg.sender == _config.attestor, DataAccessRouterNotRevoker(msg.sender));
        AccessRecord storage record = _access[accessId];
        AccessStatus status = record.status;
        require(status == AccessStatus.Active, DataAccessRouterAccessNotActive(accessId, status));
        record.status = AccessStatus.Revoked;
        emit AccessRevoked(accessId, msg.sender);
    }

    /// @inheritdoc IDataAccessRouter
    function setTokenAllowed(address token, bool allowed) external onlyOwner {
        _setTokenAllowed(token, allowed);
    }

    /// @inheritdoc IDataAccessRouter
    function recoverToken(address token, address to, uint256 amount) external onlyOwner nonReentrant returns (uint256) {
        require(token != address(0) && to != address(0), DataAccessRouterZeroAddress());
        require(!_tokens[token].everAllowed, DataAccessRouterTokenNotRecoverable(token));
        uint256 balance = IERC20(token).balanceOf(address(this));
        if (amount == type(uint256).max) amount = balance;
        require(amount != 0 && amount <= balance, DataAccessRouterRecoverAmountInvalid(token, amount, balance));
        address[] memory paymentTokens = _paymentTokens;
        uint256[] memory before = new uint256[](paymentTokens.length);
        for (uint256 i; i < paymentTokens.length; ++i) {
            before[i] = IERC20(paymentTokens[i]).balanceOf(address(this));
        }
        emit TokenRecovered(token, to, amount);
        IERC20(token).safeTransfer(to, amount);
        // The same ledger may answer at another address (a proxy and a legacy entry point): whatever the
        // address named, what the router holds of a payment token, owed or not, stays.
        for (uint256 i; i < paymentTokens.length; ++i) {
            uint256 afterTransfer = IERC20(paymentTokens[i]).balanceOf(address(this));
            require(
                afterTransfer >= before[i],
                DataAccessRouterRecoveryLowersPaymentToken(token, paymentTokens[i], before[i], afterTransfer)
            );
        }
        return amount;
    }

    /// @inheritdoc IDataAccessRouter
    function setAttestor(address newAttestor) external onlyOwner {
        _setAttestor(newAttestor);
    }

    /// @inheritdoc IDataAccessRouter
    function setSplit(uint16 hospitalsBps, uint16 treasuryBps, uint16 buybackBps, uint16 galeonBps) external onlyOwner {
        _setSplit(hospitalsBps, treasuryBps, buybackBps, galeonBps);
    }

    /// @inheritdoc IDataAccessRouter
    function setPayeeAddress(Payee payee, address newAddress) external onlyOwner {
        _setPayeeAddress(payee, newAddress);
    }

    /* VIEWS */

    /// @inheritdoc IDataAccessRouter
    function quoteDigest(Quote calldata quote) external view returns (bytes32) {
        return _hashTypedDataV4(_hashQuote(quote));
    }

    /// @inheritdoc IDataAccessRouter
    function isAccessValid(bytes32 accessId) external view returns (bool) {
        AccessRecord memory record = _access[accessId];
        return record.status == AccessStatus.Active && block.timestamp < record.expiry;
    }

    /// @inheritdoc IDataAccessRouter
    function accessRecord(
        bytes32 accessId
    ) external view returns (address buyer, uint64 expiry, AccessStatus status, bytes32 permitId, uint64 permitExpiry) {
        AccessRecord memory record = _access[accessId];
        return (record.buyer, record.expiry, record.status, record.permitId, record.permitExpiry);
    }

    /// @inheritdoc IDataAccessRouter
    function hospitalBalance(uint32 hospitalId, address token) external view returns (uint256) {
        return (_hospitalBalances[token][hospitalId >> 1] >> (uint256(hospitalId & 1) << 7)) & HALF_MASK;
    }

    /// @inheritdoc IPayeeWithdrawals
    function payeeBalance(Payee payee, address token) external view returns (uint256) {
        if (payee == Payee.Galeon) return _tokens[token].galeonBalance;
        if (payee == Payee.Treasury) return _payeeBalances[token].treasury;
        return _payeeBalances[token].buyback;
    }

    /// @inheritdoc IPayeeWithdrawals
    function payeeAddress(Payee payee) external view returns (address) {
        return _payeeAddresses[payee];
    }

    /// @inheritdoc IDataAccessRouter
    function isTokenAllowed(address token) external view returns (bool) {
        return _tokens[token].allowed;
    }

    /// @inheritdoc IDataAccessRouter
    function attestor() external view returns (address) {
        return _config.attestor;
    }

    /// @inheritdoc IDataAccessRouter
    function split()
        external
        view
        returns (uint16 hospitalsBps, uint16 treasuryBps, uint16 buybackBps, uint16 galeonBps)
    {
        Config memory config = _config;
        return (config.hospitalsBps, config.treasuryBps, config.buybackBps, config.galeonBps);
    }

    /* INTERNAL */

    /// @dev Checks every field, then records the access and credits every party, emits, and only then
    /// pulls the tokens and checks what arrived (the whole call reverts on a mismatch).
    function _purchase(Quote calldata quote, bytes calldata signature, uint256 maxAmount) private {
        uint256 amount = quote.amount;
        require(amount != 0, DataAccessRouterZeroAmount());
        require(amount <= maxAmount, DataAccessRouterAmountAboveMax(amount, maxAmount));
        require(amount <= HALF_MASK, DataAccessRouterAmountTooLarge(amount));
        require(block.timestamp <= quote.deadline, DataAccessRouterQuoteExpired(quote.deadline, block.timestamp));
        require(
            quote.accessExpiry > block.timestamp,
            DataAccessRouterAccessExpiryPassed(quote.accessExpiry, block.timestamp)
        );
        _checkPermit(quote);
        if (msg.sender != quote.buyer) {
            require(
                quote.payer != address(0) && msg.sender == quote.payer,
                DataAccessRouterPayerNotAllowed(msg.sender, quote.buyer, quote.payer)
            );
        }
        require(_access[quote.accessId].status == AccessStatus.None, DataAccessRouterAccessIdUsed(quote.accessId));
        address token = quote.token;
        TokenState storage tokenState = _tokens[token];
        require(tokenState.allowed, DataAccessRouterTokenNotAllowed(token));
        Config memory config = _config;
        _checkSignature(quote, signature, config.attestor);
        uint256 totalUnits = _checkUsage(quote.usage);

        // Effects: two new slots for the access record, three slots for the fixed parties.
        _recordAccess(quote);
        SplitLib.Parts memory parts = SplitLib.split(
            amount,
            config.hospitalsBps,
            config.treasuryBps,
            config.buybackBps
        );
        _checkParts(parts, amount, config);
        // Each part is at most `amount` <= 2^128 - 1, so the casts are exact; the sums are checked.
        tokenState.galeonBalance += uint128(parts.galeon);
        PayeeBalances storage payees = _payeeBalances[token];
        payees.treasury += uint128(parts.treasury);
        payees.buyback += uint128(parts.buyback);
        uint256[] memory credits = _creditHospitals(token, quote.usage, parts.hospitals, totalUnits);

        _emitPurchased(quote, parts, credits);

        // Interaction: pull once, refuse fee-on-transfer tokens.
        uint256 balanceBefore = IERC20(token).balanceOf(address(this));
        IERC20(token).safeTransferFrom(msg.sender, address(this), amount);
        uint256 received = IERC20(token).balanceOf(address(this)) - balanceBefore;
        require(received == amount, DataAccessRouterReceivedMismatch(amount, received));
    }

    /// @dev Every party with a share gets something. Galeon's remainder is at least its exact share, so
    /// it is never zero when its share is not; each hospital is checked as it is credited.
    function _checkParts(SplitLib.Parts memory parts, uint256 amount, Config memory config) private pure {
        require(parts.hospitals != 0, DataAccessRouterPartTooSmall(0, amount, config.hospitalsBps));
        require(
            parts.treasury != 0 || config.treasuryBps == 0,
            DataAccessRouterPartTooSmall(1, amount, config.treasuryBps)
        );
        require(
            parts.buyback != 0 || config.buybackBps == 0,
            DataAccessRouterPartTooSmall(2, amount, config.buybackBps)
        );
    }

    /// @dev A quote names its data permit, and the access ends with it at the latest.
    function _checkPermit(Quote calldata quote) private pure {
        require(quote.permitId != bytes32(0), DataAccessRouterZeroPermitId());
        require(
            quote.accessExpiry <= quote.permitExpiry,
            DataAccessRouterAccessOutlivesPermit(quote.accessExpiry, quote.permitExpiry)
        );
    }

    /// @dev Writes the new access record and, for a renewal, extends the renewed one.
    function _recordAccess(Quote calldata quote) private {
        uint40 accessExpiry = _stored(quote.accessExpiry);
        uint40 permitExpiry = _stored(quote.permitExpiry);
        _access[quote.accessId] = AccessRecord(
            quote.buyer,
            accessExpiry,
            permitExpiry,
            AccessStatus.Active,
            quote.permitId
        );
        if (quote.renews != bytes32(0)) _renew(quote, accessExpiry, permitExpiry);
    }

    /// @dev Extends the renewed access to the quote's expiry, under the quote's permit (checked against it).
    /// Events follow the purchase's own (`Purchased`, `AccessPermit`), in `_emitPurchased`.
    function _renew(Quote calldata quote, uint40 accessExpiry, uint40 permitExpiry) private {
        bytes32 renews = quote.renews;
        AccessRecord storage record = _access[renews];
        AccessStatus status = record.status;
        require(status == AccessStatus.Active, DataAccessRouterAccessNotActive(renews, status));
        address expected = record.buyer;
        require(expected == quote.buyer, DataAccessRouterRenewalBuyerMismatch(renews, quote.buyer, expected));
        uint40 currentExpiry = record.expiry;
        require(
            quote.accessExpiry > currentExpiry,
            DataAccessRouterRenewalNotLater(renews, quote.accessExpiry, currentExpiry)
        );
        record.expiry = accessExpiry;
        record.permitExpiry = permitExpiry;
        record.permitId = quote.permitId;
    }

    function _emitPurchased(Quote calldata quote, SplitLib.Parts memory parts, uint256[] memory credits) private {
        emit Purchased(
            quote.accessId,
            quote.token,
            quote.buyer,
            msg.sender,
            quote.amount,
            [parts.hospitals, parts.treasury, parts.buyback, parts.galeon],
            quote.jobHash,
            quote.accessExpiry,
            quote.usage,
            credits
        );
        emit AccessPermit(quote.accessId, quote.permitId, quote.permitExpiry);
        if (quote.renews != bytes32(0)) emit AccessRenewed(quote.renews, quote.accessId, quote.accessExpiry);
    }

    function _checkSignature(Quote calldata quote, bytes calldata signature, address expected) private view {
        (address recovered, ECDSA.RecoverError error, ) = ECDSA.tryRecoverCalldata(
            _hashTypedDataV4(_hashQuote(quote)),
            signature
        );
        if (error != ECDSA.RecoverError.NoError) recovered = address(0);
        require(recovered == expected, DataAccessRouterInvalidSigner(recovered, expected));
    }

    /// @dev Validates the usage vector and returns its total units. One registry read per 256-id word.
    function _checkUsage(uint256[] calldata usage) private view returns (uint256 totalUnits) {
        uint256 n = usage.length;
        require(n != 0 && n <= MAX_USAGE_LENGTH, DataAccessRouterUsageLength(n, MAX_USAGE_LENGTH));
        uint256 nextMinId;
        uint256 word = type(uint256).max;
        uint256 bits;
        for (uint256 i; i < n; ++i) {
            uint256 entry = usage[i];
            uint256 id = entry >> 224;
            uint256 units = entry & UNITS_MASK;
            require(
                id >= nextMinId,
                DataAccessRouterUsageNotIncreasing(i, i == 0 ? 0 : uint32(usage[i - 1] >> 224), uint32(id))
            );
            require(units != 0, DataAccessRouterZeroUnits(i, uint32(id)));
            if (id >> 8 != word) {
                word = id >> 8;
                bits = _activeWord(word);
            }
            if ((bits >> (id & 255)) & 1 == 0) _revertInactive(uint32(id));
            // id < 2^32; at most 256 entries of units < 2^224 sum below 2^232.
            unchecked {
                nextMinId = id + 1;
                totalUnits += units;
            }
        }
    }

    /// @dev Credits each hospital its cumulative-rounding share, refusing a zero share; writes each
    /// two-hospital slot once.
    function _creditHospitals(
        address token,
        uint256[] calldata usage,
        uint256 part,
        uint256 totalUnits
    ) private returns (uint256[] memory credits) {
        mapping(uint256 pair => uint256 packed) storage balances = _hospitalBalances[token];
        uint256 n = usage.length;
        credits = new uint256[](n);
        uint256 pair = type(uint256).max;
        uint256 packed;
        uint256 cumulativeUnits;
        uint256 previousShare;
        for (uint256 i; i < n; ++i) {
            uint256 entry = usage[i];
            uint256 credit;
            {
                // Same bound as in `_checkUsage`: the running sum stays below 2^232.
                unchecked {
                    cumulativeUnits += entry & UNITS_MASK;
                }
                uint256 upTo = SplitLib.cumulativeShare(part, cumulativeUnits, totalUnits);
                // Cumulative floors never decrease as the cumulative units grow.
                unchecked {
                    credit = upTo - previousShare;
                }
                previousShare = upTo;
            }
            // One comparison per hospital; the error's arguments are built off the happy path only.
            if (credit == 0) _revertCreditTooSmall(entry, totalUnits, part);
            credits[i] = credit;
            uint256 id = entry >> 224;
            if (id >> 1 != pair) {
                if (pair != type(uint256).max) balances[pair] = packed;
                pair = id >> 1;
                packed = balances[pair];
            }
            uint256 shift = (id & 1) << 7;
            // Checked: a hospital's balance stays within 128 bits or the purchase reverts.
            uint256 updated = ((packed >> shift) & HALF_MASK) + credit;
            require(updated <= HALF_MASK, DataAccessRouterAmountTooLarge(updated));
            packed = (packed & ~(HALF_MASK << shift)) | (updated << shift);
        }
        balances[pair] = packed;
    }

    /// @dev The router keeps what it is paid until it is claimed, and a token contract cannot move the
    /// tokens sent to it: neither can be a payout or payee address.
    function _canReceive(address account) internal view override returns (bool) {
        return account != address(this) && !_tokens[account].allowed;
    }

    function _revertCreditTooSmall(uint256 entry, uint256 totalUnits, uint256 part) private pure {
        revert DataAccessRouterHospitalCreditTooSmall(uint32(entry >> 224), entry & UNITS_MASK, totalUnits, part);
    }

    function _revertInactive(uint32 hospitalId) private view {
        // Off the happy path: only a failing purchase reads the hospital's record.
        if (_statusOf(hospitalId) == HospitalStatus.Suspended) {
            revert DataAccessRouterHospitalSuspended(hospitalId);
        }
        revert DataAccessRouterUnknownHospital(hospitalId);
    }

    function _hashQuote(Quote calldata quote) private pure returns (bytes32) {
        return
            keccak256(
                abi.encode(
                    QUOTE_TYPEHASH,
                    quote.accessId,
                    quote.buyer,
                    quote.payer,
                    quote.token,
                    quote.amount,
                    quote.deadline,
                    quote.accessExpiry,
                    keccak256(abi.encodePacked(quote.usage)),
                    quote.jobHash,
                    quote.permitId,
                    quote.permitExpiry,
                    quote.renews
                )
            );
    }

    /// @dev An expiry in the record's 40 bits, saturating (see `AccessRecord`).
    function _stored(uint64 expiry) private pure returns (uint40) {
        return uint40(expiry < MAX_STORED_EXPIRY ? expiry : MAX_STORED_EXPIRY);
    }

    function _setTokenAllowed(address token, bool allowed) private {
        require(token != address(0), DataAccessRouterZeroAddress());
        if (allowed) {
            for (uint256 p; p < 3; ++p) {
                require(_payeeAddresses[Payee(p)] != token, DataAccessRouterTokenIsPayee(token, Payee(p)));
            }
        }
        TokenState storage state = _tokens[token];
        state.allowed = allowed;
        if (allowed && !state.everAllowed) {
            state.everAllowed = true;
            _paymentTokens.push(token);
        }
        emit TokenAllowedSet(token, allowed);
    }

    function _setAttestor(address newAttestor) private {
        require(newAttestor != address(0), DataAccessRouterZeroAddress());
        address previous = _config.attestor;
        _config.attestor = newAttestor;
        emit AttestorSet(previous, newAttestor);
    }

    function _setSplit(uint16 hospitalsBps, uint16 treasuryBps, uint16 buybackBps, uint16 galeonBps) private {
        require(
            uint256(hospitalsBps) + treasuryBps + buybackBps + galeonBps == SplitLib.BPS &&
                hospitalsBps >= MIN_HOSPITALS_BPS,
            DataAccessRouterInvalidSplit(hospitalsBps, treasuryBps, buybackBps, galeonBps)
        );
        Config storage config = _config;
        config.hospitalsBps = hospitalsBps;
        config.treasuryBps = treasuryBps;
        config.buybackBps = buybackBps;
        config.galeonBps = galeonBps;
        emit SplitSet(hospitalsBps, treasuryBps, buybackBps, galeonBps);
    }

    function _setPayeeAddress(Payee payee, address newAddress) private {
        require(newAddress != address(0), DataAccessRouterZeroAddress());
        require(_canReceive(newAddress), DataAccessRouterInvalidPayee(payee, newAddress));
        address previous = _payeeAddresses[payee];
        _payeeAddresses[payee] = newAddress;
        emit PayeeAddressSet(payee, previous, newAddress);
    }
}
