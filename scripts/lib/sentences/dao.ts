/** Sentences for the DAO: Governor (Governor*, GaleonGovernor*), timelock (TimelockController*) and treasury (GaleonTreasury*). */
import type { Sentence } from "../revert.js";

export const DAO_SENTENCES: Record<string, Sentence> = {};
