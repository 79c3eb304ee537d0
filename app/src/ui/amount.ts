/**
 * Amounts for people: token units with sensible rounding (`1,234.57 GALEON`, `0.0012 tEURC`), and the
 * exact value one click away (the button toggles between the two; the exact value is also its title).
 */
import { roundedAmount, tokenAmount } from "../../../dashboard/format.js";

export interface Unit {
  symbol: string;
  decimals: number;
}

/** Rounded token units: `roundAmount(1234567n * 10n ** 15n, 18)` is "1,234.57". */
export function roundAmount(value: bigint, decimals: number): string {
  return roundedAmount(value, decimals);
}

/** Exact token units with thousands separators: every digit, no trailing zeros. */
export function exactAmount(value: bigint, decimals: number): string {
  return tokenAmount(value, decimals);
}

/**
 * An amount as a button: rounded, with its symbol; a click shows the exact value (and back). When
 * rounding changes nothing, a plain text element.
 */
export function amount(value: bigint, unit: Unit): HTMLElement {
  const rounded = `${roundAmount(value, unit.decimals)} ${unit.symbol}`;
  const exact = `${exactAmount(value, unit.decimals)} ${unit.symbol}`;
  if (rounded === exact) {
    const span = document.createElement("span");
    span.className = "amount";
    span.textContent = exact;
    span.dataset.exact = exact;
    return span;
  }
  const button = document.createElement("button");
  button.type = "button";
  button.className = "amount rounded";
  button.textContent = rounded;
  button.title = `exact: ${exact} (click to show)`;
  button.dataset.exact = exact;
  button.setAttribute("aria-pressed", "false");
  button.addEventListener("click", () => {
    const showingExact = button.getAttribute("aria-pressed") === "true";
    button.textContent = showingExact ? rounded : exact;
    button.setAttribute("aria-pressed", showingExact ? "false" : "true");
    button.classList.toggle("rounded", showingExact);
  });
  return button;
}
