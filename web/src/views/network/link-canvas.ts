// The links' pixels: one canvas per gap between two columns of nodes, under the nodes. In an SVG
// any restyled path made Chromium re-raster every curve of the drawing (1,920 at the largest
// network, ~425 ms of raster CPU per second while training); here a gap is redrawn only when the
// quantized look of one of its links changed (links.ts decides that), and the other gaps keep
// their pixels. What the pointer and the keyboard reach stays in links.ts's SVG of hit paths.
import { releaseCanvas } from '../../view';
import { NODE, type Layout } from './layout';

// The curve's stroke reaches half the widest width (8 px) beyond its ends' y; its middle can lean
// a little past x1 and x2, where the nodes cover it.
const PAD = 4;

// TensorFlow Playground's flow: dashes of 9 px with 1 px gaps travelling 10 px per second.
const DASH = [9, 1];
const DASH_PERIOD = 10;
const FLOW_MS = 1000;

/** Each link's look, in link order: its width in CSS px and its colour. */
export interface LinkLooks {
  widths: ArrayLike<number>;
  colours: readonly string[];
}

export class LinkCanvas {
  #canvases: HTMLCanvasElement[] = [];
  #contexts: CanvasRenderingContext2D[] = [];
  /** Per gap: its box in stage CSS px. */
  #boxes: { left: number; top: number }[] = [];
  /** The links of gap g are [#starts[g], #starts[g + 1]) in the order they are drawn. */
  #starts: number[] = [0];
  /** Per link: x1, y1, x2, y2 of layout.ts's linkPath, in stage CSS px. */
  #ends: Float32Array = new Float32Array(0);
  #dirty: boolean[] = [];
  #ratio = 1;
  #flow = 0;
  #frame = 0;
  #looks: LinkLooks | null = null;
  #reducedMotion = window.matchMedia('(prefers-reduced-motion: reduce)');

  get canvases(): readonly HTMLCanvasElement[] {
    return this.#canvases;
  }

  /**
   * One canvas per gap for `layout`, sized to its box × `ratio`; `ends` holds each link's
   * endpoints (4 numbers a link), gap after gap, `counts` how many links each gap has.
   */
  build(layout: Layout, ends: Float32Array, counts: number[], ratio: number): void {
    releaseCanvas(...this.#canvases);
    this.#looks = null; // the next draw() brings the looks of these links
    this.#ratio = ratio;
    this.#ends = ends;
    this.#starts = [0];
    for (const count of counts) this.#starts.push(this.#starts[this.#starts.length - 1] + count);
    this.#boxes = [];
    this.#canvases = counts.map((_, g) => {
      const [from, to] = [layout.columns[g], layout.columns[g + 1]];
      const ys = [...from.ys, ...to.ys];
      const left = from.x + NODE - PAD;
      const top = Math.min(...ys) + NODE / 2 - PAD;
      const width = to.x - from.x - NODE + 2 * PAD;
      const height = Math.max(...ys) - Math.min(...ys) + 2 * PAD;
      const canvas = document.createElement('canvas');
      canvas.className = 'nn-link-canvas';
      canvas.setAttribute('aria-hidden', 'true');
      canvas.width = Math.round(width * ratio);
      canvas.height = Math.round(height * ratio);
      canvas.style.width = `${width}px`;
      canvas.style.height = `${height}px`;
      canvas.style.transform = `translate(${left}px, ${top}px)`;
      this.#boxes.push({ left, top });
      return canvas;
    });
    this.#contexts = this.#canvases.map((canvas) => canvas.getContext('2d')!);
    this.#dirty = counts.map(() => true);
  }

  invalidate(gap = -1): void {
    if (gap < 0) this.#dirty.fill(true);
    else this.#dirty[gap] = true;
  }

  /**
   * Redraws the gaps marked dirty with `looks`. While the flow runs every gap is redrawn once an
   * animation frame anyway: this then only keeps the looks for that frame.
   */
  draw(looks: LinkLooks): void {
    this.#looks = looks;
    if (this.#frame) return;
    this.#dirty.forEach((dirty, g) => {
      if (dirty) this.#drawGap(g, null);
    });
  }

  /**
   * The flow of dashes: 1 from input to output (weights), -1 backwards (gradients flow from the
   * loss), 0 still. Under prefers-reduced-motion the links stay still.
   */
  setFlow(direction: number): void {
    const flow = this.#reducedMotion.matches ? 0 : direction;
    if (flow === this.#flow) return;
    this.#flow = flow;
    if (flow !== 0 && !this.#frame) {
      this.#frame = requestAnimationFrame((now) => this.#tick(now));
    } else if (flow === 0 && this.#frame) {
      cancelAnimationFrame(this.#frame);
      this.#frame = 0;
      this.invalidate();
      if (this.#looks) this.draw(this.#looks);
    }
  }

  #tick(now: number): void {
    const phase = (now % FLOW_MS) / FLOW_MS;
    // As the CSS animation did: the dash offset runs from 10 to 0 each second, reversed backwards.
    const offset = this.#flow > 0 ? DASH_PERIOD * (1 - phase) : DASH_PERIOD * phase;
    for (let g = 0; g < this.#contexts.length; g++) this.#drawGap(g, offset);
    this.#frame = requestAnimationFrame((t) => this.#tick(t));
  }

  #drawGap(g: number, dashOffset: number | null): void {
    this.#dirty[g] = false;
    const context = this.#contexts[g];
    const looks = this.#looks;
    const { left, top } = this.#boxes[g];
    const r = this.#ratio;
    context.setTransform(1, 0, 0, 1, 0, 0);
    context.clearRect(0, 0, context.canvas.width, context.canvas.height);
    if (!looks) return;
    context.setTransform(r, 0, 0, r, -left * r, -top * r);
    context.lineCap = 'butt';
    context.setLineDash(dashOffset === null ? [] : DASH);
    context.lineDashOffset = dashOffset ?? 0;
    const ends = this.#ends;
    let width = -1;
    let colour = '';
    // In parameter order, as the SVG drew them: where links cross, the later one is on top.
    for (let k = this.#starts[g]; k < this.#starts[g + 1]; k++) {
      if (looks.widths[k] !== width) {
        width = looks.widths[k];
        context.lineWidth = width;
      }
      if (looks.colours[k] !== colour) {
        colour = looks.colours[k];
        context.strokeStyle = colour;
      }
      const [x1, y1, x2, y2] = [ends[4 * k], ends[4 * k + 1], ends[4 * k + 2], ends[4 * k + 3]];
      const mx = (x1 + x2) / 2; // layout.ts linkPath's control points
      context.beginPath();
      context.moveTo(x1, y1);
      context.bezierCurveTo(mx, y1, mx, y2, x2, y2);
      context.stroke();
    }
  }

  /** Frees the canvases' pixels and stops the flow (the view is going). */
  destroy(): void {
    if (this.#frame) cancelAnimationFrame(this.#frame);
    this.#frame = 0;
    releaseCanvas(...this.#canvases);
    this.#canvases = [];
    this.#contexts = [];
  }
}
