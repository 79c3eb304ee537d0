/** The DAO member's screen (placeholder until milestone 2). */
import type { Screen } from "../context.js";
import { el } from "../ui/dom.js";

export const daoScreen: Screen = {
  path: "/dao",
  title: "DAO",
  async render(root) {
    root.append(el("h2", { id: "screen-title" }, "DAO"), el("p", {}, "Proposals, votes and delegation: coming next."));
  },
};
