/** Small DOM helpers for the screens (no inline styles or scripts: the page's CSP forbids them). */

type Child = Node | string | null | undefined | false;

/** `el("p", { class: "muted" }, "text", child)`: an element with attributes and children. */
export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attributes: Record<string, string | undefined> = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value !== undefined) node.setAttribute(name, value);
  }
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child);
  }
  return node;
}

/** An address shortened for reading (`0x1234…cdef`), the whole one in its title and for copying. */
export function addressText(address: string): HTMLElement {
  const code = el("code", { class: "address", title: address }, `${address.slice(0, 6)}…${address.slice(-4)}`);
  code.dataset.address = address;
  return code;
}

/** A labelled form field: `<label>Text <input ...></label>`. */
export function field(label: string, input: HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement): HTMLElement {
  return el("label", { class: "field" }, el("span", {}, label), input);
}
