/**
 * The indexer's tests live beside it in `indexer/test/`; importing them here puts them in the one
 * mocha run of `npm test` (`hardhat test` runs the files under `test/ts`).
 */
import "../../../indexer/test/lib.test.js";
import "../../../indexer/test/indexer.test.js";
