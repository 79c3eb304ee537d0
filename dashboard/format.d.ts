/** Types of dashboard/format.js (the page's formatting, shared with the tests). */
export function tokenAmount(baseUnits: string | bigint, decimals: number): string;
export function roundedAmount(
  baseUnits: string | bigint,
  decimals: number,
  places?: number,
  significant?: number,
): string;
export function chartAmount(baseUnits: string | bigint, decimals: number): number;
export function shortHex(hex: string): string;
export function utcDate(seconds: number | string | bigint, dayOnly?: boolean): string;
export function intervalLabel(start: number, interval: number): string;
export function count(n: number | string | bigint): string;
