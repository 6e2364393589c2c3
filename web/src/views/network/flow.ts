// The flow along the links while training runs (TensorFlow Playground's moving dashes: 9 px on,
// 1 px off, travelling 10 px a second; backwards in the gradient view). The links themselves
// stay solid on the gaps' canvases (link-canvas.ts); the flow is an SVG group over them with one
// path per link, stroked in the panel's colour with dashes [1, 9]: the dash pattern's gaps,
// drawn as ticks 1 px wider than the link. Moving them is one style write on the group a CSS
// pixel at a time, once per slot of text-pace.ts (10 times a second, in the frame that writes
// the texts and redraws the loss chart). Restroking dashed links on the canvas cost ~2 ms a step for the default network's 18
// (Skia's software raster on the main thread, ~0.7 ms of every frame at 20 steps a second); an
// SVG's paths are rasterized off the main thread. Where two links cross, the upper one's tick
// also notches the lower one by a pixel.
import { linkPath } from './layout';
import { paceSlot } from '../text-pace';

const SVG = 'http://www.w3.org/2000/svg';
/** The dash period in CSS px: the ticks move one px a slot, a period a second. */
const DASH_PERIOD = 10;
/** The flow is drawn for networks with at most this many links (a ticked path per link). */
const FLOW_LINK_LIMIT = 300;

export class LinkFlow {
  readonly group: SVGGElement;
  #paths: SVGPathElement[] = [];
  #direction = 0;
  #frame = 0;
  #offset = NaN;
  #reducedMotion = window.matchMedia('(prefers-reduced-motion: reduce)');

  constructor() {
    this.group = document.createElementNS(SVG, 'g');
    this.group.setAttribute('class', 'nn-flow');
    this.group.setAttribute('aria-hidden', 'true');
    this.group.style.display = 'none';
  }

  /** One path per link; `ends` holds x1, y1, x2, y2 per link (none past FLOW_LINK_LIMIT). */
  build(ends: ArrayLike<number>): void {
    const count = ends.length / 4;
    this.#paths = [];
    this.group.replaceChildren();
    if (count > FLOW_LINK_LIMIT) return;
    for (let k = 0; k < count; k++) {
      const path = document.createElementNS(SVG, 'path');
      path.setAttribute('d', linkPath(ends[4 * k], ends[4 * k + 1], ends[4 * k + 2], ends[4 * k + 3]));
      this.group.append(path);
      this.#paths.push(path);
    }
  }

  /** Link k is now `width` CSS px wide: its ticks cover it. */
  setWidth(k: number, width: number): void {
    this.#paths[k]?.style.setProperty('stroke-width', `${width + 1}px`);
  }

  /** 1 from input to output (weights), -1 backwards (gradients), 0 still; still under prefers-reduced-motion. */
  setDirection(direction: number): void {
    const flow = this.#reducedMotion.matches || this.#paths.length === 0 ? 0 : direction;
    if (flow === this.#direction) return;
    this.#direction = flow;
    this.group.style.display = flow === 0 ? 'none' : '';
    if (flow !== 0 && !this.#frame) this.#frame = requestAnimationFrame(() => this.#tick());
    if (flow === 0 && this.#frame) {
      cancelAnimationFrame(this.#frame);
      this.#frame = 0;
      this.#offset = NaN;
    }
  }

  #tick(): void {
    // A dash offset running from 10 to 0 each second, reversed backwards (TensorFlow Playground's CSS animation).
    const step = paceSlot() % DASH_PERIOD;
    const offset = this.#direction > 0 ? (DASH_PERIOD - step) % DASH_PERIOD : step;
    if (offset !== this.#offset) {
      this.#offset = offset;
      // Dashes [9, 1] at offset o have their gap at path lengths [9 - o, 10 - o) (mod 10): a tick of [1, 9] there.
      this.group.style.strokeDashoffset = String((offset + 1) % DASH_PERIOD);
    }
    this.#frame = requestAnimationFrame(() => this.#tick());
  }

  destroy(): void {
    if (this.#frame) cancelAnimationFrame(this.#frame);
    this.#frame = 0;
    this.group.replaceChildren();
    this.#paths = [];
  }
}
