// The weights as curves and the biases as small squares. Built once per structure; per frame a
// link's width and colour are quantized, and only a change of those redraws its gap's canvas
// (link-canvas.ts) and the hit group's data-looks (a weight that moved by 0.001 costs nothing), so
// a 1,920-link network stays cheap to update. They show either the weights or the gradients
// ∂L/∂w, each on its own scale.
import { colourOf, type Palette } from '../../heatmap';
import { linkMiddle, linkPath, NODE, parameterOffsets, widthsOf, type Layout, type Structure } from './layout';
import { LinkFlow } from './flow';
import { LinkCanvas } from './link-canvas';

const SVG = 'http://www.w3.org/2000/svg';

/** One weight or bias the user can hover, focus and edit. */
export interface ParameterRef {
  kind: 'weight' | 'bias';
  /** Parameter layer: its units are hidden layer layer+1, or the output for the last one. */
  layer: number;
  unit: number;
  /** The source unit (weights); -1 for biases. */
  input: number;
  /** Index into [W0 b0 W1 b1 ...]. */
  index: number;
  /** The focusable element. */
  element: HTMLElement | SVGElement;
  /** Where its tooltip and editor sit, in stage coordinates. */
  anchor: { x: number; y: number };
}

/** How a value's magnitude becomes a link's width and colour strength, each a fraction in [0, 1]. */
export interface LinkScale {
  width(magnitude: number): number;
  colour(magnitude: number): number;
}

// Weights: as TensorFlow Playground's linear width (1 px at 0), but reaching its cap of 8 px at
// |w| = 2 so a dense network stays readable; colour by sign, stronger with |w| up to 1.
export const WEIGHT_SCALE: LinkScale = {
  width: (a) => Math.min(a, 2) / 2,
  colour: (a) => Math.min(1, a),
};

// Widths quantized to 16 steps from 1 to 8 px. Links keep at least 25 % of the colour so a small
// value is still seen as a connection (its width already says it is small).
const WIDTH_STEPS = 16;
const WIDTHS = Array.from({ length: WIDTH_STEPS + 1 }, (_, q) => 1 + (7 * q) / WIDTH_STEPS);
const LEVELS = 20;

function magnitude(value: number): number {
  return Math.abs(value) < Infinity ? Math.abs(value) : 0; // NaN or ±inf: drawn neutral, never as NaN
}

function level(value: number, scale: LinkScale): number {
  const q = Math.round(scale.colour(magnitude(value)) * LEVELS);
  return value < 0 ? -q : q;
}

/** Describes a parameter in words for tooltips and screen readers. */
export function describe(ref: Pick<ParameterRef, 'kind' | 'layer' | 'unit' | 'input'>, structure: Structure): string {
  const last = structure.hidden.length;
  const unitName = (layer: number, unit: number) => (layer === last ? 'the output' : `layer ${layer + 1}, neuron ${unit + 1}`);
  if (ref.kind === 'bias') return `Bias of ${unitName(ref.layer, ref.unit)}`;
  const source = ref.layer === 0 ? structure.features[ref.input] : `layer ${ref.layer}, neuron ${ref.input + 1}`;
  const label = ref.layer === 0 ? FEATURE_LABELS[source as keyof typeof FEATURE_LABELS] : source;
  return `Weight from ${label} to ${unitName(ref.layer, ref.unit)}`;
}

export const FEATURE_LABELS = {
  x: 'x', y: 'y', xSquared: 'x²', ySquared: 'y²', xTimesY: 'x·y', sinX: 'sin x', sinY: 'sin y',
} as const;

export class LinkLayer {
  /** Every weight, then every bias; a layer's refs are contiguous. */
  refs: ParameterRef[] = [];
  /** The hit paths, one per link, in link order. */
  #hits: SVGPathElement[] = [];
  /**
   * Their group carries every link's quantized look as data-looks, "width/level" per link in link
   * order, for tests and curious readers of the DOM: one attribute, because writing two data-
   * attributes on each of 1,920 paths took 3–7 ms whenever the gradients restyled every link.
   */
  #group: SVGGElement | null = null;
  #gapOf = new Uint8Array(0);
  #canvas = new LinkCanvas();
  #flow = new LinkFlow();
  #widths = new Float32Array(0);
  #colours: string[] = [];
  #biases: HTMLElement[] = [];
  #linkIndex: number[] = [];
  #biasIndex: number[] = [];
  #lastWidth = new Int16Array(0);
  #lastLink = new Int16Array(0);
  #lastBias = new Int16Array(0);
  #linkColours: string[] = [];
  #biasColours: string[] = [];
  #byElement = new Map<Element, ParameterRef>();

  /** A redraw is still being spread over the next frames (link-canvas.ts). */
  get pending(): boolean {
    return this.#canvas.pending;
  }

  refOf(element: Element | null): ParameterRef | undefined {
    return element ? this.#byElement.get(element) : undefined;
  }

  /**
   * Links are drawn on a canvas per gap, under everything in `stage` (link-canvas.ts), at
   * `ratio` device pixels per CSS px; their hit paths go into `hits` (wide, transparent, on top:
   * what the pointer and the keyboard focus). Bias squares go into `stage` at their node's lower left
   * corner, after the nodes so they sit on top; not inside the nodes, whose role=img would hide
   * them from assistive technology.
   */
  build(hits: SVGGElement, stage: HTMLElement, structure: Structure, layout: Layout, ratio: number): void {
    hits.replaceChildren();
    this.#group = hits;
    if (this.#flow.group.parentNode !== hits.parentNode) hits.before(this.#flow.group); // under the hit paths
    this.refs = [];
    this.#hits = [];
    const ends: number[] = [];
    const counts: number[] = [];
    const gaps: number[] = [];
    this.#biases = [];
    this.#linkIndex = [];
    this.#biasIndex = [];
    this.#byElement.clear();
    const rowOf = (layer: number, i: number) => (layer === 0 ? structure.column.indexOf(structure.features[i]) : i);
    const biasRefs: ParameterRef[] = [];
    parameterOffsets(widthsOf(structure)).forEach((offsets, l) => {
      counts.push(offsets.in * offsets.out);
      const source = layout.columns[l];
      const target = layout.columns[l + 1];
      for (let o = 0; o < offsets.out; o++) {
        const y2 = target.ys[o] + NODE / 2;
        for (let i = 0; i < offsets.in; i++) {
          const [x1, y1, x2] = [source.x + NODE, source.ys[rowOf(l, i)] + NODE / 2, target.x];
          const d = linkPath(x1, y1, x2, y2);
          ends.push(x1, y1, x2, y2);
          gaps.push(l);
          const hit = document.createElementNS(SVG, 'path');
          hit.setAttribute('d', d);
          hit.setAttribute('class', 'nn-hit');
          hit.setAttribute('tabindex', '-1');
          hit.setAttribute('role', 'button');
          hits.append(hit);
          const index = offsets.weights + o * offsets.in + i;
          const ref: ParameterRef = { kind: 'weight', layer: l, unit: o, input: i, index, element: hit, anchor: linkMiddle(x1, y1, x2, y2) };
          // A name without the value (it changes every frame); focus adds the value.
          hit.setAttribute('aria-label', describe(ref, structure));
          this.refs.push(ref);
          this.#byElement.set(hit, ref);
          this.#hits.push(hit);
          this.#linkIndex.push(index);
        }
        const square = document.createElement('div');
        square.className = 'nn-bias';
        square.tabIndex = -1;
        square.setAttribute('role', 'button');
        square.style.transform = `translate(${target.x - 6}px, ${target.ys[o] + NODE - 5}px)`;
        stage.append(square);
        const index = offsets.biases + o;
        const ref: ParameterRef = { kind: 'bias', layer: l, unit: o, input: -1, index, element: square, anchor: { x: target.x, y: target.ys[o] + NODE } };
        square.setAttribute('aria-label', describe(ref, structure));
        biasRefs.push(ref);
        this.#byElement.set(square, ref);
        this.#biases.push(square);
        this.#biasIndex.push(index);
      }
    });
    this.refs.push(...biasRefs);
    this.#canvas.build(layout, new Float32Array(ends), counts, ratio, stage);
    this.#flow.build(ends);
    this.#gapOf = Uint8Array.from(gaps);
    this.#widths = new Float32Array(gaps.length);
    this.#colours = Array<string>(gaps.length).fill('');
    this.#lastWidth = new Int16Array(gaps.length).fill(-1);
    this.#lastLink = new Int16Array(gaps.length).fill(-999);
    this.#lastBias = new Int16Array(this.#biases.length).fill(-999);
  }

  /** Colours for a palette; every mark is redrawn at the next update. */
  setPalette(palette: Palette): void {
    this.#linkColours = Array.from({ length: 2 * LEVELS + 1 }, (_, k) => {
      const q = k - LEVELS;
      return q === 0 ? colourOf(0.25, palette) : colourOf(Math.sign(q) * (0.25 + (0.75 * Math.abs(q)) / LEVELS), palette);
    });
    this.#biasColours = Array.from({ length: 2 * LEVELS + 1 }, (_, k) => colourOf((k - LEVELS) / LEVELS, palette));
    this.#lastLink.fill(-999);
    this.#lastBias.fill(-999);
    this.#canvas.invalidate();
  }

  /** The largest finite |value| over the links (not the biases): the top of the gradient scale. */
  largest(values: Float32Array): number {
    let top = 0;
    for (const index of this.#linkIndex) {
      const a = magnitude(values[index]);
      if (a > top) top = a;
    }
    return top;
  }

  /**
   * Draws a frame's parameters, or its gradients (same layout), on `scale`; `null` draws every
   * mark neutral (no frame for this structure yet).
   */
  update(values: Float32Array | null, scale: LinkScale = WEIGHT_SCALE): void {
    const hits = this.#hits;
    let changed = false;
    for (let k = 0; k < hits.length; k++) {
      const v = values ? values[this.#linkIndex[k]] : 0;
      const q = Math.round(scale.width(magnitude(v)) * WIDTH_STEPS);
      if (q !== this.#lastWidth[k]) {
        this.#lastWidth[k] = q;
        this.#widths[k] = WIDTHS[q];
        changed = true;
        this.#canvas.invalidateLink(k, this.#gapOf[k]);
        this.#flow.setWidth(k, WIDTHS[q]);
      }
      const c = level(v, scale);
      if (c !== this.#lastLink[k]) {
        this.#lastLink[k] = c;
        this.#colours[k] = this.#linkColours[c + LEVELS];
        changed = true;
        this.#canvas.invalidateLink(k, this.#gapOf[k]);
      }
    }
    this.#canvas.draw({ widths: this.#widths, colours: this.#colours });
    if (changed && this.#group) {
      const looks = Array.from(this.#lastLink, (c, k) => `${this.#widths[k]}/${c}`);
      this.#group.dataset.looks = looks.join(' ');
    }
    const biases = this.#biases;
    for (let k = 0; k < biases.length; k++) {
      const c = level(values ? values[this.#biasIndex[k]] : 0, scale);
      if (c !== this.#lastBias[k]) {
        this.#lastBias[k] = c;
        biases[k].style.backgroundColor = this.#biasColours[c + LEVELS];
      }
    }
  }

  /** The flow of dashes along the links: 1 forwards, -1 backwards, 0 still (flow.ts). */
  setFlow(direction: number): void {
    this.#flow.setDirection(direction);
  }

  /** Stops drawing the links (the view is going). */
  destroy(): void {
    this.#canvas.destroy();
    this.#flow.destroy();
  }
}
