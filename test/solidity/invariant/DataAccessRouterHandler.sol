// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Vm} from "../utils/Vm.sol";
import {RouterTestLib} from "../payments/RouterTestLib.sol";
import {DataAccessRouter} from "../../../contracts/payments/DataAccessRouter.sol";
import {Quote} from "../../../contracts/interfaces/IDataAccessRouter.sol";
import {Payee} from "../../../contracts/interfaces/IPayeeWithdrawals.sol";
import {TestStablecoin} from "../../../contracts/testnet/TestStablecoin.sol";

/// @notice Drives the router at random: purchases (random token, amount and usage vector over the
/// active hospitals), hospital claims, payee withdrawals, payout rotations, suspensions and
/// reactivations, split changes. Keeps ghost totals of what was paid in and paid out per token.
contract DataAccessRouterHandler {
    Vm internal constant vm = Vm(address(uint160(uint256(keccak256("hevm cheat code")))));

    uint256 public constant HOSPITALS = 12;

    DataAccessRouter public immutable router;
    address public immutable admin;
    uint256 internal immutable ATTESTOR_KEY;
    address internal immutable BUYER;
    TestStablecoin[] internal _tokens;

    mapping(address token => uint256) public paidIn;
    mapping(address token => uint256) public paidOut;
    uint256 public purchases;
    uint256 internal _nonce;

    constructor(
        DataAccessRouter router_,
        address admin_,
        uint256 attestorKey,
        address buyer,
        TestStablecoin[] memory tokens_
    ) {
        router = router_;
        admin = admin_;
        ATTESTOR_KEY = attestorKey;
        BUYER = buyer;
        for (uint256 i; i < tokens_.length; ++i) _tokens.push(tokens_[i]);
    }

    function tokenCount() external view returns (uint256) {
        return _tokens.length;
    }

    function tokenAt(uint256 i) external view returns (address) {
        return address(_tokens[i]);
    }

    function buy(uint256 tokenSeed, uint256 amount, uint256 mask, uint256 unitsSeed) external {
        TestStablecoin token = _tokens[tokenSeed % _tokens.length];
        amount = 1 + (amount % (10 ** (token.decimals() + 9)));
        // The usage vector: the active hospitals picked by `mask`, in increasing order.
        uint256[] memory picked = new uint256[](HOSPITALS);
        uint256 n;
        for (uint256 id; id < HOSPITALS; ++id) {
            if ((mask >> id) & 1 == 1 && router.isActive(uint32(id))) {
                uint256 units = 1 + (uint256(keccak256(abi.encode(unitsSeed, id))) % 1_000_000);
                picked[n++] = RouterTestLib.entry(id, units);
            }
        }
        if (n == 0) return;
        uint256[] memory usage = new uint256[](n);
        for (uint256 i; i < n; ++i) usage[i] = picked[i];
        Quote memory q = RouterTestLib.quote(
            keccak256(abi.encode("access", ++_nonce)),
            BUYER,
            address(token),
            amount,
            usage
        );
        bytes memory signature = RouterTestLib.sign(router, ATTESTOR_KEY, q);
        token.mint(BUYER, amount);
        vm.startPrank(BUYER);
        token.approve(address(router), amount);
        router.purchase(q, signature, amount);
        vm.stopPrank();
        paidIn[address(token)] += amount;
        purchases++;
    }

    function claim(uint256 hospitalSeed) external {
        uint32 id = uint32(hospitalSeed % HOSPITALS);
        address[] memory tokens = _allTokens();
        uint256[] memory amounts = router.claimHospital(id, tokens);
        for (uint256 i; i < tokens.length; ++i) paidOut[tokens[i]] += amounts[i];
    }

    function withdraw(uint256 payeeSeed) external {
        address[] memory tokens = _allTokens();
        uint256[] memory amounts = router.withdrawPayee(Payee(payeeSeed % 3), tokens);
        for (uint256 i; i < tokens.length; ++i) paidOut[tokens[i]] += amounts[i];
    }

    function rotatePayout(uint256 hospitalSeed, uint160 newPayout) external {
        uint32 id = uint32(hospitalSeed % HOSPITALS);
        address payout = address(uint160(0x50000) + (newPayout % 1000));
        vm.prank(router.payoutOf(id));
        router.setPayout(id, payout);
    }

    function toggleSuspension(uint256 hospitalSeed) external {
        uint32 id = uint32(hospitalSeed % HOSPITALS);
        bool active = router.isActive(id);
        // The prank must come right before the admin call, not before the view above.
        vm.prank(admin);
        if (active) router.suspend(id);
        else router.reactivate(id);
    }

    function changeSplit(uint256 h, uint256 t, uint256 b) external {
        h = 4_000 + (h % 6_001);
        t = t % (10_001 - h);
        b = b % (10_001 - h - t);
        vm.prank(admin);
        router.setSplit(uint16(h), uint16(t), uint16(b), uint16(10_000 - h - t - b));
    }

    function _allTokens() internal view returns (address[] memory tokens) {
        tokens = new address[](_tokens.length);
        for (uint256 i; i < tokens.length; ++i) tokens[i] = address(_tokens[i]);
    }
}
