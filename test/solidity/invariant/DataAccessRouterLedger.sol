// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {AccessStatus} from "../../../contracts/interfaces/IDataAccessRouter.sol";
import {Payee} from "../../../contracts/interfaces/IPayeeWithdrawals.sol";

/// @notice The ghost ledger of the router's invariant tests, per party and per address: what each
/// hospital and each payee was credited and paid, what each receiving address and each payer should
/// hold, and every access record. It is written only from the handler's own model (its split, its
/// payout and payee addresses, its rounding), never from the router's answers, so the invariants can
/// compare the router with it party by party.
/// @dev Reusable: a suite-wide handler (router + buy-back) writes to it too. Only the writers the
/// deployer named write.
contract DataAccessRouterLedger {
    struct Access {
        address buyer;
        uint64 expiry;
        AccessStatus status;
    }

    address public immutable DEPLOYER;
    mapping(address account => bool) public isWriter;

    /* PARTIES */

    mapping(uint256 hospitalId => mapping(address token => uint256)) public hospitalCredited;
    mapping(uint256 hospitalId => mapping(address token => uint256)) public hospitalClaimed;
    mapping(Payee payee => mapping(address token => uint256)) public payeeCredited;
    mapping(Payee payee => mapping(address token => uint256)) public payeeWithdrawn;

    /* TOKENS IN AND OUT OF THE ROUTER */

    mapping(address token => uint256) public paidIn;
    mapping(address token => uint256) public paidOut;

    /* ADDRESSES */

    /// @dev What each receiving address (payout or payee address, current or former) was paid.
    mapping(address account => mapping(address token => uint256)) public received;
    /// @dev What the handler minted to each payer, and what the router took from it.
    mapping(address account => mapping(address token => uint256)) public funded;
    mapping(address account => mapping(address token => uint256)) public spent;
    address[] internal _receivers;
    address[] internal _payers;
    mapping(address account => bool) public isReceiver;
    mapping(address account => bool) public isPayer;

    /* ACCESS RECORDS */

    bytes32[] internal _accessIds;
    mapping(bytes32 accessId => Access) internal _access;

    error DataAccessRouterLedgerNotWriter(address caller);

    modifier onlyWriter() {
        require(isWriter[msg.sender], DataAccessRouterLedgerNotWriter(msg.sender));
        _;
    }

    constructor() {
        DEPLOYER = msg.sender;
    }

    /// @dev Names a writer (the router's handler; the suite's handler beside it).
    function setWriter(address newWriter) external {
        require(msg.sender == DEPLOYER, DataAccessRouterLedgerNotWriter(msg.sender));
        isWriter[newWriter] = true;
    }

    /* WRITES */

    /// @dev An address that may be paid: its balances are checked from now on.
    function addReceiver(address account) external onlyWriter {
        if (isReceiver[account]) return;
        isReceiver[account] = true;
        _receivers.push(account);
    }

    /// @dev Tokens minted to a payer.
    function fund(address account, address token, uint256 amount) external onlyWriter {
        if (!isPayer[account]) {
            isPayer[account] = true;
            _payers.push(account);
        }
        funded[account][token] += amount;
    }

    /// @dev A purchase as the model computed it: `parts` (hospitals, treasury, buy-back, Galeon) and
    /// each hospital's credit.
    function recordPurchase(
        bytes32 accessId,
        address buyer,
        uint64 expiry,
        address payer,
        address token,
        uint256 amount,
        uint256[4] calldata parts,
        uint256[] calldata hospitalIds,
        uint256[] calldata credits
    ) external onlyWriter {
        _accessIds.push(accessId);
        _access[accessId] = Access(buyer, expiry, AccessStatus.Active);
        spent[payer][token] += amount;
        paidIn[token] += amount;
        payeeCredited[Payee.Treasury][token] += parts[1];
        payeeCredited[Payee.Buyback][token] += parts[2];
        payeeCredited[Payee.Galeon][token] += parts[3];
        for (uint256 i; i < hospitalIds.length; ++i) hospitalCredited[hospitalIds[i]][token] += credits[i];
    }

    /// @dev A hospital claim of `token` paid to `payout`: everything the model says is claimable.
    function payHospital(
        uint256 hospitalId,
        address token,
        address payout
    ) external onlyWriter returns (uint256 amount) {
        amount = hospitalClaimable(hospitalId, token);
        hospitalClaimed[hospitalId][token] += amount;
        received[payout][token] += amount;
        paidOut[token] += amount;
    }

    /// @dev A payee withdrawal of `token` paid to `to`: everything the model says is claimable.
    function payPayee(Payee payee, address token, address to) external onlyWriter returns (uint256 amount) {
        amount = payeeClaimable(payee, token);
        payeeWithdrawn[payee][token] += amount;
        received[to][token] += amount;
        paidOut[token] += amount;
    }

    function revoke(bytes32 accessId) external onlyWriter {
        _access[accessId].status = AccessStatus.Revoked;
    }

    /* VIEWS */

    function hospitalClaimable(uint256 hospitalId, address token) public view returns (uint256) {
        return hospitalCredited[hospitalId][token] - hospitalClaimed[hospitalId][token];
    }

    function payeeClaimable(Payee payee, address token) public view returns (uint256) {
        return payeeCredited[payee][token] - payeeWithdrawn[payee][token];
    }

    function receivers() external view returns (address[] memory) {
        return _receivers;
    }

    function payers() external view returns (address[] memory) {
        return _payers;
    }

    function accessIds() external view returns (bytes32[] memory) {
        return _accessIds;
    }

    function accessCount() external view returns (uint256) {
        return _accessIds.length;
    }

    function accessAt(uint256 index) external view returns (bytes32) {
        return _accessIds[index];
    }

    function accessOf(bytes32 accessId) external view returns (Access memory) {
        return _access[accessId];
    }
}
