// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {BaseTest} from "../utils/BaseTest.sol";
import {RouterTestLib} from "./RouterTestLib.sol";
import {Wide} from "./Wide.sol";
import {DataAccessRouter} from "../../../contracts/payments/DataAccessRouter.sol";
import {AccessStatus, IDataAccessRouter, Quote} from "../../../contracts/interfaces/IDataAccessRouter.sol";
import {Payee} from "../../../contracts/interfaces/IPayeeWithdrawals.sol";
import {TestStablecoin} from "../../../contracts/testnet/TestStablecoin.sol";
import {DoubleEntryToken} from "../../../contracts/mocks/DoubleEntryToken.sol";

/// @notice Fuzz tests of a purchase: every credit within exact rational bounds (an oracle independent of
/// `SplitLib`), dust refused with the party or hospital it would starve, access ids single-use.
contract DataAccessRouterFuzzTest is BaseTest {
    uint256 internal constant ATTESTOR_KEY = 0xA77E57;
    uint256 internal constant HOSPITALS = 300;
    address internal constant BUYER = address(0xB0B);

    DataAccessRouter internal router;
    TestStablecoin internal token;

    function setUp() public {
        token = new TestStablecoin("Test Euro", "tEURC", 6);
        router = RouterTestLib.deploy(ATTESTOR_KEY, [address(0x7), address(0x8), address(0x9)], address(token));
        for (uint256 i; i < HOSPITALS; ++i) {
            router.register(uint32(i), address(uint160(0x10000 + i)), keccak256(abi.encode(i)));
        }
        token.mint(BUYER, type(uint128).max);
        vm.prank(BUYER);
        token.approve(address(router), type(uint256).max);
    }

    /// @dev Any split, any splittable amount, any sorted subset of 1 to 256 registered hospitals with
    /// units up to 2^32, 2^96 or 2^224 - 1. The expectation is independent of `SplitLib`: exact rational
    /// bounds checked by cross-multiplication, in 512 bits where needed (`Wide`).
    function testFuzz_purchase_CreditsWithinExactShares(
        uint256 amount,
        uint256 seed,
        uint256 count,
        uint256 scale,
        uint256 hospitalsBps,
        uint256 treasuryBps
    ) public {
        uint256[3] memory bps = _fuzzSplit(hospitalsBps, treasuryBps, seed);
        (uint256[] memory ids, uint256[] memory units, uint256[] memory usage) = _usage(seed, count, scale);
        // From this amount on every party and hospital gets at least one base unit (dust is refused).
        amount = bound(amount, _smallestSplittable(units, bps), type(uint128).max);
        Quote memory q = RouterTestLib.quote(keccak256(abi.encode(seed)), BUYER, address(token), amount, usage);
        bytes memory signature = RouterTestLib.sign(router, ATTESTOR_KEY, q);
        vm.prank(BUYER);
        router.purchase(q, signature, amount);

        _checkParts(amount, bps, _checkHospitalCredits(ids, units));
        assertEq(token.balanceOf(address(router)), amount, "router received the amount");
        assertTrue(router.isAccessValid(q.accessId), "access recorded");
    }

    /// @dev A revoked or expired access id is never sold again, whatever the new quote says.
    function testFuzz_purchase_RevertWhen_AccessIdUsedRevokedOrExpired(
        uint256 seed,
        bool revoke,
        uint256 wait,
        uint256 amount
    ) public {
        uint256[] memory usage = new uint256[](1);
        usage[0] = RouterTestLib.entry(seed % HOSPITALS, 1);
        bytes32 accessId = keccak256(abi.encode("access", seed));
        Quote memory q = RouterTestLib.quote(accessId, BUYER, address(token), 1_000e6, usage);
        bytes memory signature = RouterTestLib.sign(router, ATTESTOR_KEY, q);
        vm.prank(BUYER);
        router.purchase(q, signature, q.amount);
        if (revoke) {
            vm.prank(vm.addr(ATTESTOR_KEY));
            router.revokeAccess(accessId);
        }
        vm.warp(block.timestamp + bound(wait, 0, 365 days));
        // A new quote for the same id: another amount, job and expiry, freshly signed.
        amount = bound(amount, 5, type(uint128).max);
        Quote memory again = RouterTestLib.quote(accessId, BUYER, address(token), amount, usage);
        again.jobHash = keccak256(abi.encode("another job", seed));
        signature = RouterTestLib.sign(router, ATTESTOR_KEY, again);
        vm.expectRevert(abi.encodeWithSelector(IDataAccessRouter.DataAccessRouterAccessIdUsed.selector, accessId));
        vm.prank(BUYER);
        router.purchase(again, signature, amount);
    }

    function test_wide_Mul() public pure {
        (uint256 hi, uint256 lo) = Wide.mul(type(uint256).max, type(uint256).max);
        assertEq(hi, type(uint256).max - 1, "(2^256 - 1)^2: high word 2^256 - 2");
        assertEq(lo, 1, "(2^256 - 1)^2: low word 1");
        (hi, lo) = Wide.mul(1 << 200, 1 << 100);
        assertEq(hi, 1 << 44, "2^300: high word 2^44");
        assertEq(lo, 0, "2^300: low word 0");
        (hi, lo) = Wide.mul(type(uint128).max, type(uint128).max);
        assertEq(hi, 0, "(2^128 - 1)^2 fits one word");
        assertEq(lo, uint256(type(uint128).max) * type(uint128).max, "(2^128 - 1)^2");
        (hi, lo) = Wide.add(0, type(uint256).max, 1);
        assertTrue(hi == 1 && lo == 0, "carry into the high word");
        assertTrue(Wide.lt(0, 5, 1, 0) && !Wide.lt(1, 0, 0, 5) && Wide.le(1, 0, 1, 0), "comparisons");
    }

    /// @dev An amount too small for a party with a non-zero share: refused, naming the first such part
    /// (hospitals, treasury, buy-back), whatever the split.
    function testFuzz_purchase_RevertWhen_PartTooSmall(
        uint256 amount,
        uint256 hospitalsBps,
        uint256 treasuryBps,
        uint256 buybackBps
    ) public {
        // At 10,000 bps the hospitals' part is the whole amount, never too small: no amount to draw.
        hospitalsBps = bound(hospitalsBps, 4_000, 9_999);
        treasuryBps = bound(treasuryBps, 0, 10_000 - hospitalsBps);
        buybackBps = bound(buybackBps, 0, 10_000 - hospitalsBps - treasuryBps);
        router.setSplit(
            uint16(hospitalsBps),
            uint16(treasuryBps),
            uint16(buybackBps),
            uint16(10_000 - hospitalsBps - treasuryBps - buybackBps)
        );
        // The smallest non-zero share among the three floored parts needs 10,000 / bps base units.
        uint256 smallestBps = hospitalsBps;
        if (treasuryBps != 0 && treasuryBps < smallestBps) smallestBps = treasuryBps;
        if (buybackBps != 0 && buybackBps < smallestBps) smallestBps = buybackBps;
        amount = bound(amount, 1, (10_000 - 1) / smallestBps);
        uint256[3] memory bps = [hospitalsBps, treasuryBps, buybackBps];
        uint256 part;
        while (bps[part] == 0 || amount * bps[part] >= 10_000) ++part;
        uint256[] memory usage = new uint256[](1);
        usage[0] = RouterTestLib.entry(7, 1);
        Quote memory q = RouterTestLib.quote(keccak256(abi.encode(amount)), BUYER, address(token), amount, usage);
        bytes memory signature = RouterTestLib.sign(router, ATTESTOR_KEY, q);
        vm.expectRevert(
            abi.encodeWithSelector(IDataAccessRouter.DataAccessRouterPartTooSmall.selector, part, amount, bps[part])
        );
        vm.prank(BUYER);
        router.purchase(q, signature, amount);
    }

    /// @dev The fuzz test above holds for every input, the full hospitals' share included (it drew
    /// `bound(amount, 1, 0)` there, "min > max", about once in 50 runs).
    function test_purchase_PartTooSmallFuzzAcceptsEveryInput() public {
        testFuzz_purchase_RevertWhen_PartTooSmall(1, 10_000, 0, 0);
        testFuzz_purchase_RevertWhen_PartTooSmall(type(uint256).max, type(uint256).max, 0, 0);
    }

    /// @dev Fewer base units in the hospitals' part than hospitals: some hospital would get nothing, and
    /// the purchase is refused naming the first one (found by plain cumulative floors, small numbers).
    function testFuzz_purchase_RevertWhen_HospitalCreditTooSmall(uint256 amount, uint256 seed, uint256 count) public {
        count = bound(count, 3, 64);
        // Every fixed part non-zero (at least 5 base units), the hospitals' part below `count`.
        amount = bound(amount, 5, (count * 10_000 - 1) / 4_000);
        uint256[] memory usage = new uint256[](count);
        uint256[] memory units = new uint256[](count);
        uint256 total;
        for (uint256 i; i < count; ++i) {
            units[i] = 1 + (uint256(keccak256(abi.encode(seed, i))) % 1_000_000);
            usage[i] = RouterTestLib.entry(3 * i + 1, units[i]);
            total += units[i];
        }
        uint256 part = (amount * 4_000) / 10_000;
        uint256 first;
        uint256 cumulative;
        uint256 previous;
        for (uint256 i; i < count; ++i) {
            cumulative += units[i];
            uint256 upTo = (part * cumulative) / total;
            if (upTo == previous) {
                first = i;
                break;
            }
            previous = upTo;
        }
        assertTrue(part < count, "fewer base units than hospitals");
        Quote memory q = RouterTestLib.quote(keccak256(abi.encode(seed)), BUYER, address(token), amount, usage);
        bytes memory signature = RouterTestLib.sign(router, ATTESTOR_KEY, q);
        vm.expectRevert(
            abi.encodeWithSelector(
                IDataAccessRouter.DataAccessRouterHospitalCreditTooSmall.selector,
                uint32(3 * first + 1),
                units[first],
                total,
                part
            )
        );
        vm.prank(BUYER);
        router.purchase(q, signature, amount);
    }

    /// @dev A split with hospitals at 4,000 bps or more, from two fuzzed values and a seed; `setSplit`.
    function _fuzzSplit(
        uint256 hospitalsBps,
        uint256 treasuryBps,
        uint256 seed
    ) internal returns (uint256[3] memory bps) {
        bps[0] = bound(hospitalsBps, 4_000, 10_000);
        bps[1] = bound(treasuryBps, 0, 10_000 - bps[0]);
        bps[2] = bound(seed >> 128, 0, 10_000 - bps[0] - bps[1]);
        router.setSplit(uint16(bps[0]), uint16(bps[1]), uint16(bps[2]), uint16(10_000 - bps[0] - bps[1] - bps[2]));
    }

    /// @dev `count` (1 to 256) strictly increasing registered ids with random gaps, and their units in a
    /// range picked by `scale`: [1, 2^32], [1, 2^96] or [2^208, 2^224 - 1] (the router's bound).
    function _usage(
        uint256 seed,
        uint256 count,
        uint256 scale
    ) internal pure returns (uint256[] memory ids, uint256[] memory units, uint256[] memory usage) {
        count = bound(count, 1, 256);
        scale = scale % 3;
        uint256 maxUnits = scale == 0 ? 1 << 32 : (scale == 1 ? 1 << 96 : type(uint224).max);
        // Huge units stay within 2^16 of each other, so that some amount below 2^128 splits.
        uint256 minUnits = scale == 2 ? maxUnits >> 16 : 1;
        ids = new uint256[](count);
        units = new uint256[](count);
        usage = new uint256[](count);
        uint256 id;
        uint256 room = HOSPITALS - count;
        for (uint256 i; i < count; ++i) {
            uint256 r = uint256(keccak256(abi.encode(seed, i)));
            uint256 gap = room == 0 ? 0 : (r % (room + 1)) / 4;
            room -= gap;
            id += gap;
            ids[i] = id;
            units[i] = bound(uint256(keccak256(abi.encode(r))), minUnits, maxUnits);
            usage[i] = RouterTestLib.entry(id, units[i]);
            ++id;
        }
    }

    /// @dev Checks each hospital's credit against the exact pro-rata share, independently of `SplitLib`,
    /// and returns the hospitals' part (their sum). With `H` that part, `T` the total units, `c_i` the
    /// units of entries `0..i` and `S_i` the credits of entries `0..i`, the documented rounding is
    /// `S_i = floor(H * c_i / T)`, i.e. `S_i * T <= H * c_i < (S_i + 1) * T`; and each credit `x_i` is
    /// within one unit of `H * u_i / T`: `|x_i * T - H * u_i| < T`. Products reach 2^360: 512 bits.
    function _checkHospitalCredits(uint256[] memory ids, uint256[] memory units) internal view returns (uint256 part) {
        uint256 n = ids.length;
        uint256[] memory credits = new uint256[](n);
        uint256 total;
        for (uint256 i; i < n; ++i) {
            credits[i] = router.hospitalBalance(uint32(ids[i]), address(token));
            part += credits[i];
            total += units[i];
            assertTrue(credits[i] != 0, "every hospital of the usage gets something");
        }
        uint256 cumulativeUnits;
        uint256 cumulativeCredits;
        for (uint256 i; i < n; ++i) {
            cumulativeUnits += units[i];
            cumulativeCredits += credits[i];
            _checkCumulativeFloor(part, cumulativeUnits, cumulativeCredits, total);
            _checkWithinOneUnit(part, units[i], credits[i], total);
        }
    }

    /// @dev `S * T <= H * c < (S + 1) * T`, in 512 bits.
    function _checkCumulativeFloor(
        uint256 part,
        uint256 cumulativeUnits,
        uint256 cumulativeCredits,
        uint256 total
    ) internal pure {
        (uint256 exactHi, uint256 exactLo) = Wide.mul(part, cumulativeUnits);
        (uint256 floorHi, uint256 floorLo) = Wide.mul(cumulativeCredits, total);
        assertTrue(Wide.le(floorHi, floorLo, exactHi, exactLo), "S_i * T <= H * c_i");
        (floorHi, floorLo) = Wide.add(floorHi, floorLo, total);
        assertTrue(Wide.lt(exactHi, exactLo, floorHi, floorLo), "H * c_i < (S_i + 1) * T");
    }

    /// @dev `|x * T - H * u| < T`, in 512 bits.
    function _checkWithinOneUnit(uint256 part, uint256 units, uint256 credit, uint256 total) internal pure {
        (uint256 shareHi, uint256 shareLo) = Wide.mul(part, units);
        (uint256 creditHi, uint256 creditLo) = Wide.mul(credit, total);
        (uint256 hi, uint256 lo) = Wide.add(shareHi, shareLo, total);
        assertTrue(Wide.lt(creditHi, creditLo, hi, lo), "x_i * T < H * u_i + T");
        (hi, lo) = Wide.add(creditHi, creditLo, total);
        assertTrue(Wide.lt(shareHi, shareLo, hi, lo), "H * u_i < x_i * T + T");
    }

    /// @dev The four parts sum to `amount`; three are floors, Galeon's is the remainder, within 3 base
    /// units above its exact share.
    function _checkParts(uint256 amount, uint256[3] memory bps, uint256 hospitals) internal view {
        uint256 treasury = router.payeeBalance(Payee.Treasury, address(token));
        uint256 buyback = router.payeeBalance(Payee.Buyback, address(token));
        uint256 galeon = router.payeeBalance(Payee.Galeon, address(token));
        assertEq(hospitals + treasury + buyback + galeon, amount, "the four parts sum to the amount");
        _assertFloor(hospitals, amount, bps[0], "hospitals' part == floor(amount x bps / 10,000)");
        _assertFloor(treasury, amount, bps[1], "treasury's part == floor(amount x bps / 10,000)");
        _assertFloor(buyback, amount, bps[2], "buy-back's part == floor(amount x bps / 10,000)");
        uint256 galeonExact = amount * (10_000 - bps[0] - bps[1] - bps[2]);
        assertLe(galeonExact, galeon * 10_000, "Galeon's part >= its exact share");
        assertLe(galeon * 10_000, galeonExact + 29_999, "Galeon's part < its exact share + 3");
    }

    /// @dev `part == floor(amount * bps / 10,000)`: `part * 10,000 <= amount * bps < (part + 1) * 10,000`
    /// (amount < 2^128, bps <= 10,000: no product overflows).
    function _assertFloor(uint256 part, uint256 amount, uint256 bps, string memory label) internal pure {
        assertLe(part * 10_000, amount * bps, label);
        assertLe(amount * bps, part * 10_000 + 9_999, label);
    }

    /// @dev The least amount from which every amount credits each party and each hospital at least one
    /// base unit: each floored part with a share needs `ceil(10,000 / bps)`; a hospitals' part
    /// `H >= ceil(T / u_min)` gives every hospital `H * u_i / T >= 1`, so its cumulative floor moves.
    function _smallestSplittable(uint256[] memory units, uint256[3] memory bps) internal pure returns (uint256 amount) {
        uint256 total;
        uint256 least = type(uint256).max;
        for (uint256 i; i < units.length; ++i) {
            total += units[i];
            if (units[i] < least) least = units[i];
        }
        uint256 part = (total + least - 1) / least;
        amount = (part * 10_000 + bps[0] - 1) / bps[0];
        for (uint256 p; p < 3; ++p) {
            if (bps[p] != 0 && (10_000 + bps[p] - 1) / bps[p] > amount) amount = (10_000 + bps[p] - 1) / bps[p];
        }
    }
}

/// @notice Unit tests of the quote's data permit and renewal rules (issue 14): a quote names a permit,
/// an access never outlives it, and a renewal extends an active or expired access of the same buyer to
/// a later expiry, paid and split like any purchase, under its own single-use access id.
contract DataAccessRouterQuoteTest is BaseTest {
    uint256 internal constant ATTESTOR_KEY = 0xA77E57;
    address internal constant BUYER = address(0xB0B);
    address internal constant OTHER_BUYER = address(0xB0C);
    bytes32 internal constant FIRST = keccak256("first access");
    bytes32 internal constant RENEWAL = keccak256("renewal");

    DataAccessRouter internal router;
    TestStablecoin internal token;
    uint256[] internal usage;

    function setUp() public {
        token = new TestStablecoin("Test Euro", "tEURC", 6);
        router = RouterTestLib.deploy(ATTESTOR_KEY, [address(0x7), address(0x8), address(0x9)], address(token));
        router.register(1, address(0x10001), keccak256("h1"));
        router.register(2, address(0x10002), keccak256("h2"));
        usage.push(RouterTestLib.entry(1, 3));
        usage.push(RouterTestLib.entry(2, 1));
        for (uint256 i; i < 2; ++i) {
            address who = i == 0 ? BUYER : OTHER_BUYER;
            token.mint(who, 1e15);
            vm.prank(who);
            token.approve(address(router), type(uint256).max);
        }
    }

    /* DATA PERMITS */

    function test_purchase_RecordsThePermit() public {
        Quote memory q = _quote(FIRST, BUYER);
        vm.expectEmit();
        emit IDataAccessRouter.AccessPermit(FIRST, q.permitId, q.permitExpiry);
        _buy(q);
        (address buyer, uint64 expiry, AccessStatus status, bytes32 permitId, uint64 permitExpiry) = router
            .accessRecord(FIRST);
        assertEq(buyer, BUYER, "buyer recorded");
        assertEq(expiry, q.accessExpiry, "access expiry recorded");
        assertEq(uint256(status), uint256(AccessStatus.Active), "active");
        assertTrue(permitId == RouterTestLib.permitOf(FIRST), "permit id recorded");
        assertEq(permitExpiry, q.permitExpiry, "permit expiry recorded");
    }

    function test_purchase_AccessMayEndWithItsPermit() public {
        Quote memory q = _quote(FIRST, BUYER);
        q.permitExpiry = q.accessExpiry;
        _buy(q);
        (, uint64 expiry, , , uint64 permitExpiry) = router.accessRecord(FIRST);
        assertEq(expiry, permitExpiry, "access ends with its permit");
    }

    function test_purchase_RevertWhen_PermitIdZero() public {
        Quote memory q = _quote(FIRST, BUYER);
        q.permitId = bytes32(0);
        _expectRefused(q, abi.encodeWithSelector(IDataAccessRouter.DataAccessRouterZeroPermitId.selector));
    }

    function test_purchase_RevertWhen_AccessOutlivesPermit() public {
        Quote memory q = _quote(FIRST, BUYER);
        q.permitExpiry = q.accessExpiry - 1;
        _expectRefused(
            q,
            abi.encodeWithSelector(
                IDataAccessRouter.DataAccessRouterAccessOutlivesPermit.selector,
                q.accessExpiry,
                q.permitExpiry
            )
        );
    }

    /// @dev Expiries are stored in 40 bits: one beyond reads as 2^40 - 1, and the access is still valid.
    function test_accessRecord_SaturatesFarExpiries() public {
        Quote memory q = _quote(FIRST, BUYER);
        q.accessExpiry = type(uint64).max;
        q.permitExpiry = type(uint64).max;
        _buy(q);
        (, uint64 expiry, , , uint64 permitExpiry) = router.accessRecord(FIRST);
        assertEq(expiry, type(uint40).max, "access expiry saturates");
        assertEq(permitExpiry, type(uint40).max, "permit expiry saturates");
        assertTrue(router.isAccessValid(FIRST), "still valid");
    }

    /// @dev The new fields are signed: a quote whose permit or renewal was changed after signing is refused.
    function test_purchase_RevertWhen_PermitOrRenewalChangedAfterSigning() public {
        for (uint256 field; field < 3; ++field) {
            Quote memory q = _quote(FIRST, BUYER);
            bytes memory signature = RouterTestLib.sign(router, ATTESTOR_KEY, q);
            if (field == 0) q.permitId = keccak256("another permit");
            else if (field == 1) q.permitExpiry += 1;
            else q.renews = keccak256("another access");
            vm.prank(BUYER);
            try router.purchase(q, signature, q.amount) {
                assertTrue(false, "a changed field is refused");
            } catch (bytes memory reason) {
                assertTrue(
                    bytes4(reason) == IDataAccessRouter.DataAccessRouterInvalidSigner.selector,
                    "refused as not signed by the attestor"
                );
            }
        }
    }

    /* RENEWALS */

    function test_purchase_RenewsAnActiveAccess() public {
        _buy(_quote(FIRST, BUYER));
        Quote memory r = _renewal(FIRST, BUYER, uint64(block.timestamp + 90 days));
        vm.expectEmit();
        emit IDataAccessRouter.AccessPermit(RENEWAL, r.permitId, r.permitExpiry);
        vm.expectEmit();
        emit IDataAccessRouter.AccessRenewed(FIRST, RENEWAL, r.accessExpiry);
        _buy(r);
        (address buyer, uint64 expiry, AccessStatus status, bytes32 permitId, uint64 permitExpiry) = router
            .accessRecord(FIRST);
        assertEq(buyer, BUYER, "renewed access keeps its buyer");
        assertEq(expiry, r.accessExpiry, "renewed access ends at the new expiry");
        assertEq(uint256(status), uint256(AccessStatus.Active), "renewed access active");
        assertTrue(permitId == r.permitId, "renewed access runs under the renewal's permit");
        assertEq(permitExpiry, r.permitExpiry, "renewed access's permit expiry is the renewal's");
        (buyer, expiry, status, permitId, ) = router.accessRecord(RENEWAL);
        assertEq(buyer, BUYER, "the renewal has its own record");
        assertEq(expiry, r.accessExpiry, "the renewal's own record ends at the new expiry");
        assertTrue(permitId == r.permitId, "the renewal's own record names its permit");
        vm.warp(block.timestamp + 60 days);
        assertTrue(router.isAccessValid(FIRST), "renewed access valid past its first expiry");
    }

    function test_purchase_RenewsAnExpiredAccess() public {
        _buy(_quote(FIRST, BUYER));
        vm.warp(block.timestamp + 31 days);
        assertTrue(!router.isAccessValid(FIRST), "expired");
        Quote memory r = _renewal(FIRST, BUYER, uint64(block.timestamp + 30 days));
        _buy(r);
        (, uint64 expiry, , , ) = router.accessRecord(FIRST);
        assertEq(expiry, r.accessExpiry, "expired access extended");
        assertTrue(router.isAccessValid(FIRST), "valid again");
    }

    function test_purchase_RenewalIsPaidAndSplitLikeAnyPurchase() public {
        _buy(_quote(FIRST, BUYER));
        uint256 h1 = router.hospitalBalance(1, address(token));
        uint256 treasury = router.payeeBalance(Payee.Treasury, address(token));
        Quote memory r = _renewal(FIRST, BUYER, uint64(block.timestamp + 60 days));
        uint256 before = token.balanceOf(BUYER);
        _buy(r);
        assertEq(before - token.balanceOf(BUYER), r.amount, "the buyer paid the renewal");
        // 1,000 EURC: hospitals 400 (3:1 -> 300, 100), treasury 300.
        assertEq(router.hospitalBalance(1, address(token)) - h1, 300e6, "hospital 1 credited pro rata");
        assertEq(router.payeeBalance(Payee.Treasury, address(token)) - treasury, 300e6, "treasury credited 30%");
    }

    function test_purchase_RenewalAccessIdIsSingleUse() public {
        _buy(_quote(FIRST, BUYER));
        _buy(_renewal(FIRST, BUYER, uint64(block.timestamp + 60 days)));
        Quote memory again = _renewal(FIRST, BUYER, uint64(block.timestamp + 90 days));
        _expectRefused(again, abi.encodeWithSelector(IDataAccessRouter.DataAccessRouterAccessIdUsed.selector, RENEWAL));
    }

    function test_purchase_RevertWhen_RenewsUnknownAccess() public {
        _expectRefused(
            _renewal(FIRST, BUYER, uint64(block.timestamp + 60 days)),
            abi.encodeWithSelector(IDataAccessRouter.DataAccessRouterAccessNotActive.selector, FIRST, AccessStatus.None)
        );
    }

    function test_purchase_RevertWhen_RenewsRevokedAccess() public {
        _buy(_quote(FIRST, BUYER));
        router.revokeAccess(FIRST);
        _expectRefused(
            _renewal(FIRST, BUYER, uint64(block.timestamp + 60 days)),
            abi.encodeWithSelector(
                IDataAccessRouter.DataAccessRouterAccessNotActive.selector,
                FIRST,
                AccessStatus.Revoked
            )
        );
    }

    /// @dev The buyer must be the same account, not one that sorts below it.
    function test_purchase_RevertWhen_RenewalBuyerSortsBelowTheOriginal() public {
        address lower = address(0xB0A);
        token.mint(lower, 1e15);
        vm.prank(lower);
        token.approve(address(router), type(uint256).max);
        _buy(_quote(FIRST, BUYER));
        _expectRefused(
            _renewal(FIRST, lower, uint64(block.timestamp + 60 days)),
            abi.encodeWithSelector(IDataAccessRouter.DataAccessRouterRenewalBuyerMismatch.selector, FIRST, lower, BUYER)
        );
    }

    function test_purchase_RevertWhen_RenewalBuyerMismatch() public {
        _buy(_quote(FIRST, BUYER));
        _expectRefused(
            _renewal(FIRST, OTHER_BUYER, uint64(block.timestamp + 60 days)),
            abi.encodeWithSelector(
                IDataAccessRouter.DataAccessRouterRenewalBuyerMismatch.selector,
                FIRST,
                OTHER_BUYER,
                BUYER
            )
        );
    }

    function test_purchase_RevertWhen_RenewalNotLater() public {
        Quote memory q = _quote(FIRST, BUYER);
        _buy(q);
        for (uint256 earlier; earlier < 2; ++earlier) {
            uint64 newExpiry = q.accessExpiry - uint64(earlier);
            _expectRefused(
                _renewal(FIRST, BUYER, newExpiry),
                abi.encodeWithSelector(
                    IDataAccessRouter.DataAccessRouterRenewalNotLater.selector,
                    FIRST,
                    newExpiry,
                    q.accessExpiry
                )
            );
        }
    }

    /* HELPERS */

    function _quote(bytes32 accessId, address buyer) internal view returns (Quote memory) {
        return RouterTestLib.quote(accessId, buyer, address(token), 1_000e6, usage);
    }

    /// @dev A renewal of `renews` under a new permit of two years, ending at `accessExpiry`.
    function _renewal(bytes32 renews, address buyer, uint64 accessExpiry) internal view returns (Quote memory r) {
        r = _quote(RENEWAL, buyer);
        r.accessExpiry = accessExpiry;
        r.permitExpiry = uint64(block.timestamp + 730 days);
        r.renews = renews;
    }

    function _buy(Quote memory q) internal {
        bytes memory signature = RouterTestLib.sign(router, ATTESTOR_KEY, q);
        vm.prank(q.buyer);
        router.purchase(q, signature, q.amount);
    }

    function _expectRefused(Quote memory q, bytes memory expected) internal {
        bytes memory signature = RouterTestLib.sign(router, ATTESTOR_KEY, q);
        vm.expectRevert(expected);
        vm.prank(q.buyer);
        router.purchase(q, signature, q.amount);
    }
}

/// @notice Unit tests of what a purchase leaves behind: the payees' withdrawals, a purchase paid with an
/// ERC-2612 permit, and token recovery (issue 16: no recovery lowers what the router holds of a payment
/// token, whatever address it names). Written to kill the mutants `npm run mutation` found alive.
contract DataAccessRouterPayeesTest is BaseTest {
    uint256 internal constant ATTESTOR_KEY = 0xA77E57;
    uint256 internal constant PERMIT_BUYER_KEY = 0xB0B0;
    address internal constant BUYER = address(0xB0B);
    address internal constant TREASURY = address(0x7);
    address internal constant BUYBACK = address(0x8);
    address internal constant GALEON = address(0x9);
    uint256 internal constant PRICE = 1_000e6;
    bytes32 internal constant PERMIT_TYPEHASH = keccak256(
        "Permit(address owner,address spender,uint256 value,uint256 nonce,uint256 deadline)"
    );

    DataAccessRouter internal router;
    TestStablecoin internal token;
    uint256[] internal usage;

    function setUp() public {
        token = new TestStablecoin("Test Euro", "tEURC", 6);
        router = RouterTestLib.deploy(ATTESTOR_KEY, [TREASURY, BUYBACK, GALEON], address(token));
        router.register(1, address(0x10001), keccak256("h1"));
        usage.push(RouterTestLib.entry(1, 1));
        token.mint(BUYER, 1e15);
        vm.prank(BUYER);
        token.approve(address(router), type(uint256).max);
    }

    function _buy(bytes32 accessId) internal {
        _purchase(RouterTestLib.quote(accessId, BUYER, address(token), PRICE, usage));
    }

    function _tokens() internal view returns (address[] memory tokens) {
        tokens = new address[](1);
        tokens[0] = address(token);
    }

    /* WITHDRAWALS */

    /// @dev The default split (40% hospitals, 30% treasury, 20% buy-back, 10% Galeon): each payee withdraws
    /// its part to its address, once; a second withdrawal pays, emits and transfers nothing.
    function test_withdrawPayee_PaysEachPayeeItsPartOnceToItsAddress() public {
        _buy(keccak256("a"));
        Payee[3] memory payees = [Payee.Treasury, Payee.Buyback, Payee.Galeon];
        address[3] memory to = [TREASURY, BUYBACK, GALEON];
        uint256[3] memory parts = [uint256(300e6), 200e6, 100e6];
        for (uint256 p; p < 3; ++p) {
            assertEq(router.payeeBalance(payees[p], address(token)), parts[p], "balance before");
            vm.expectEmit();
            emit IDataAccessRouter.PayeeWithdrawn(payees[p], address(token), to[p], parts[p]);
            uint256[] memory amounts = router.withdrawPayee(payees[p], _tokens());
            assertEq(amounts.length, 1, "one amount per token");
            assertEq(amounts[0], parts[p], "amount withdrawn");
            assertEq(token.balanceOf(to[p]), parts[p], "paid to the payee's address");
            assertEq(router.payeeBalance(payees[p], address(token)), 0, "balance after");
        }
        assertEq(token.balanceOf(address(router)), 400e6, "the hospitals' part stays");

        vm.recordLogs();
        for (uint256 p; p < 3; ++p) {
            uint256[] memory amounts = router.withdrawPayee(payees[p], _tokens());
            assertEq(amounts[0], 0, "nothing left");
        }
        assertEq(vm.getRecordedLogs().length, 0, "an empty withdrawal emits and transfers nothing");
        assertEq(token.balanceOf(address(router)), 400e6, "unchanged");
    }

    /* PURCHASE WITH AN ERC-2612 PERMIT */

    /// @dev The allowance checked is the caller's (the buyer's), set by its permit in the same call; the
    /// transaction's origin (here another account) plays no part.
    function test_purchaseWithPermit_PaysWithTheCallersPermit() public {
        address buyer = vm.addr(PERMIT_BUYER_KEY);
        token.mint(buyer, PRICE);
        Quote memory q = RouterTestLib.quote(keccak256("permit"), buyer, address(token), PRICE, usage);
        bytes memory signature = RouterTestLib.sign(router, ATTESTOR_KEY, q);
        uint256 deadline = block.timestamp + 1 hours;
        bytes32 digest = keccak256(
            abi.encodePacked(
                "\x19\x01",
                token.DOMAIN_SEPARATOR(),
                keccak256(abi.encode(PERMIT_TYPEHASH, buyer, address(router), PRICE, token.nonces(buyer), deadline))
            )
        );
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(PERMIT_BUYER_KEY, digest);
        vm.prank(buyer);
        router.purchaseWithPermit(q, signature, PRICE, deadline, v, r, s);
        assertEq(token.balanceOf(buyer), 0, "paid");
        assertTrue(router.isAccessValid(q.accessId), "access granted");
    }

    /* WHO PAYS, WHO ADMINISTERS */

    /// @dev Only the buyer or the quote's named payer pays: a third account is refused, whether its
    /// address sorts above or below the payer's.
    function test_purchase_RevertWhen_PaidByNeitherTheBuyerNorThePayer() public {
        address payer = address(0x1000);
        address[2] memory strangers = [address(0x0FFF), address(0x1001)];
        for (uint256 i; i < 2; ++i) {
            token.mint(strangers[i], PRICE);
            vm.prank(strangers[i]);
            token.approve(address(router), PRICE);
            Quote memory q = RouterTestLib.quote(keccak256(abi.encode(i)), BUYER, address(token), PRICE, usage);
            q.payer = payer;
            bytes memory signature = RouterTestLib.sign(router, ATTESTOR_KEY, q);
            vm.expectRevert(
                abi.encodeWithSelector(
                    IDataAccessRouter.DataAccessRouterPayerNotAllowed.selector,
                    strangers[i],
                    BUYER,
                    payer
                )
            );
            vm.prank(strangers[i]);
            router.purchase(q, signature, PRICE);
        }
        token.mint(payer, PRICE);
        vm.prank(payer);
        token.approve(address(router), PRICE);
        Quote memory paid = RouterTestLib.quote(keccak256("paid"), BUYER, address(token), PRICE, usage);
        paid.payer = payer;
        bytes memory paidSignature = RouterTestLib.sign(router, ATTESTOR_KEY, paid);
        vm.prank(payer);
        router.purchase(paid, paidSignature, PRICE);
        assertEq(token.balanceOf(payer), 0, "the payer paid");
    }

    /// @dev Every admin function refuses a stranger with OpenZeppelin's error, and changes nothing.
    function test_adminFunctions_RevertWhen_CalledByAStranger() public {
        address stranger = address(0x5A);
        bytes memory refusal = abi.encodeWithSignature("OwnableUnauthorizedAccount(address)", stranger);
        vm.startPrank(stranger);
        vm.expectRevert(refusal);
        router.setTokenAllowed(address(token), false);
        vm.expectRevert(refusal);
        router.recoverToken(address(0xDEAD), stranger, 1);
        vm.expectRevert(refusal);
        router.setAttestor(stranger);
        vm.expectRevert(refusal);
        router.setSplit(2_500, 2_500, 2_500, 2_500);
        vm.expectRevert(refusal);
        router.setPayeeAddress(Payee.Treasury, stranger);
        vm.stopPrank();
        assertTrue(router.isTokenAllowed(address(token)), "token kept");
        assertEq(router.attestor(), vm.addr(ATTESTOR_KEY), "attestor kept");
        assertEq(router.payeeAddress(Payee.Treasury), TREASURY, "payee kept");
        (uint16 h, , , ) = router.split();
        assertEq(h, 4_000, "split kept");
    }

    /* QUOTE AND ACCESS EXPIRY */

    function _purchase(Quote memory q) internal {
        bytes memory signature = RouterTestLib.sign(router, ATTESTOR_KEY, q);
        vm.prank(BUYER);
        router.purchase(q, signature, q.amount);
    }

    /// @dev A quote is accepted up to its deadline second, refused from the next, with both times.
    function test_purchase_RevertWhen_QuoteExpired() public {
        Quote memory q = RouterTestLib.quote(keccak256("late"), BUYER, address(token), PRICE, usage);
        q.deadline = uint64(block.timestamp + 10);
        vm.warp(q.deadline + 1);
        bytes memory signature = RouterTestLib.sign(router, ATTESTOR_KEY, q);
        vm.expectRevert(
            abi.encodeWithSelector(IDataAccessRouter.DataAccessRouterQuoteExpired.selector, q.deadline, q.deadline + 1)
        );
        vm.prank(BUYER);
        router.purchase(q, signature, PRICE);
        vm.warp(q.deadline);
        _purchase(q);
        assertTrue(router.isAccessValid(q.accessId), "accepted at its deadline");
    }

    /// @dev An access must end after the purchase's block: one ending in it is refused, with both times.
    function test_purchase_RevertWhen_AccessExpiryPassed() public {
        Quote memory q = RouterTestLib.quote(keccak256("past"), BUYER, address(token), PRICE, usage);
        q.accessExpiry = uint64(block.timestamp);
        bytes memory signature = RouterTestLib.sign(router, ATTESTOR_KEY, q);
        vm.roll(block.number + 5);
        vm.expectRevert(
            abi.encodeWithSelector(
                IDataAccessRouter.DataAccessRouterAccessExpiryPassed.selector,
                q.accessExpiry,
                block.timestamp
            )
        );
        vm.prank(BUYER);
        router.purchase(q, signature, PRICE);
        q.accessExpiry = uint64(block.timestamp + 1);
        _purchase(q);
        assertTrue(router.isAccessValid(q.accessId), "an access ending a second later is sold");
    }

    /* ACCESS */

    /// @dev Valid while active and before its expiry second; never again once revoked; an unknown id never.
    function test_isAccessValid_UntilItsExpiryUnlessRevoked() public {
        bytes32 kept = keccak256("kept");
        bytes32 revoked = keccak256("revoked");
        assertTrue(!router.isAccessValid(kept), "unknown");
        _buy(kept);
        _buy(revoked);
        assertTrue(router.isAccessValid(kept) && router.isAccessValid(revoked), "both valid");
        vm.expectEmit();
        emit IDataAccessRouter.AccessRevoked(revoked, address(this));
        router.revokeAccess(revoked);
        (, uint64 expiry, AccessStatus status, , ) = router.accessRecord(revoked);
        assertEq(uint256(status), uint256(AccessStatus.Revoked), "revoked");
        assertTrue(!router.isAccessValid(revoked), "a revoked access is not valid");
        vm.warp(expiry - 1);
        assertTrue(router.isAccessValid(kept), "valid until its last second");
        vm.warp(expiry);
        assertTrue(!router.isAccessValid(kept), "expired");
    }

    /* RECOVERY */

    function test_recoverToken_SendsAStrayTokenAndEmits() public {
        TestStablecoin stray = new TestStablecoin("Stray", "STR", 18);
        stray.mint(address(router), 5e18);
        vm.expectEmit();
        emit IDataAccessRouter.TokenRecovered(address(stray), address(0xCAFE), 5e18);
        assertEq(router.recoverToken(address(stray), address(0xCAFE), type(uint256).max), 5e18, "all of it");
        assertEq(stray.balanceOf(address(0xCAFE)), 5e18, "recovered");
    }

    /// @dev Allowlisting and delisting each emit; a token allowlisted once stays a payment token for
    /// `recoverToken` after it is delisted.
    function test_setTokenAllowed_EmitsEachChangeAndAPaymentTokenStaysUnrecoverable() public {
        TestStablecoin other = new TestStablecoin("Other", "OTH", 18);
        vm.expectEmit();
        emit IDataAccessRouter.TokenAllowedSet(address(other), true);
        router.setTokenAllowed(address(other), true);
        assertTrue(router.isTokenAllowed(address(other)), "allowed");
        vm.expectEmit();
        emit IDataAccessRouter.TokenAllowedSet(address(other), false);
        router.setTokenAllowed(address(other), false);
        assertTrue(!router.isTokenAllowed(address(other)), "delisted");
        other.mint(address(router), 1e18);
        vm.expectRevert(
            abi.encodeWithSelector(IDataAccessRouter.DataAccessRouterTokenNotRecoverable.selector, address(other))
        );
        router.recoverToken(address(other), address(0xCAFE), 1e18);
    }

    /// @dev A payment token reachable at a second address (a legacy entry point that moves the same
    /// balances): a recovery naming that address would lower what the router holds of the payment token.
    function test_recoverToken_RevertWhen_ItLowersAPaymentTokenThroughAnotherAddress() public {
        DoubleEntryToken dual = new DoubleEntryToken();
        router.setTokenAllowed(address(dual), true);
        dual.mint(address(router), 7e18);
        address legacy = dual.legacy();
        vm.expectRevert(
            abi.encodeWithSelector(
                IDataAccessRouter.DataAccessRouterRecoveryLowersPaymentToken.selector,
                legacy,
                address(dual),
                7e18,
                0
            )
        );
        router.recoverToken(legacy, address(0xCAFE), type(uint256).max);
        assertEq(dual.balanceOf(address(router)), 7e18, "kept");
    }
}
