// Links by gradient: the scale that maps |∂L/∂w| to a link's width and colour strength, the
// "Links show: Weights | Gradients" switch and the legend that says what the widths mean.
import { uniqueId } from '../controls/dom';
import { LOCKED_TITLE, lockMark } from '../controls/lock';
import type { LinkScale } from './links';

/**
 * Width and colour strength of a gradient link: a log scale over DECADES decades below the
 * largest |∂L/∂w| of the network in this frame.
 *
 * Why log and relative: gradients span orders of magnitude between layers (a deep sigmoid
 * network has 1e-6 in its first layer and 0.5 in its last), and their overall size changes with
 * the loss as training goes on. An absolute scale like the weights' would draw nearly every
 * gradient as a hairline; a linear one relative to the largest would draw every layer but the
 * last as one. On a log scale each decade gets the same share of the width, so a gradient 1,000×
 * smaller than the largest is still visibly there, and a layer that is 10× smaller than the next
 * reads as a step thinner; below DECADES decades a link is drawn at the minimum width.
 */
export const DECADES = 4;

export function gradientScale(largest: number): LinkScale {
  if (!(largest > 0 && largest < Infinity)) return { width: () => 0, colour: () => 0 };
  const bottom = Math.log10(largest) - DECADES;
  const fraction = (a: number) => (a > 0 ? Math.min(1, Math.max(0, (Math.log10(a) - bottom) / DECADES)) : 0);
  return { width: fraction, colour: fraction };
}

const MINUS = '\u2212';
export const MISSING = '—';

/** 4 significant digits, a real minus sign, exponents for the tiny and the huge; never NaN. */
export function formatGradient(v: number): string {
  if (!Number.isFinite(v)) return MISSING;
  if (v === 0) return '0';
  const a = Math.abs(v);
  const text = a >= 1e-3 && a < 1e5 ? String(Number(v.toPrecision(4))) : v.toExponential(3).replace(/\.?0+e/, 'e').replace('e+', 'e');
  return text.replace(/-/g, MINUS);
}

function make<K extends keyof HTMLElementTagNameMap>(tag: K, className: string, text?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

const SVG = 'http://www.w3.org/2000/svg';

/** A short horizontal line as a legend sample (the links' own stroke widths and colours). */
function sample(width: number, className: string): SVGSVGElement {
  const svg = document.createElementNS(SVG, 'svg');
  svg.setAttribute('class', `nn-legend-sample ${className}`);
  svg.setAttribute('width', '26');
  svg.setAttribute('height', '10');
  svg.setAttribute('aria-hidden', 'true');
  const line = document.createElementNS(SVG, 'line');
  line.setAttribute('x1', '1');
  line.setAttribute('x2', '25');
  line.setAttribute('y1', '5');
  line.setAttribute('y2', '5');
  line.setAttribute('stroke-width', String(width));
  svg.append(line);
  return svg;
}

export type LinksMode = 'weights' | 'gradients';

/** "Links show: Weights | Gradients": two toggle buttons; the view's click handler dispatches. */
export function createLinksSwitch(): { element: HTMLElement; render(mode: LinksMode, hidden: boolean, locked?: boolean): void } {
  const element = make('div', 'nn-links-switch');
  element.setAttribute('role', 'group');
  const label = make('span', 'nn-links-label', 'Links show');
  label.id = uniqueId('nn-links-label'); // one per playground, several on a tutorial page
  element.setAttribute('aria-labelledby', label.id);
  const buttons = (['weights', 'gradients'] as const).map((mode) => {
    const b = make('button', 'nn-links-option', mode === 'weights' ? 'Weights' : 'Gradients');
    b.type = 'button';
    b.dataset.action = 'links';
    b.dataset.links = mode;
    b.title = mode === 'weights'
      ? 'Links: width and colour by the weight w'
      : 'Links: width and colour by the gradient ∂L/∂w of the last minibatch';
    return b;
  });
  const mark = lockMark();
  mark.setAttribute('hidden', '');
  label.append(mark);
  element.append(label, ...buttons);
  const titles = buttons.map((b) => b.title);
  let drawn = '';
  return {
    element,
    render(mode, hidden, locked = false) {
      const key = `${mode}/${hidden}/${locked}`;
      if (key === drawn) return;
      drawn = key;
      element.hidden = hidden;
      element.classList.toggle('is-locked', locked);
      mark.toggleAttribute('hidden', !locked);
      buttons.forEach((b, i) => {
        b.disabled = locked;
        b.title = locked ? LOCKED_TITLE : titles[i];
      });
      for (const b of buttons) b.setAttribute('aria-pressed', String(b.dataset.links === mode));
    },
  };
}

/** What the gradient links mean, with the largest gradient of the frame ("thickest = …"). */
export function createGradientLegend(): { element: HTMLElement; render(largest: number | null, diverged: boolean): void } {
  const element = make('div', 'nn-legend');
  const title = make('p', 'nn-legend-title', 'Gradients ∂L/∂w of the last minibatch (mean over its examples)');
  const key = make('p', 'nn-legend-key');
  const thickest = make('span', 'nn-legend-value');
  const thinnest = make('span', 'nn-legend-value');
  const thick = make('span', 'nn-legend-item');
  thick.append(sample(8, 'is-size'), make('span', '', 'thickest: |∂L/∂w| = '), thickest);
  const thin = make('span', 'nn-legend-item');
  thin.append(sample(1, 'is-size'), make('span', '', 'thinnest ≤ '), thinnest, make('span', '', ` (log scale, ${DECADES} decades)`));
  const positive = make('span', 'nn-legend-item');
  positive.append(sample(4, 'is-positive'), make('span', '', '∂L/∂w > 0: the update lowers w'));
  const negative = make('span', 'nn-legend-item');
  negative.append(sample(4, 'is-negative'), make('span', '', '< 0: raises it'));
  key.append(thick, thin, positive, negative);
  element.append(title, key);
  let drawn = '';
  return {
    element,
    render(largest, diverged) {
      const has = largest !== null && largest > 0 && largest < Infinity;
      const text = has ? `${formatGradient(largest)}|${formatGradient(largest / 10 ** DECADES)}` : `none/${diverged}`;
      if (text === drawn) return;
      drawn = text;
      thickest.textContent = has ? formatGradient(largest) : MISSING;
      thinnest.textContent = has ? formatGradient(largest / 10 ** DECADES) : MISSING;
      element.classList.toggle('is-empty', !has);
      title.textContent = has
        ? 'Gradients ∂L/∂w of the last minibatch (mean over its examples)'
        : diverged
          ? 'Gradients ∂L/∂w: none to show — training diverged (lower the learning rate and reset)'
          : 'Gradients ∂L/∂w: none yet — press play or step to train a minibatch';
    },
  };
}
