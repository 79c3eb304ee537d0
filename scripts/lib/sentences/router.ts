/** Sentences for the payment router and hospital registry (DataAccessRouter*, HospitalRegistry*). */
import type { Sentence } from "../revert.js";

export const ROUTER_SENTENCES: Record<string, Sentence> = {};
