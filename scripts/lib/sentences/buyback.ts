/** Sentences for the buy-back (BuybackBurner*, TwapLib*). */
import type { Sentence } from "../revert.js";

export const BUYBACK_SENTENCES: Record<string, Sentence> = {};
