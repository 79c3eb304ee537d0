/**
 * The dashboard's tests live beside it in `dashboard/test/`; importing them here puts them in the one
 * mocha run of `npm test` (`hardhat test` runs the files under `test/ts`).
 */
import "../../../dashboard/test/format.test.js";
import "../../../dashboard/test/dashboard.test.js";
