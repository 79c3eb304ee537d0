// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Vm} from "../utils/Vm.sol";
import {RouterTestLib} from "../payments/RouterTestLib.sol";
import {DataAccessRouterLedger} from "./DataAccessRouterLedger.sol";
import {DataAccessRouter} from "../../../contracts/payments/DataAccessRouter.sol";
import {AccessStatus, IDataAccessRouter, Quote} from "../../../contracts/interfaces/IDataAccessRouter.sol";
import {IHospitalRegistry} from "../../../contracts/interfaces/IHospitalRegistry.sol";
import {Payee} from "../../../contracts/interfaces/IPayeeWithdrawals.sol";
import {BlocklistToken} from "../../../contracts/mocks/BlocklistToken.sol";
import {FeeOnTransferToken} from "../../../contracts/mocks/FeeOnTransferToken.sol";
import {TestStablecoin} from "../../../contracts/testnet/TestStablecoin.sol";

/// @notice Drives the router at random and keeps a model of it: purchases by the buyer or by a payer
/// (allowance, valid permit, front-run permit, unusable permit), dust purchases, purchases in a
/// blocklisting token and in a fee-on-transfer token, strangers paying, re-buying used access ids,
/// revocations, hospital claims (a blocked payout's claim fails, nobody else's), payee withdrawals,
/// payout rotations (also to addresses the router must refuse), payee rotations, suspensions, split
/// changes and time passing. Every call's outcome is predicted from the model first: an outcome
/// that differs is counted, by kind, for the invariants; what succeeds is written to the ghost ledger
/// from the model's own numbers (its split, its rounding, its addresses), never from the router's.
contract DataAccessRouterHandler {
    Vm internal constant vm = Vm(address(uint160(uint256(keccak256("hevm cheat code")))));

    uint256 public constant HOSPITALS = 12;
    uint256 internal constant BUYER_KEY = 0xB0B;
    uint256 internal constant PAYER_KEY = 0xFA7E5;
    address public constant STRANGER = address(0x57A4);
    bytes32 internal constant PERMIT_TYPEHASH = keccak256(
        "Permit(address owner,address spender,uint256 value,uint256 nonce,uint256 deadline)"
    );

    // Set once, in the constructor.
    DataAccessRouter public router;
    DataAccessRouterLedger public ledger;
    address public admin;
    address public buyer;
    address public payer;
    uint256 internal _attestorKey;
    BlocklistToken public blocklist;
    FeeOnTransferToken public feeToken;
    TestStablecoin[] internal _stables;
    /// @dev Every allowlisted token: the stablecoins, the blocklisting token, the fee-on-transfer token.
    address[] internal _tokens;

    /* THE MODEL: what the handler did, never read back from the router */

    uint256[4] internal _split;
    address[HOSPITALS] internal _payouts;
    bool[HOSPITALS] internal _active;
    address[3] internal _payeeAddresses;
    mapping(address account => bool) public blocked;
    uint256 internal _nonce;
    uint256 internal _fresh;

    /* OUTCOMES THAT DIFFER FROM THE MODEL, BY KIND */

    uint256 public unexpectedPurchases;
    uint256 public unexpectedClaims;
    uint256 public unexpectedWithdrawals;
    uint256 public unexpectedAdmin;
    uint256 public reboughtAccessIds;
    string public lastUnexpected;

    /* WHAT HAPPENED (coverage of the runs) */

    mapping(bytes32 action => uint256) public count;

    struct Purchase {
        Quote quote;
        bytes signature;
        address from;
        uint256[] ids;
        uint256[] units;
    }

    constructor(
        DataAccessRouter router_,
        DataAccessRouterLedger ledger_,
        address admin_,
        uint256 attestorKey,
        TestStablecoin[] memory stables,
        BlocklistToken blocklist_,
        FeeOnTransferToken feeToken_
    ) {
        router = router_;
        ledger = ledger_;
        admin = admin_;
        _attestorKey = attestorKey;
        buyer = vm.addr(BUYER_KEY);
        payer = vm.addr(PAYER_KEY);
        blocklist = blocklist_;
        feeToken = feeToken_;
        for (uint256 i; i < stables.length; ++i) {
            _stables.push(stables[i]);
            _tokens.push(address(stables[i]));
        }
        _tokens.push(address(blocklist_));
        _tokens.push(address(feeToken_));
        (uint16 h, uint16 t, uint16 b, uint16 g) = router_.split();
        _split = [uint256(h), t, b, g];
        for (uint256 p; p < 3; ++p) _payeeAddresses[p] = router_.payeeAddress(Payee(p));
    }

    /// @dev Registers hospitals 0 to 11 (as the admin), each paid to its own address, and the payee
    /// addresses as receivers. Once, after the ledger names this handler its writer.
    function registerHospitals() external {
        if (_payouts[0] != address(0)) return;
        for (uint256 p; p < 3; ++p) ledger.addReceiver(_payeeAddresses[p]);
        for (uint256 i; i < HOSPITALS; ++i) {
            _payouts[i] = address(uint160(0x40000 + i));
            _active[i] = true;
            ledger.addReceiver(_payouts[i]);
            vm.prank(admin);
            router.register(uint32(i), _payouts[i], keccak256(abi.encode("hospital", i)));
        }
    }

    /* PURCHASES */

    /// @notice A purchase by allowance, in a stablecoin or the blocklisting token. `payerMode`: the buyer
    /// pays alone (0), the quote names a payer who pays (1), the quote names a payer and the buyer pays (2).
    /// A quarter of the amounts are dust (1 to 100 base units), often refused.
    function buy(uint256 tokenSeed, uint256 amount, uint256 mask, uint256 unitsSeed, uint256 payerMode) external {
        address token = tokenSeed % 3 == 2 ? address(blocklist) : address(_stables[tokenSeed % _stables.length]);
        payerMode %= 3;
        Purchase memory p = _newPurchase(
            token,
            _amount(token, amount),
            mask,
            unitsSeed,
            payerMode == 0 ? address(0) : payer
        );
        if (p.ids.length == 0) return;
        p.from = payerMode == 1 ? payer : buyer;
        _fundAndApprove(p.from, token, p.quote.amount);
        vm.prank(p.from);
        try router.purchase(p.quote, p.signature, p.quote.amount) {
            _purchased(p, "");
        } catch (bytes memory reason) {
            _purchased(p, reason);
        }
        _approve(p.from, token, 0);
        count[payerMode == 0 ? bytes32("buy") : bytes32("buy by or for a payer")]++;
    }

    /// @notice A purchase with a permit, by the buyer or a named payer. `permitMode`: a valid permit (0),
    /// a permit front-run by a stranger (1), an unusable permit and no allowance (2, refused), an unusable
    /// permit over an allowance (3).
    function buyWithPermit(
        uint256 tokenSeed,
        uint256 amount,
        uint256 mask,
        uint256 unitsSeed,
        uint256 permitMode
    ) external {
        TestStablecoin token = _stables[tokenSeed % _stables.length];
        permitMode %= 4;
        bool byPayer = (tokenSeed >> 8) % 2 == 1;
        Purchase memory p = _newPurchase(
            address(token),
            _amount(address(token), amount),
            mask,
            unitsSeed,
            byPayer ? payer : address(0)
        );
        if (p.ids.length == 0) return;
        p.from = byPayer ? payer : buyer;
        uint256 value = p.quote.amount;
        token.mint(p.from, value);
        ledger.fund(p.from, address(token), value);
        (uint8 v, bytes32 r, bytes32 s) = (27, bytes32(0), bytes32(0));
        uint256 deadline = block.timestamp + 1 hours;
        if (permitMode <= 1) (v, r, s) = _signPermit(token, byPayer ? PAYER_KEY : BUYER_KEY, value, deadline);
        if (permitMode == 1) {
            vm.prank(STRANGER);
            token.permit(p.from, address(router), value, deadline, v, r, s);
        }
        if (permitMode == 3) _approve(p.from, address(token), value);
        vm.prank(p.from);
        try router.purchaseWithPermit(p.quote, p.signature, value, deadline, v, r, s) {
            if (permitMode == 2) _unexpected("purchase", "a purchase went through without a permit or allowance");
            else _purchased(p, "");
        } catch (bytes memory reason) {
            if (permitMode == 2) _expectRefusal(reason, _insufficientAllowance(value), "purchase", "unusable permit");
            else _purchased(p, reason);
        }
        _approve(p.from, address(token), 0);
        if (permitMode == 0) count["buy with permit"]++;
        else if (permitMode == 1) count["buy with a front-run permit"]++;
        else if (permitMode == 2) count["buy, unusable permit"]++;
        else count["buy, permit over allowance"]++;
    }

    /// @notice A purchase in the fee-on-transfer token: always refused (the router receives less than
    /// the amount), before or after the split checks.
    function buyFeeOnTransfer(uint256 amount, uint256 mask, uint256 unitsSeed) external {
        // At least 100 base units: a 1% fee of less rounds to nothing and changes nothing.
        Purchase memory p = _newPurchase(address(feeToken), 100 + (amount % 1e27), mask, unitsSeed, address(0));
        if (p.ids.length == 0) return;
        p.from = buyer;
        uint256 value = p.quote.amount;
        _fundAndApprove(buyer, address(feeToken), value);
        (bytes memory dust, , ) = _expectedSplit(p);
        bytes memory expected =
            dust.length != 0
                ? dust
                : abi.encodeWithSelector(
                    IDataAccessRouter.DataAccessRouterReceivedMismatch.selector,
                    value,
                    value - value / 100
                );
        vm.prank(buyer);
        try router.purchase(p.quote, p.signature, value) {
            _unexpected("purchase", "a fee-on-transfer purchase went through");
        } catch (bytes memory reason) {
            _expectRefusal(reason, expected, "purchase", "fee-on-transfer purchase");
        }
        _approve(buyer, address(feeToken), 0);
        count["fee-on-transfer refused"]++;
    }

    /// @notice Someone neither buyer nor payer tries to pay a quote: refused.
    function payAsStranger(
        uint256 tokenSeed,
        uint256 amount,
        uint256 mask,
        uint256 unitsSeed,
        bool namesPayer
    ) external {
        address token = address(_stables[tokenSeed % _stables.length]);
        Purchase memory p = _newPurchase(
            token,
            _amount(token, amount),
            mask,
            unitsSeed,
            namesPayer ? payer : address(0)
        );
        if (p.ids.length == 0) return;
        _fundAndApprove(STRANGER, token, p.quote.amount);
        bytes memory expected = abi.encodeWithSelector(
            IDataAccessRouter.DataAccessRouterPayerNotAllowed.selector,
            STRANGER,
            buyer,
            p.quote.payer
        );
        vm.prank(STRANGER);
        try router.purchase(p.quote, p.signature, p.quote.amount) {
            _unexpected("purchase", "a stranger paid a quote");
        } catch (bytes memory reason) {
            _expectRefusal(reason, expected, "purchase", "stranger");
        }
        _approve(STRANGER, token, 0);
        count["stranger refused"]++;
    }

    /// @notice A new, validly signed quote for an access id already sold (active, revoked or expired):
    /// always refused.
    function rebuy(uint256 accessSeed, uint256 amount) external {
        uint256 n = ledger.accessCount();
        if (n == 0) return;
        bytes32 accessId = ledger.accessAt(accessSeed % n);
        TestStablecoin token = _stables[0];
        uint256[] memory usage = new uint256[](1);
        usage[0] = RouterTestLib.entry(0, 1);
        amount = 1e6 + (amount % 1e15);
        Quote memory q = RouterTestLib.quote(accessId, buyer, address(token), amount, usage);
        q.jobHash = keccak256(abi.encode("rebuy", ++_nonce));
        bytes memory signature = RouterTestLib.sign(router, _attestorKey, q);
        _fundAndApprove(buyer, address(token), amount);
        vm.prank(buyer);
        try router.purchase(q, signature, amount) {
            reboughtAccessIds++;
            lastUnexpected = "an access id was sold twice";
        } catch (bytes memory reason) {
            _expectRefusal(
                reason,
                abi.encodeWithSelector(IDataAccessRouter.DataAccessRouterAccessIdUsed.selector, accessId),
                "purchase",
                "rebuy refused with another error"
            );
        }
        _approve(buyer, address(token), 0);
        count["rebuy refused"]++;
    }

    /// @notice The attestor or the admin revokes an access record: only an active one can be.
    function revoke(uint256 accessSeed, bool byAttestor) external {
        uint256 n = ledger.accessCount();
        if (n == 0) return;
        bytes32 accessId = ledger.accessAt(accessSeed % n);
        AccessStatus status = ledger.accessOf(accessId).status;
        vm.prank(byAttestor ? vm.addr(_attestorKey) : admin);
        try router.revokeAccess(accessId) {
            if (status != AccessStatus.Active) _unexpected("admin", "a revoked access was revoked again");
            ledger.revoke(accessId);
            count["revoke"]++;
        } catch (bytes memory reason) {
            if (status == AccessStatus.Active) _unexpected("admin", "an active access could not be revoked");
            else {
                _expectRefusal(
                    reason,
                    abi.encodeWithSelector(
                        IDataAccessRouter.DataAccessRouterAccessNotActive.selector,
                        accessId,
                        status
                    ),
                    "admin",
                    "revoke twice"
                );
            }
        }
    }

    /* CLAIMS AND WITHDRAWALS */

    /// @notice Anyone claims a hospital's balances of the tokens picked by `tokenMask` (all when none).
    /// It fails only when the blocklisting token is claimed, something is owed in it, and the hospital's
    /// payout is blocked; then it fails with the token's error.
    function claim(uint256 hospitalSeed, uint256 tokenMask) external {
        uint256 id = hospitalSeed % HOSPITALS;
        address[] memory tokens = _pick(tokenMask);
        address payout = _payouts[id];
        bool mustFail;
        for (uint256 i; i < tokens.length; ++i) {
            if (tokens[i] == address(blocklist) && blocked[payout] && ledger.hospitalClaimable(id, tokens[i]) != 0) {
                mustFail = true;
            }
        }
        try router.claimHospital(uint32(id), tokens) {
            if (mustFail) _unexpected("claim", "a blocked payout was paid");
            for (uint256 i; i < tokens.length; ++i) ledger.payHospital(id, tokens[i], payout);
            count["claim"]++;
        } catch (bytes memory reason) {
            if (!mustFail) _unexpected("claim", "a claim failed that nothing blocks");
            else {
                _expectRefusal(
                    reason,
                    abi.encodeWithSelector(BlocklistToken.BlocklistTokenBlocked.selector, payout),
                    "claim",
                    "blocked claim"
                );
                count["blocked claim"]++;
            }
        }
    }

    /// @notice Anyone withdraws a payee's balances of the tokens picked by `tokenMask`: never fails.
    function withdraw(uint256 payeeSeed, uint256 tokenMask) external {
        Payee payee = Payee(payeeSeed % 3);
        address[] memory tokens = _pick(tokenMask);
        address to = _payeeAddresses[uint256(payee)];
        try router.withdrawPayee(payee, tokens) {
            for (uint256 i; i < tokens.length; ++i) ledger.payPayee(payee, tokens[i], to);
            count["withdraw"]++;
        } catch {
            _unexpected("withdraw", "a payee withdrawal failed");
        }
    }

    /* HOSPITALS, PAYEES AND THE SPLIT */

    /// @notice A hospital rotates its payout to a fresh address: its next claims go there.
    function rotatePayout(uint256 hospitalSeed) external {
        uint256 id = hospitalSeed % HOSPITALS;
        address fresh = address(uint160(0x50000 + ++_fresh));
        vm.prank(_payouts[id]);
        try router.setPayout(uint32(id), fresh) {
            _payouts[id] = fresh;
            ledger.addReceiver(fresh);
            count["rotate payout"]++;
        } catch {
            _unexpected("admin", "a payout rotation failed");
        }
    }

    /// @notice A hospital tries to rotate its payout to the router or an allowlisted token: refused.
    function rotatePayoutToUnreceivable(uint256 hospitalSeed, uint256 which) external {
        uint256 id = hospitalSeed % HOSPITALS;
        address target = which % 5 == 0 ? address(router) : _tokens[which % _tokens.length];
        vm.prank(_payouts[id]);
        try router.setPayout(uint32(id), target) {
            _unexpected("admin", "a payout was rotated to an address that cannot receive");
        } catch (bytes memory reason) {
            _expectRefusal(
                reason,
                abi.encodeWithSelector(IHospitalRegistry.HospitalRegistryInvalidPayout.selector, uint32(id), target),
                "admin",
                "unreceivable payout"
            );
        }
    }

    /// @notice The blocklisting token blocks or unblocks a hospital's current payout.
    function toggleBlock(uint256 hospitalSeed) external {
        address payout = _payouts[hospitalSeed % HOSPITALS];
        blocked[payout] = !blocked[payout];
        blocklist.setBlocked(payout, blocked[payout]);
        count["toggle block"]++;
    }

    /// @notice The admin suspends an active hospital or reactivates a suspended one.
    function toggleSuspension(uint256 hospitalSeed) external {
        uint256 id = hospitalSeed % HOSPITALS;
        bool wasActive = _active[id];
        bool ok;
        vm.prank(admin);
        if (wasActive) {
            try router.suspend(uint32(id)) {
                ok = true;
            } catch {
                ok = false;
            }
        } else {
            try router.reactivate(uint32(id)) {
                ok = true;
            } catch {
                ok = false;
            }
        }
        if (!ok) return _unexpected("admin", "a suspension or reactivation failed");
        _active[id] = !wasActive;
        count["toggle suspension"]++;
    }

    /// @notice The admin changes the split (hospitals at 4,000 bps or more).
    function changeSplit(uint256 h, uint256 t, uint256 b) external {
        h = 4_000 + (h % 6_001);
        t = t % (10_001 - h);
        b = b % (10_001 - h - t);
        vm.prank(admin);
        try router.setSplit(uint16(h), uint16(t), uint16(b), uint16(10_000 - h - t - b)) {
            _split = [h, t, b, 10_000 - h - t - b];
            count["change split"]++;
        } catch {
            _unexpected("admin", "a valid split was refused");
        }
    }

    /// @notice The admin moves a payee's withdrawals to a fresh address.
    function rotatePayee(uint256 payeeSeed) external {
        uint256 payee = payeeSeed % 3;
        address fresh = address(uint160(0x60000 + ++_fresh));
        vm.prank(admin);
        try router.setPayeeAddress(Payee(payee), fresh) {
            _payeeAddresses[payee] = fresh;
            ledger.addReceiver(fresh);
            count["rotate payee"]++;
        } catch {
            _unexpected("admin", "a payee rotation failed");
        }
    }

    /// @notice Time passes (accesses expire).
    function warp(uint256 seconds_) external {
        vm.warp(block.timestamp + 1 + (seconds_ % 10 days));
    }

    /* VIEWS */

    function allTokens() external view returns (address[] memory) {
        return _tokens;
    }

    function payoutOf(uint256 hospitalId) external view returns (address) {
        return _payouts[hospitalId];
    }

    function payeeAddressOf(Payee payee) external view returns (address) {
        return _payeeAddresses[uint256(payee)];
    }

    function unexpected() external view returns (uint256) {
        return unexpectedPurchases + unexpectedClaims + unexpectedWithdrawals + unexpectedAdmin + reboughtAccessIds;
    }

    /* MODEL */

    /// @dev A fresh quote over the active hospitals picked by `mask` (units 1 to 10^6, sometimes 1),
    /// signed by the attestor. No hospital picked: an empty purchase (the caller skips it).
    function _newPurchase(
        address token,
        uint256 amount,
        uint256 mask,
        uint256 unitsSeed,
        address namedPayer
    ) internal returns (Purchase memory p) {
        uint256 n;
        for (uint256 id; id < HOSPITALS; ++id) if ((mask >> id) & 1 == 1 && _active[id]) ++n;
        p.ids = new uint256[](n);
        p.units = new uint256[](n);
        uint256[] memory usage = new uint256[](n);
        n = 0;
        for (uint256 id; id < HOSPITALS; ++id) {
            if ((mask >> id) & 1 == 0 || !_active[id]) continue;
            uint256 r = uint256(keccak256(abi.encode(unitsSeed, id)));
            p.ids[n] = id;
            p.units[n] = r % 5 == 0 ? 1 : 1 + ((r >> 8) % 1_000_000);
            usage[n] = RouterTestLib.entry(id, p.units[n]);
            ++n;
        }
        if (n == 0) return p;
        p.quote = RouterTestLib.quote(keccak256(abi.encode("access", ++_nonce)), buyer, token, amount, usage);
        p.quote.payer = namedPayer;
        p.signature = RouterTestLib.sign(router, _attestorKey, p.quote);
    }

    /// @dev The model's split of a purchase, with plain integer arithmetic (amounts below 2^90, units
    /// below 2^24: no product overflows): the refusal the router must give (empty when none), the four
    /// parts and each hospital's credit (cumulative floors).
    function _expectedSplit(
        Purchase memory p
    ) internal view returns (bytes memory refusal, uint256[4] memory parts, uint256[] memory credits) {
        uint256 amount = p.quote.amount;
        for (uint256 i; i < 3; ++i) parts[i] = (amount * _split[i]) / 10_000;
        parts[3] = amount - parts[0] - parts[1] - parts[2];
        for (uint256 i; i < 3; ++i) {
            if (_split[i] != 0 && parts[i] == 0) {
                refusal = abi.encodeWithSelector(
                    IDataAccessRouter.DataAccessRouterPartTooSmall.selector,
                    uint8(i),
                    amount,
                    uint16(_split[i])
                );
                return (refusal, parts, credits);
            }
        }
        uint256 total;
        for (uint256 i; i < p.units.length; ++i) total += p.units[i];
        credits = new uint256[](p.units.length);
        uint256 cumulative;
        uint256 previous;
        for (uint256 i; i < p.units.length; ++i) {
            cumulative += p.units[i];
            uint256 upTo = (parts[0] * cumulative) / total;
            credits[i] = upTo - previous;
            previous = upTo;
            if (credits[i] == 0) {
                refusal = abi.encodeWithSelector(
                    IDataAccessRouter.DataAccessRouterHospitalCreditTooSmall.selector,
                    uint32(p.ids[i]),
                    p.units[i],
                    total,
                    parts[0]
                );
                return (refusal, parts, credits);
            }
        }
    }

    /// @dev Compares a purchase's outcome (`reason` empty: it went through) with the model and writes
    /// what went through to the ledger.
    function _purchased(Purchase memory p, bytes memory reason) internal {
        (bytes memory refusal, uint256[4] memory parts, uint256[] memory credits) = _expectedSplit(p);
        if (refusal.length != 0) {
            _expectRefusal(reason, refusal, "purchase", "dust purchase");
            if (reason.length != 0) count["dust refused"]++;
            return;
        }
        if (reason.length != 0) {
            _unexpected("purchase", "a purchase the model accepts was refused");
            return;
        }
        ledger.recordPurchase(
            p.quote.accessId,
            buyer,
            p.quote.accessExpiry,
            p.from,
            p.quote.token,
            p.quote.amount,
            parts,
            p.ids,
            credits
        );
        count["purchase"]++;
    }

    /// @dev A refusal must carry exactly the expected revert data; a call that went through (`reason`
    /// empty) when a refusal was expected is unexpected too.
    function _expectRefusal(bytes memory reason, bytes memory expected, bytes32 kind, string memory what) internal {
        if (keccak256(reason) != keccak256(expected)) _unexpected(kind, what);
    }

    function _unexpected(bytes32 kind, string memory what) internal {
        lastUnexpected = what;
        if (kind == "claim") unexpectedClaims++;
        else if (kind == "withdraw") unexpectedWithdrawals++;
        else if (kind == "admin") unexpectedAdmin++;
        else unexpectedPurchases++;
    }

    function _insufficientAllowance(uint256 amount) internal pure returns (bytes memory) {
        return abi.encodeWithSelector(IDataAccessRouter.DataAccessRouterInsufficientAllowance.selector, 0, amount);
    }

    function _amount(address token, uint256 seed) internal view returns (uint256) {
        if (seed % 4 == 0) return 1 + ((seed >> 2) % 100);
        uint256 decimals = token == address(_stables[0]) ? 6 : 18;
        return 1 + ((seed >> 2) % (10 ** (decimals + 9)));
    }

    function _pick(uint256 mask) internal view returns (address[] memory picked) {
        uint256 n;
        for (uint256 i; i < _tokens.length; ++i) if ((mask >> i) & 1 == 1) ++n;
        if (n == 0) return _tokens;
        picked = new address[](n);
        n = 0;
        for (uint256 i; i < _tokens.length; ++i) if ((mask >> i) & 1 == 1) picked[n++] = _tokens[i];
    }

    function _fundAndApprove(address from, address token, uint256 amount) internal {
        // Both mocks and the stablecoin mint freely.
        TestStablecoin(token).mint(from, amount);
        ledger.fund(from, token, amount);
        _approve(from, token, amount);
    }

    function _approve(address from, address token, uint256 amount) internal {
        vm.prank(from);
        TestStablecoin(token).approve(address(router), amount);
    }

    function _signPermit(
        TestStablecoin token,
        uint256 key,
        uint256 value,
        uint256 deadline
    ) internal view returns (uint8 v, bytes32 r, bytes32 s) {
        address owner = vm.addr(key);
        bytes32 structHash = keccak256(
            abi.encode(PERMIT_TYPEHASH, owner, address(router), value, token.nonces(owner), deadline)
        );
        (v, r, s) = vm.sign(key, keccak256(abi.encodePacked("\x19\x01", token.DOMAIN_SEPARATOR(), structHash)));
    }
}
