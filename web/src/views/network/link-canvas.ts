// The links' pixels, on a canvas per gap between columns (gapSurface below), under the nodes. In
// an SVG any restyled path made Chromium re-raster every curve of the drawing (1,920 at the
// largest network, ~425 ms of raster CPU per second while training); here a gap is
// redrawn only when the quantized look of one of its links changed (links.ts decides that), and
// the other gaps keep their pixels. Within a gap only the band of rows the changed links span is
// redrawn, with every link that crosses it: Skia's software stroking costs about a row of pixels
// at a time, so a short link's change costs a short band. What the pointer and the keyboard
// reach stays in links.ts's SVG of hit paths.
import { NODE, type Layout } from './layout';
import { deviceCanvas, releaseCanvas } from '../../view';

// The curve's stroke reaches half the widest width (8 px) beyond its ends' y. A gap's canvas ends
// at the nodes' edges (x1 and x2), where the columns' canvases of thumbnails begin.
const PAD = 4;
// How far a link's pixels reach above and below its ends: half the widest width and a pixel of
// antialiasing.
const REACH = PAD + 1;

// Stroking costs about the rows of device pixels each link covers: Skia's software raster
// antialiases every covered pixel, ~60 ns each, whether the link is stroked or filled as an
// outline (tried). Measured in an animation on the project machine: a third of a 16 × 16 gap a
// frame (~25,000 rows) costs ~6.8 ms of main thread at the next flush, thin 1 px links ~2.9 ms.
// A draw stops after the gap that takes it past this many rows and the other dirty gaps wait
// for the next animation frame: gradients restyle every link at once (1,920 at the largest
// network, ~580,000 rows, ~150 ms). About 3 ms a frame: with the rest of a frame's work it
// stays inside 16.7 ms.
const ROWS_PER_FRAME = 10_000;
/** A redraw of dirty links takes at most this share of a gap's height at a time. */
const SLICES = 4;

// The flow of dashes while training runs is not drawn here: the links stay solid and flow.ts
// draws the dashes' gaps over them in an SVG (restroking dashed links here cost ~2 ms a step).

/** Each link's look, in link order: its width in CSS px and its colour. */
export interface LinkLooks {
  widths: ArrayLike<number>;
  colours: readonly string[];
}

type Context2D = CanvasRenderingContext2D | OffscreenCanvasRenderingContext2D;

/** A gap's canvas element (class nn-links), with its pixels readable. */
export interface LinkSurfaceElement extends HTMLCanvasElement {
  readPixels(x: number, y: number, width: number, height: number): ImageData;
}

/**
 * A gap's canvas: its element, the canvas the links are drawn on (an OffscreenCanvas that keeps
 * its pixels from draw to draw, where the browser has them) and where it sits.
 */
interface GapSurface {
  element: HTMLCanvasElement;
  context: Context2D;
  /** Shows what was drawn: the element's bitmap renderer, and a canvas to copy the drawing into for it. */
  show: ImageBitmapRenderingContext | null;
  copy: OffscreenCanvas | null;
  /** The canvas's top left corner in device pixels of the stage. */
  x0: number;
  y0: number;
}

export class LinkCanvas {
  #surfaces: GapSurface[] = [];
  /** Per gap: its box in stage CSS px. */
  #boxes: { left: number; top: number; width: number; height: number }[] = [];
  /** The links of gap g are [#starts[g], #starts[g + 1]) in the order they are drawn. */
  #starts: number[] = [0];
  /** Per link: x1, y1, x2, y2 of layout.ts's linkPath, in stage CSS px. */
  #ends: Float32Array = new Float32Array(0);
  /** Per gap: the band of stage rows to redraw, [top, bottom]; empty when top > bottom. */
  #dirty: { top: number; bottom: number }[] = [];
  #ratio = 1;
  /** A request for the dirty gaps a draw left for the next frame. */
  #rest = 0;
  /** The gap a draw starts with: where the one before stopped, so none waits for long. */
  #next = 0;
  #looks: LinkLooks | null = null;

  /** Dirty links are still waiting for the next animation frames (a large redraw is spread over them). */
  get pending(): boolean {
    return this.#rest !== 0;
  }

  /**
   * The gaps of `layout`, each on a canvas of its own prepended to `stage` at `ratio` device px
   * per CSS px; `ends` holds each link's endpoints (4 numbers a link), gap after gap, `counts`
   * how many links each gap has.
   */
  build(layout: Layout, ends: Float32Array, counts: number[], ratio: number, stage: HTMLElement): void {
    this.#release();
    this.#looks = null; // the next draw() brings the looks of these links
    this.#ratio = ratio;
    this.#ends = ends;
    this.#starts = [0];
    for (const count of counts) this.#starts.push(this.#starts[this.#starts.length - 1] + count);
    this.#boxes = counts.map((_, g) => {
      const [from, to] = [layout.columns[g], layout.columns[g + 1]];
      const ys = [...from.ys, ...to.ys];
      const top = Math.min(...ys) + NODE / 2 - PAD;
      return { left: from.x + NODE, top, width: to.x - from.x - NODE, height: Math.max(...ys) - Math.min(...ys) + 2 * PAD };
    });
    this.#surfaces = this.#boxes.map((box) => gapSurface(box, ratio));
    stage.prepend(...this.#surfaces.map((s) => s.element));
    this.#dirty = counts.map(() => ({ top: -Infinity, bottom: Infinity }));
  }

  /** Every gap is redrawn whole at the next draw (a new palette). */
  invalidate(): void {
    for (const band of this.#dirty) [band.top, band.bottom] = [-Infinity, Infinity];
  }

  /** Link k, in gap `gap`, looks different: the rows it spans are redrawn at the next draw. */
  invalidateLink(k: number, gap: number): void {
    const [y1, y2] = [this.#ends[4 * k + 1], this.#ends[4 * k + 3]];
    const band = this.#dirty[gap];
    band.top = Math.min(band.top, Math.min(y1, y2) - REACH);
    band.bottom = Math.max(band.bottom, Math.max(y1, y2) + REACH);
  }

  /** Redraws the gaps marked dirty with `looks` (those over ROWS_PER_FRAME at the next animation frames). */
  draw(looks: LinkLooks): void {
    this.#looks = looks;
    if (this.#rest) return;
    this.#drawDirty();
  }

  #drawDirty(): void {
    this.#rest = 0;
    const count = this.#dirty.length;
    const shown = new Set<number>(); // the gaps drawn in this frame
    let rows = 0;
    for (let i = 0; i < count; i++) {
      const g = (this.#next + i) % count;
      const band = this.#dirty[g];
      if (band.top > band.bottom) continue;
      if (rows >= ROWS_PER_FRAME) {
        this.#next = g;
        this.#rest = requestAnimationFrame(() => this.#drawDirty());
        break;
      }
      // A whole gap of 16 × 16 links is more than a frame's rows: it goes in slices of its height.
      rows += this.#drawGap(g, SLICES);
      shown.add(g);
      if (band.top <= band.bottom) i--; // the rest of this gap's band first
    }
    // Each gap drawn is shown once, with this frame's bands: a copy of its drawing handed over as
    // an ImageBitmap (transferToImageBitmap leaves the canvas it comes from blank, so the copy's,
    // not the drawing's own).
    for (const g of shown) {
      const { context, show, copy } = this.#surfaces[g];
      if (!show || !copy) continue;
      const c = copy.getContext('2d')!;
      c.drawImage(context.canvas, 0, 0);
      show.transferFromImageBitmap(copy.transferToImageBitmap());
    }
  }

  /** Redraws gap g's dirty band; returns the device rows its links' strokes covered. */
  #drawGap(g: number, slices: number): number {
    const band = this.#dirty[g];
    const surface = this.#surfaces[g];
    const looks = this.#looks;
    if (!surface) return 0;
    const { context, x0: ox, y0: oy } = surface;
    const { left, top, width, height } = this.#boxes[g];
    const r = this.#ratio;
    // The gap and the band in whole device pixels, so that every pixel in it is drawn afresh by
    // every link that touches it, in order: the pixels of a redraw of the whole gap (but for Skia
    // antialiasing a stroke cut by a clip a little differently, a few levels on an edge pixel).
    const [x0, x1] = [Math.round(left * r), Math.round((left + width) * r)];
    const [y0, y1] = [Math.floor(top * r), Math.ceil((top + height) * r)];
    const from = Math.max(y0, Math.floor(band.top * r));
    const end = Math.min(y1, Math.ceil(band.bottom * r));
    const to = Math.min(end, from + Math.ceil((y1 - y0) / slices)); // a slice; the rest stays dirty
    const [bandTop, bandBottom] = [from / r, to / r];
    [band.top, band.bottom] = to < end ? [to / r, band.bottom] : [Infinity, -Infinity];
    if (to <= from) return 0;
    context.save();
    context.setTransform(1, 0, 0, 1, -ox, -oy);
    context.beginPath();
    context.rect(x0, from, x1 - x0, to - from);
    context.clip();
    context.clearRect(x0, from, x1 - x0, to - from);
    if (!looks) {
      context.restore();
      return 0;
    }
    context.setTransform(r, 0, 0, r, -ox, -oy);
    context.lineCap = 'butt';
    const ends = this.#ends;
    let lineWidth = -1;
    let colour = '';
    let rows = 0;
    // In parameter order, as the SVG drew them: where links cross, the later one is on top.
    for (let k = this.#starts[g]; k < this.#starts[g + 1]; k++) {
      const [x1, y1, x2, y2] = [ends[4 * k], ends[4 * k + 1], ends[4 * k + 2], ends[4 * k + 3]];
      const [low, high] = [Math.max(bandTop, Math.min(y1, y2) - REACH), Math.min(bandBottom, Math.max(y1, y2) + REACH)];
      if (low > high) continue;
      rows += (high - low) * r;
      if (looks.widths[k] !== lineWidth) {
        lineWidth = looks.widths[k];
        context.lineWidth = lineWidth;
      }
      if (looks.colours[k] !== colour) {
        colour = looks.colours[k];
        context.strokeStyle = colour;
      }
      const mx = (x1 + x2) / 2; // layout.ts linkPath's control points
      context.beginPath();
      context.moveTo(x1, y1);
      context.bezierCurveTo(mx, y1, mx, y2, x2, y2);
      context.stroke();
    }
    context.restore();
    return rows;
  }

  /** Frees the gaps' canvases (the view is going). */
  destroy(): void {
    if (this.#rest) cancelAnimationFrame(this.#rest);
    this.#rest = 0;
    this.#release();
    this.#boxes = [];
  }

  #release(): void {
    for (const { element, context, copy } of this.#surfaces) {
      releaseCanvas(element, context.canvas, ...(copy ? [copy] : []));
      element.remove();
    }
    this.#surfaces = [];
  }
}

/**
 * A gap's canvas, in whole device pixels of the stage. Where there are OffscreenCanvases the
 * links are drawn on one and the element shows ImageBitmaps of it (ImageBitmapRenderingContext):
 * Chromium's software compositing copies every ordinary 2D canvas of the page at every commit,
 * whether it changed or not, and a bitmap renderer's picture only when it was given a new one.
 * (A transferControlToOffscreen placeholder avoids the copy too, but rasterized its strokes in
 * lumps: FinalizeFrame tasks of up to 23 ms at DPR 2, against 10 ms here.)
 */
function gapSurface(box: { left: number; top: number; width: number; height: number }, ratio: number): GapSurface {
  const [x0, x1] = [Math.round(box.left * ratio), Math.round((box.left + box.width) * ratio)];
  const [y0, y1] = [Math.floor(box.top * ratio), Math.ceil((box.top + box.height) * ratio)];
  const element = deviceCanvas('nn-links', x0, y0, x1, y1, ratio);
  const offscreen = typeof OffscreenCanvas === 'function';
  const show = offscreen ? element.getContext('bitmaprenderer') : null;
  const context = (show ? new OffscreenCanvas(element.width, element.height).getContext('2d') : element.getContext('2d'))!;
  const copy = show ? new OffscreenCanvas(element.width, element.height) : null;
  // For tests and curious readers of the DOM: a bitmap renderer's pixels cannot be read through
  // getContext, so the element lends its drawing's (device px of the canvas).
  (element as LinkSurfaceElement).readPixels = (x, y, width, height) => context.getImageData(x, y, width, height);
  return { element, context, show, copy, x0, y0 };
}
