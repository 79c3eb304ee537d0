/** The buyer's screen: a placeholder for helper "flows" to replace (app-contract.md). */
import type { Screen } from "../context.js";
import { el } from "../ui/dom.js";

export const buyerScreen: Screen = {
  path: "/buyer",
  title: "Buyer",
  async render(root) {
    root.append(
      el("h2", { id: "screen-title" }, "Buyer"),
      el("p", {}, "Check a quote from the attestor, pay it, see the access record: coming next."),
    );
  },
};
