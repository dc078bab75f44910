/** Small DOM helpers. Text only ever enters the page through text nodes (textContent). */

export function el<K extends keyof HTMLElementTagNameMap>(
  doc: Document,
  tag: K,
  className?: string,
  text?: string,
): HTMLElementTagNameMap[K] {
  const node = doc.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

export function button(doc: Document, label: string, className: string, onClick: (event: MouseEvent) => void, title?: string): HTMLButtonElement {
  const node = el(doc, 'button', className, label);
  node.type = 'button';
  if (title) node.title = title;
  node.addEventListener('click', onClick);
  return node;
}

const SVG_NS = 'http://www.w3.org/2000/svg';

export function svg<K extends keyof SVGElementTagNameMap>(doc: Document, tag: K, attributes: Record<string, string | number> = {}): SVGElementTagNameMap[K] {
  const node = doc.createElementNS(SVG_NS, tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, String(value));
  return node;
}

/**
 * Puts the children of `parent` in the order of `wanted` with as few DOM moves as
 * possible: elements already in place stay, others are inserted, leftovers removed.
 */
export function patchChildren(parent: Element, wanted: readonly Element[]): void {
  let current = parent.firstElementChild;
  const keep = new Set<Element>(wanted);
  for (const node of wanted) {
    while (current && current !== node && !keep.has(current)) {
      const next = current.nextElementSibling;
      current.remove();
      current = next;
    }
    if (current === node) current = current.nextElementSibling;
    else parent.insertBefore(node, current);
  }
  while (current) {
    const next = current.nextElementSibling;
    current.remove();
    current = next;
  }
}
