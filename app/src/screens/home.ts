/** The start page: what the app is for, who is connected and as what, and where to go next. */
import { Contract } from "ethers";

import type { Screen } from "../context.js";
import { describeRoles } from "../roles.js";
import { amount } from "../ui/amount.js";
import { el } from "../ui/dom.js";

export const homeScreen: Screen = {
  path: "/",
  title: "Start",
  async render(root, ctx) {
    root.append(
      el("h2", { id: "screen-title" }, "Galeon for token holders, hospitals and buyers"),
      el(
        "p",
        { class: "lead" },
        "What the command line does for you, in your browser wallet: vote and delegate as a $GALEON holder, " +
          "claim and download a statement as a hospital, check and pay a quote as a buyer. This page talks " +
          "only to its own server and to your wallet.",
      ),
    );
    const wallet = ctx.wallet;
    if (wallet === undefined) {
      root.append(el("p", { id: "home-status" }, "Connect your wallet (top right) to see what you can do here."));
    } else {
      root.append(el("p", { id: "home-status" }, `Connected as ${wallet.account}: ${describeRoles(wallet)}.`));
    }
    const galeon = ctx.config.tokens.find((t) => t.isGaleon);
    const links = el(
      "ul",
      { class: "links" },
      el("li", {}, el("a", { href: "#/dao" }, "DAO"), ": proposals, votes, delegation, queue and execute"),
      el(
        "li",
        {},
        el("a", { href: "#/hospital" }, "Hospital"),
        ": claimable earnings, claim, payout address, statement",
      ),
      el("li", {}, el("a", { href: "#/buyer" }, "Buyer"), ": check a quote, pay it, see the access record"),
    );
    root.append(links);
    if (galeon !== undefined && wallet !== undefined) {
      const token = new Contract(galeon.address, ["function balanceOf(address) view returns (uint256)"], ctx.read);
      const balance = (await token.balanceOf(wallet.account)) as bigint;
      root.append(el("p", { id: "balance" }, "Your $GALEON: ", amount(balance, galeon)));
    }
  },
};
