// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {BaseTest} from "../utils/BaseTest.sol";
import {RouterTestLib} from "./RouterTestLib.sol";
import {DataAccessRouter} from "../../../contracts/payments/DataAccessRouter.sol";
import {JobEscrow} from "../../../contracts/payments/JobEscrow.sol";
import {Quote} from "../../../contracts/interfaces/IDataAccessRouter.sol";
import {LockTerms} from "../../../contracts/interfaces/IJobEscrow.sol";
import {BlocklistToken} from "../../../contracts/mocks/BlocklistToken.sol";
import {FeeOnTransferToken} from "../../../contracts/mocks/FeeOnTransferToken.sol";
import {ReentrantToken} from "../../../contracts/mocks/ReentrantToken.sol";
import {TestStablecoin} from "../../../contracts/testnet/TestStablecoin.sol";

/// @notice The escrow's test fixture: a router with 19 hospitals and four allowlisted tokens (a 6-decimal
/// stablecoin, a blocklisting, a fee-on-transfer and a reentrant token), the escrow on it, a buyer with a
/// key (for approvals), a payer, and builders for lock terms and settlement quotes.
abstract contract EscrowTestBase is BaseTest {
    uint256 internal constant ATTESTOR_KEY = 0xA77E57;
    uint256 internal constant BUYER_KEY = 0xB0B;
    uint256 internal constant HOSPITALS = 19;
    address internal constant PAYER = address(0xFA7E5);
    address internal constant STRANGER = address(0x57A4);
    address internal constant GUARDIAN = address(0x6A4D);
    bytes32 internal constant JOB = keccak256("job: swarm training, permit 2026-042, purpose: sepsis model");
    bytes32 internal constant PERMIT = keccak256("HDAB permit 2026-042");

    DataAccessRouter internal router;
    JobEscrow internal escrow;
    TestStablecoin internal eurc;
    BlocklistToken internal blocklist;
    FeeOnTransferToken internal feeToken;
    ReentrantToken internal reentrant;
    address internal buyer;

    function setUp() public virtual {
        buyer = vm.addr(BUYER_KEY);
        eurc = new TestStablecoin("Test Euro", "tEURC", 6);
        blocklist = new BlocklistToken();
        feeToken = new FeeOnTransferToken();
        reentrant = new ReentrantToken();
        address[] memory tokens = new address[](4);
        tokens[0] = address(eurc);
        tokens[1] = address(blocklist);
        tokens[2] = address(feeToken);
        tokens[3] = address(reentrant);
        router = RouterTestLib.deploy(ATTESTOR_KEY, [address(0x70001), address(0x70002), address(0x70003)], tokens);
        for (uint256 i = 1; i <= HOSPITALS; ++i) {
            router.register(uint32(i), address(uint160(0x10000 + i)), keccak256(abi.encode(i)));
        }
        escrow = new JobEscrow(address(this), GUARDIAN, uint64(block.timestamp + 365 days), router);
        address[3] memory payers = [PAYER, STRANGER, buyer];
        for (uint256 i; i < 3; ++i) {
            eurc.mint(payers[i], 1e15);
            blocklist.mint(payers[i], 1e15);
            feeToken.mint(payers[i], 1e15);
            reentrant.mint(payers[i], 1e15);
            vm.startPrank(payers[i]);
            eurc.approve(address(escrow), type(uint256).max);
            blocklist.approve(address(escrow), type(uint256).max);
            feeToken.approve(address(escrow), type(uint256).max);
            reentrant.approve(address(escrow), type(uint256).max);
            vm.stopPrank();
        }
    }

    /// @dev Terms of a lock for the buyer's job in tEURC, settle-by in 7 days, salt zero.
    function _terms(uint256 maxAmount, uint256 autoSettleLimit) internal view returns (LockTerms memory) {
        return
            LockTerms({
                buyer: buyer,
                token: address(eurc),
                maxAmount: uint96(maxAmount),
                autoSettleLimit: uint96(autoSettleLimit),
                settleBy: uint64(block.timestamp + 7 days),
                jobHash: JOB,
                salt: bytes32(0)
            });
    }

    function _fund(address payer, LockTerms memory terms) internal returns (bytes32 lockId) {
        vm.prank(payer);
        lockId = escrow.fund(terms);
    }

    /// @dev The attestor's settlement of `lockId` for `amount` on `usage`, as the router quote it signs.
    function _settlement(
        bytes32 lockId,
        LockTerms memory terms,
        uint256 amount,
        uint256[] memory usage
    ) internal view returns (Quote memory q) {
        q = RouterTestLib.quote(lockId, terms.buyer, terms.token, amount, usage);
        q.payer = address(escrow);
        q.jobHash = terms.jobHash;
        q.permitId = PERMIT;
    }

    function _sign(Quote memory q) internal view returns (bytes memory) {
        return RouterTestLib.sign(router, ATTESTOR_KEY, q);
    }

    /// @dev The buyer's `SettlementApproval` of `q`.
    function _approve(Quote memory q) internal view returns (bytes memory) {
        bytes32 digest = escrow.settlementApprovalDigest(q.accessId, router.quoteDigest(q));
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(BUYER_KEY, digest);
        return abi.encodePacked(r, s, v);
    }

    /// @dev `count` hospitals from id `first`, `units` each.
    function _usage(uint256 first, uint256 count, uint256 units) internal pure returns (uint256[] memory usage) {
        usage = new uint256[](count);
        for (uint256 i; i < count; ++i) usage[i] = RouterTestLib.entry(first + i, units);
    }

    function _settle(Quote memory q) internal {
        bytes memory signature = _sign(q);
        escrow.settle(q, signature, "");
    }
}
