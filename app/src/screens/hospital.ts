/** The hospital's screen: a placeholder for helper "flows" to replace (app-contract.md). */
import type { Screen } from "../context.js";
import { el } from "../ui/dom.js";

export const hospitalScreen: Screen = {
  path: "/hospital",
  title: "Hospital",
  async render(root) {
    root.append(
      el("h2", { id: "screen-title" }, "Hospital"),
      el("p", {}, "Claimable earnings, claim, payout address and statement: coming next."),
    );
  },
};
