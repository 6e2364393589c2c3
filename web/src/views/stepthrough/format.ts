// Numbers and formulas for the step-through panel: one format everywhere (4 significant digits,
// a real minus sign, "—" for anything not finite) and small DOM builders for math written with
// plain elements (sub/sup, ·, Σ, ∂, δ, ′). Every shown number carries its full value in
// data-value (and a data-key naming what it is) so tests and curious users can read it exactly.
// Text only ever goes in through textContent.

const MINUS = '\u2212';
const SUPERSCRIPTS: Record<string, string> = {
  '-': '⁻', '0': '⁰', '1': '¹', '2': '²', '3': '³', '4': '⁴', '5': '⁵', '6': '⁶', '7': '⁷', '8': '⁸', '9': '⁹',
};

/** 4 significant digits, trailing zeros dropped; 1.234×10⁻⁵ outside [0.001, 10⁴); "—" for NaN and ±∞. */
export function formatNumber(value: number, digits = 4): string {
  if (!Number.isFinite(value)) return '—';
  if (value === 0) return '0';
  const abs = Math.abs(value);
  let text: string;
  if (abs >= 1e-3 && abs < 10 ** digits) {
    text = value.toPrecision(digits);
    if (text.includes('e')) text = String(Number(text)); // toPrecision(4) of 9999.7 is "1.000e+4"
    if (text.includes('.')) text = text.replace(/0+$/, '').replace(/\.$/, '');
  } else {
    const [mantissa, exponent] = value.toExponential(digits - 1).split('e');
    const m = mantissa.includes('.') ? mantissa.replace(/0+$/, '').replace(/\.$/, '') : mantissa;
    const e = String(Number(exponent)).split('').map((c) => SUPERSCRIPTS[c] ?? c).join('');
    text = `${m}×10${e}`;
  }
  return text.replace('-', MINUS);
}

/** A percentage with at most one decimal: 12.3 %. */
export function formatPercent(share: number): string {
  if (!Number.isFinite(share)) return '—';
  return `${formatNumber(100 * share, 3)} %`;
}

type Child = Node | string | null | undefined | false;

/** An element with a class and children (strings become text nodes). */
export function el<K extends keyof HTMLElementTagNameMap>(tag: K, className = '', ...children: Child[]): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (className) node.className = className;
  for (const child of children) if (child !== null && child !== undefined && child !== false) node.append(child);
  return node;
}

/** A number as shown: formatted text, the exact value in data-value, what it is in data-key. */
export function num(value: number, key = '', className = ''): HTMLSpanElement {
  const span = el('span', `st-num${className ? ` ${className}` : ''}`, formatNumber(value));
  span.dataset.value = String(value);
  if (key) span.dataset.key = key;
  if (value < 0) span.classList.add('is-negative');
  if (Number.isFinite(value) && formatNumber(value) !== String(value)) span.title = String(value);
  return span;
}

/** A number as a factor of a product: negative ones in parentheses, (−0.3). */
export function factor(value: number, key = ''): HTMLSpanElement {
  const n = num(value, key);
  if (!(value < 0)) return n;
  return el('span', 'st-paren', '(', n, ')');
}

/** A symbol with a subscript: sym('w', 'x→h1.2') is w with x→h1.2 below. */
export function sym(base: string, subscript = '', superscript = ''): HTMLSpanElement {
  const span = el('span', 'st-sym', base);
  if (superscript) span.append(el('sup', '', superscript));
  if (subscript) span.append(el('sub', '', subscript));
  return span;
}

/** ∂L/∂(something) as a small stacked fraction-like inline form. */
export function partial(of: Child): HTMLSpanElement {
  return el('span', 'st-partial', '∂L/∂', of);
}

/** One line of a derivation: a left side, then "= …" parts that wrap as whole pieces. */
export function equation(...parts: Child[]): HTMLDivElement {
  const line = el('div', 'st-eq');
  for (const part of parts) if (part !== null && part !== undefined && part !== false) line.append(el('span', 'st-eq-part', part));
  return line;
}

/** A run of inline pieces, e.g. terms of a sum joined by " + ". */
export function joined(pieces: Child[], separator: string): HTMLSpanElement {
  const span = el('span', 'st-joined');
  pieces.forEach((piece, n) => {
    if (n > 0) span.append(el('span', 'st-op', separator));
    span.append(el('span', 'st-term', piece));
  });
  return span;
}

export function button(text: string, className = '', label = ''): HTMLButtonElement {
  const b = el('button', className, text);
  b.type = 'button';
  if (label) b.setAttribute('aria-label', label);
  return b;
}

/** A table with a header row; rows are lists of cells (strings or nodes). */
export function table(caption: string, headers: Child[], rows: Child[][], className = ''): HTMLTableElement {
  const t = el('table', `st-table${className ? ` ${className}` : ''}`);
  if (caption) t.append(el('caption', '', caption));
  const head = el('tr');
  for (const h of headers) head.append(el('th', '', h));
  t.append(el('thead', '', head));
  const body = el('tbody');
  for (const row of rows) {
    const tr = el('tr');
    row.forEach((cell, n) => {
      const td = n === 0 ? el('th', '', cell) : el('td', '', cell);
      if (n === 0) td.setAttribute('scope', 'row');
      tr.append(td);
    });
    body.append(tr);
  }
  t.append(body);
  return t;
}
