// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Vm} from "../utils/Vm.sol";
import {RouterTestLib} from "../payments/RouterTestLib.sol";
import {DataAccessRouter} from "../../../contracts/payments/DataAccessRouter.sol";
import {JobEscrow} from "../../../contracts/payments/JobEscrow.sol";
import {Quote} from "../../../contracts/interfaces/IDataAccessRouter.sol";
import {LockStatus, LockTerms} from "../../../contracts/interfaces/IJobEscrow.sol";
import {BlocklistToken} from "../../../contracts/mocks/BlocklistToken.sol";

/// @notice Drives the escrow at random and keeps a ghost ledger from its own model: locks funded by three
/// payers in two tokens (one of which blocklists), settlements at zero, at the cap and between on random
/// measured usage (dust included, the buyer co-signing above the limit), refunds, settlements and refunds
/// at the wrong time or twice, blocked payers, withdrawals of deferred refunds, tokens sent straight to
/// the escrow and the owner's recoveries (of the excess, and of more than it), and time passing. Every
/// outcome is predicted first; the split of each settlement is computed here with plain arithmetic (floors
/// of exact rationals), never read from the router or `SplitLib`.
contract JobEscrowHandler {
    Vm internal constant vm = Vm(address(uint160(uint256(keccak256("hevm cheat code")))));

    uint256 public constant HOSPITALS = 6;
    uint256 internal constant BUYER_KEY = 0xB0B;
    uint256 internal constant ATTESTOR_KEY = 0xA77E57;

    DataAccessRouter public router;
    JobEscrow public escrow;
    address[2] internal _tokens;
    address[3] internal _payers;
    address public buyer;

    /* THE MODEL */

    struct GhostLock {
        bytes32 id;
        address payer;
        uint64 settleBy;
        LockStatus status;
        address token;
        uint256 maxAmount;
        uint256 autoSettleLimit;
    }

    GhostLock[] internal _locks;
    uint256 internal _nonce;
    mapping(address account => bool) public blocked;

    /// @dev Per token: every unit funded ends in exactly one of open, paid, refunded, deferred, withdrawn.
    mapping(address token => uint256) public funded;
    mapping(address token => uint256) public open;
    mapping(address token => uint256) public paid;
    mapping(address token => uint256) public refunded;
    mapping(address token => uint256) public deferred;
    mapping(address token => uint256) public withdrawn;
    /// @dev Per token: sent straight to the escrow (gifts), and taken out by the owner's `recoverToken`.
    mapping(address token => uint256) public gifts;
    mapping(address token => uint256) public recovered;
    address public constant RECOVERY = address(0x4EC0);

    /// @dev Per payer and token: minted to it, locked by it, and sent back to it.
    mapping(address payer => mapping(address token => uint256)) public minted;
    mapping(address payer => mapping(address token => uint256)) public locked;
    mapping(address payer => mapping(address token => uint256)) public returned;
    mapping(address payer => mapping(address token => uint256)) public owed;
    /// @dev Where each payer withdraws its deferred refunds (never blocked), and what arrived there.
    mapping(address payer => address) public withdrawalAddress;

    /// @dev The oracle's credits, per token: hospitals by id, then the treasury, buy-back and Galeon.
    mapping(address token => mapping(uint256 hospitalId => uint256)) public hospitalCredit;
    mapping(address token => uint256[3]) internal _payeeCredit;

    uint256 public unexpected;
    string public lastUnexpected;
    mapping(bytes32 action => uint256) public count;

    constructor(DataAccessRouter router_, JobEscrow escrow_, address eurc, BlocklistToken blocklist) {
        router = router_;
        escrow = escrow_;
        _tokens = [eurc, address(blocklist)];
        _payers = [address(0xA1), address(0xA2), address(0xA3)];
        buyer = vm.addr(BUYER_KEY);
        for (uint256 i; i < 3; ++i) withdrawalAddress[_payers[i]] = address(uint160(0xBEEF00 + i));
    }

    /* ACTIONS */

    /// @notice A payer locks between 1 base unit and 10^12 for 1 hour to 10 days, with any auto-settle limit.
    function fund(uint256 payerSeed, uint256 tokenSeed, uint256 amount, uint256 limit, uint256 duration) external {
        address payer = _payers[payerSeed % 3];
        address token = _tokens[tokenSeed % 2];
        amount = 1 + (amount % 1e12);
        limit = limit % (amount + 1);
        uint64 settleBy = uint64(block.timestamp + 1 hours + (duration % 10 days));
        BlocklistToken(token).mint(payer, amount);
        minted[payer][token] += amount;
        LockTerms memory terms = LockTerms({
            buyer: buyer,
            token: token,
            maxAmount: uint96(amount),
            autoSettleLimit: uint96(limit),
            settleBy: settleBy,
            jobHash: keccak256(abi.encode("job", _nonce)),
            salt: bytes32(++_nonce)
        });
        vm.startPrank(payer);
        BlocklistToken(token).approve(address(escrow), amount);
        try escrow.fund(terms) returns (bytes32 lockId) {
            _locks.push(GhostLock(lockId, payer, settleBy, LockStatus.Open, token, amount, limit));
            funded[token] += amount;
            open[token] += amount;
            locked[payer][token] += amount;
            count["fund"]++;
        } catch {
            _unexpected("a valid lock was refused");
        }
        vm.stopPrank();
    }

    /// @notice Anyone settles a lock for an amount from 0 to its maximum (sometimes above), on 1 to 6
    /// hospitals with 1 to 1,000 units each; the buyer co-signs when the amount is above the limit.
    function settle(uint256 lockSeed, uint256 amountSeed, uint256 usageSeed, bool late) external {
        if (_locks.length == 0) return;
        GhostLock storage lock = _locks[lockSeed % _locks.length];
        if (late && block.timestamp <= lock.settleBy) vm.warp(lock.settleBy + 1);
        uint256 amount =
            amountSeed % 8 == 0 ? 0 : (amountSeed % 8 == 1 ? lock.maxAmount : amountSeed % (lock.maxAmount + 2));
        (uint256[] memory usage, uint256[] memory ids, uint256[] memory units) = _usage(usageSeed);
        Quote memory q = RouterTestLib.quote(lock.id, buyer, lock.token, amount, usage);
        q.payer = address(escrow);
        q.jobHash = escrow.lockOf(lock.id).jobHash;
        bytes memory signature = RouterTestLib.sign(router, ATTESTOR_KEY, q);
        bytes memory approval = amount > lock.autoSettleLimit ? _approval(q) : bytes("");

        bool accepted = lock.status == LockStatus.Open && block.timestamp <= lock.settleBy && amount <= lock.maxAmount;
        uint256[4] memory parts;
        uint256[] memory credits;
        if (accepted && amount != 0) (accepted, parts, credits) = _split(amount, units);

        try escrow.settle(q, signature, approval) {
            if (!accepted) return _unexpected("a settlement the model refuses went through");
            lock.status = LockStatus.Settled;
            open[lock.token] -= lock.maxAmount;
            paid[lock.token] += amount;
            for (uint256 i; i < ids.length && amount != 0; ++i) hospitalCredit[lock.token][ids[i]] += credits[i];
            for (uint256 p; p < 3 && amount != 0; ++p) _payeeCredit[lock.token][p] += parts[p + 1];
            _return(lock.payer, lock.token, lock.maxAmount - amount);
            count[amount == 0 ? bytes32("settle at zero") : bytes32("settle")]++;
        } catch {
            if (accepted) return _unexpected("a settlement the model accepts was refused");
            count["settle refused"]++;
        }
    }

    /// @notice Anyone refunds a lock, before or after its deadline.
    function refund(uint256 lockSeed, bool afterDeadline) external {
        if (_locks.length == 0) return;
        GhostLock storage lock = _locks[lockSeed % _locks.length];
        if (afterDeadline && block.timestamp <= lock.settleBy) vm.warp(lock.settleBy + 1);
        bool accepted = lock.status == LockStatus.Open && block.timestamp > lock.settleBy;
        try escrow.refund(lock.id) {
            if (!accepted) return _unexpected("a refund the model refuses went through");
            lock.status = LockStatus.Refunded;
            open[lock.token] -= lock.maxAmount;
            _return(lock.payer, lock.token, lock.maxAmount);
            count["refund"]++;
        } catch {
            if (accepted) return _unexpected("a refund the model accepts was refused");
            count["refund refused"]++;
        }
    }

    /// @notice The blocklisting token blocks or unblocks a payer.
    function toggleBlock(uint256 payerSeed) external {
        address payer = _payers[payerSeed % 3];
        blocked[payer] = !blocked[payer];
        BlocklistToken(_tokens[1]).setBlocked(payer, blocked[payer]);
    }

    /// @notice A payer withdraws its deferred refunds to its withdrawal address.
    function withdrawRefund(uint256 payerSeed) external {
        address payer = _payers[payerSeed % 3];
        address token = _tokens[1];
        uint256 amount = owed[payer][token];
        vm.prank(payer);
        try escrow.withdrawRefund(token, withdrawalAddress[payer]) returns (uint256 sent) {
            if (amount == 0 || sent != amount) return _unexpected("a withdrawal differs from the model");
            owed[payer][token] = 0;
            deferred[token] -= amount;
            withdrawn[token] += amount;
            count["withdraw"]++;
        } catch {
            if (amount != 0) _unexpected("a withdrawal the model accepts was refused");
        }
    }

    /// @notice Someone sends tokens straight to the escrow.
    function gift(uint256 tokenSeed, uint256 amount) external {
        address token = _tokens[tokenSeed % 2];
        amount = 1 + (amount % 1e9);
        BlocklistToken(token).mint(address(escrow), amount);
        gifts[token] += amount;
    }

    /// @notice The owner (this handler) recovers: everything recoverable, a part of it, or more than it
    /// (which must be refused: a locked unit never leaves but by settle or refund).
    function recover(uint256 tokenSeed, uint256 amountSeed) external {
        address token = _tokens[tokenSeed % 2];
        uint256 excess = gifts[token] - recovered[token];
        uint256 amount =
            amountSeed % 3 == 0 ? type(uint256).max : (amountSeed % 3 == 1 ? excess : excess + 1 + (amountSeed % 1e6));
        uint256 expected = amount == type(uint256).max ? excess : amount;
        bool accepted = expected != 0 && expected <= excess;
        try escrow.recoverToken(token, RECOVERY, amount) returns (uint256 sent) {
            if (!accepted || sent != expected) return _unexpected("a recovery the model refuses went through");
            recovered[token] += sent;
            count["recover"]++;
        } catch {
            if (accepted) return _unexpected("a recovery of the excess was refused");
            count["recover refused"]++;
        }
    }

    function warp(uint256 seconds_) external {
        vm.warp(block.timestamp + (seconds_ % 3 days));
    }

    /* VIEWS FOR THE INVARIANTS */

    function tokens() external view returns (address[2] memory) {
        return _tokens;
    }

    function payers() external view returns (address[3] memory) {
        return _payers;
    }

    function lockCount() external view returns (uint256) {
        return _locks.length;
    }

    function lockAt(uint256 index) external view returns (GhostLock memory) {
        return _locks[index];
    }

    function payeeCredit(address token, uint256 payee) external view returns (uint256) {
        return _payeeCredit[token][payee];
    }

    /* THE ORACLE */

    /// @dev The split of `amount` at 40/30/20/10: three floors, Galeon the rest; hospitals by cumulative
    /// floors of the exact pro-rata share (`S_i = floor(H * c_i / T)`). Refused when a part or a hospital
    /// would get nothing. Amounts below 2^40 and units below 2^13: no product overflows.
    function _split(
        uint256 amount,
        uint256[] memory units
    ) internal pure returns (bool accepted, uint256[4] memory parts, uint256[] memory credits) {
        parts[0] = (amount * 4_000) / 10_000;
        parts[1] = (amount * 3_000) / 10_000;
        parts[2] = (amount * 2_000) / 10_000;
        parts[3] = amount - parts[0] - parts[1] - parts[2];
        if (parts[0] == 0 || parts[1] == 0 || parts[2] == 0) return (false, parts, credits);
        uint256 total;
        for (uint256 i; i < units.length; ++i) total += units[i];
        credits = new uint256[](units.length);
        uint256 cumulative;
        uint256 previous;
        for (uint256 i; i < units.length; ++i) {
            cumulative += units[i];
            uint256 upTo = (parts[0] * cumulative) / total;
            credits[i] = upTo - previous;
            if (credits[i] == 0) return (false, parts, credits);
            previous = upTo;
        }
        accepted = true;
    }

    /* INTERNAL */

    function _usage(
        uint256 seed
    ) internal pure returns (uint256[] memory usage, uint256[] memory ids, uint256[] memory units) {
        uint256 count_ = 1 + (seed % HOSPITALS);
        usage = new uint256[](count_);
        ids = new uint256[](count_);
        units = new uint256[](count_);
        uint256 id = 1;
        for (uint256 i; i < count_; ++i) {
            uint256 r = uint256(keccak256(abi.encode(seed, i)));
            // Skip some hospitals (dropped from the job) while enough ids remain.
            if (r % 3 == 0 && HOSPITALS - id >= count_ - i) ++id;
            ids[i] = id;
            units[i] = 1 + ((r >> 8) % 1_000);
            usage[i] = RouterTestLib.entry(id, units[i]);
            ++id;
        }
    }

    function _approval(Quote memory q) internal view returns (bytes memory) {
        bytes32 digest = escrow.settlementApprovalDigest(q.accessId, router.quoteDigest(q));
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(BUYER_KEY, digest);
        return abi.encodePacked(r, s, v);
    }

    /// @dev What goes back to a payer: delivered, or deferred when the token blocks it.
    function _return(address payer, address token, uint256 amount) internal {
        if (amount == 0) return;
        if (token == _tokens[1] && blocked[payer]) {
            deferred[token] += amount;
            owed[payer][token] += amount;
        } else {
            refunded[token] += amount;
            returned[payer][token] += amount;
        }
    }

    function _unexpected(string memory what) internal {
        unexpected++;
        lastUnexpected = what;
    }
}
