// The output figure: the output neuron's heatmap on a small canvas (gridSize² pixels, scaled by
// CSS, so a frame costs one paint and one putImageData), a second canvas on top for the data
// points (redrawn only when they or their look change), and axes from -DOMAIN to DOMAIN.
import { classTables, css, paintClasses } from '../../class-colours';
import { colourOf, colourTable, paint, rangeScaling, type Palette, type Rgb } from '../../heatmap';
import { classIndex } from '../../problems';
import { arrowOffsets, type Arrows } from './input-gradient';
import { DOMAIN } from '../../state';
import { releaseCanvas } from '../../view';

/** Points as the engine hands them: (n, 3) of x, y, label. */
export type PointList = ArrayLike<number>;

export interface OverlaySpec {
  train: PointList | null;
  test: PointList | null;
  /** Classes of the points' labels (0: regression, a value coloured on the scale). */
  classes: number;
  /** Each class's colour (classes 0 and 1 are the palette's negative and positive). */
  classColours: readonly Rgb[];
  palette: Palette;
  dark: boolean;
  /** The gradient to the input: an arrow from each point along −∂L/∂(x, y). */
  arrows: Arrows | null;
  /** Points to ring (a pressed confusion-matrix cell): drawn with their dots even when their part is not shown. */
  rings: PointList | null;
  /** Edit mode: index of the selected point in `train`, or -1. */
  selected: number;
  /** Edit mode, keyboard: the crosshair in data coordinates. */
  cursor: { x: number; y: number } | null;
}

export interface Plot {
  element: HTMLElement;
  /** The top canvas: it takes the pointer and the keyboard, and carries the accessible name. */
  overlay: HTMLCanvasElement;
  /** `range`: the output's (its head's) range, which the colour scale spans. */
  paintHeatmap(grid: Float32Array, offset: number, n: number, palette: Palette, discretize: boolean, range: readonly [number, number]): void;
  /** K classes' probabilities (K blocks of n² from `offset`): each cell the colour of its likeliest class. */
  paintClasses(grid: Float32Array, offset: number, n: number, colours: readonly Rgb[], neutral: Rgb, discretize: boolean): void;
  clearHeatmap(): void;
  drawOverlay(spec: OverlaySpec): void;
  /** Size of the square in CSS pixels (0 before layout). */
  size(): number;
  /** Data coordinates of a pointer event (may lie outside the square while dragging). */
  toData(clientX: number, clientY: number): { x: number; y: number };
  /** Called when the square changes size: the overlay must be redrawn. */
  onResize(callback: () => void): void;
  /** Stops watching the size and frees both canvases' pixels. */
  destroy(): void;
}

const TICKS = [-6, -4, -2, 0, 2, 4, 6];

function axis(className: string, vertical: boolean): HTMLElement {
  const el = document.createElement('div');
  el.className = `output-axis ${className}`;
  el.setAttribute('aria-hidden', 'true');
  for (const t of TICKS) {
    const tick = document.createElement('span');
    tick.className = 'output-tick';
    // y grows upwards, the page downwards.
    const share = ((vertical ? -t : t) + DOMAIN) / (2 * DOMAIN);
    tick.style.setProperty(vertical ? 'top' : 'left', `${share * 100}%`);
    tick.textContent = String(t);
    el.append(tick);
  }
  return el;
}

export function createPlot(): Plot {
  const element = document.createElement('div');
  element.className = 'output-figure';
  const square = document.createElement('div');
  square.className = 'output-square';
  const heat = document.createElement('canvas');
  heat.className = 'output-heatmap';
  heat.setAttribute('aria-hidden', 'true');
  const overlay = document.createElement('canvas');
  overlay.className = 'output-overlay';
  overlay.setAttribute('role', 'img');
  square.append(heat, overlay);
  element.append(axis('output-axis-y', true), square, document.createElement('span'), axis('output-axis-x', false));

  const heatContext = heat.getContext('2d');
  const overlayContext = overlay.getContext('2d');
  let image: ImageData | null = null;
  let table: Uint32Array | null = null;
  let tablePalette: Palette | null = null;
  let tables: Uint32Array | null = null;
  let tablesKey: readonly unknown[] = [];
  let cssSize = 0;
  let resized: () => void = () => {};

  const resizing = new ResizeObserver(() => {
    const next = square.clientWidth;
    if (next === cssSize) return;
    cssSize = next;
    const ratio = window.devicePixelRatio || 1;
    overlay.width = Math.max(1, Math.round(next * ratio));
    overlay.height = overlay.width;
    resized();
  });
  resizing.observe(square);

  /** The heatmap canvas at n×n cells and its image (kept while n stays). */
  function sized(ctx: CanvasRenderingContext2D, n: number): ImageData {
    if (heat.width !== n) {
      heat.width = n;
      heat.height = n;
      image = null;
    }
    return (image ??= ctx.createImageData(n, n));
  }

  function colours(palette: Palette): Uint32Array {
    if (!table || tablePalette !== palette) {
      table = colourTable(palette, 190); // a little lighter than the points drawn on it, as they must stand out
      tablePalette = palette;
    }
    return table;
  }

  function dots(ctx: CanvasRenderingContext2D, list: PointList, spec: OverlaySpec, scale: number, radius: number,
    stroke: string, strokeWidth: number): void {
    const n = Math.floor(list.length / 3);
    const at = (v: number) => (v + DOMAIN) * scale;
    const up = (v: number) => (DOMAIN - v) * scale;
    ctx.lineWidth = strokeWidth;
    ctx.strokeStyle = stroke;
    if (spec.classes >= 2) {
      // One path per class: a few hundred arcs cost one fill and one stroke each.
      for (let k = 0; k < spec.classes; k++) {
        ctx.beginPath();
        for (let i = 0; i < n; i++) {
          if (classIndex(list[i * 3 + 2], spec.classes) !== k) continue;
          const x = at(list[i * 3]);
          const y = up(list[i * 3 + 1]);
          ctx.moveTo(x + radius, y);
          ctx.arc(x, y, radius, 0, 2 * Math.PI);
        }
        ctx.fillStyle = css(spec.classColours[k]);
        ctx.fill();
        ctx.stroke();
      }
      return;
    }
    for (let i = 0; i < n; i++) {
      ctx.beginPath();
      ctx.arc(at(list[i * 3]), up(list[i * 3 + 1]), radius, 0, 2 * Math.PI);
      ctx.fillStyle = colourOf(list[i * 3 + 2], spec.palette);
      ctx.fill();
      ctx.stroke();
    }
  }

  /** Lines from each point along −∂L/∂(x, y), with a head, on top of the dots. */
  function arrows(ctx: CanvasRenderingContext2D, spec: Arrows, scale: number, ratio: number, dark: boolean): void {
    const offsets = arrowOffsets(spec.gradients);
    const head = 4 * ratio;
    ctx.beginPath();
    for (let i = 0; 2 * i + 1 < offsets.length && 3 * i + 1 < spec.points.length; i++) {
      const dx = offsets[2 * i] * scale, dy = -offsets[2 * i + 1] * scale; // y grows upwards, the canvas downwards
      const length = Math.hypot(dx, dy);
      if (length < 1) continue;
      const x = (spec.points[3 * i] + DOMAIN) * scale, y = (DOMAIN - spec.points[3 * i + 1]) * scale;
      const [ux, uy] = [dx / length, dy / length];
      ctx.moveTo(x, y);
      ctx.lineTo(x + dx, y + dy);
      ctx.moveTo(x + dx - head * (ux - 0.6 * uy), y + dy - head * (uy + 0.6 * ux));
      ctx.lineTo(x + dx, y + dy);
      ctx.lineTo(x + dx - head * (ux + 0.6 * uy), y + dy - head * (uy - 0.6 * ux));
    }
    ctx.lineWidth = 1.5 * ratio;
    ctx.strokeStyle = dark ? 'rgba(255, 255, 255, 0.85)' : 'rgba(0, 0, 0, 0.75)';
    ctx.stroke();
  }

  return {
    element,
    overlay,
    paintHeatmap(grid, offset, n, palette, discretize, range) {
      if (!heatContext) return;
      image = sized(heatContext, n);
      const { scale, centre } = rangeScaling(range);
      paint(image, grid, offset, n, colours(palette), discretize, scale, centre);
      heatContext.putImageData(image, 0, 0);
    },
    paintClasses(grid, offset, n, colours, neutral, discretize) {
      if (!heatContext) return;
      image = sized(heatContext, n);
      if (!tables || tablesKey.length !== colours.length + 1 || ![...colours, neutral].every((c, i) => c === tablesKey[i])) {
        tables = classTables(colours, neutral, 190); // as paintHeatmap: lighter than the points on it
        tablesKey = [...colours, neutral];
      }
      paintClasses(image, grid, offset, n, colours.length, tables, discretize);
      heatContext.putImageData(image, 0, 0);
    },
    clearHeatmap() {
      heatContext?.clearRect(0, 0, heat.width, heat.height);
    },
    drawOverlay(spec) {
      const ctx = overlayContext;
      if (!ctx) return;
      const w = overlay.width;
      ctx.clearRect(0, 0, w, w);
      if (w <= 1) return;
      const ratio = window.devicePixelRatio || 1;
      const scale = w / (2 * DOMAIN);
      const radius = Math.max(2.5, Math.min(4.5, (w / ratio) / 80)) * ratio;
      if (spec.test) dots(ctx, spec.test, spec, scale, radius, spec.dark ? '#000' : '#111', 1.6 * ratio);
      if (spec.train) dots(ctx, spec.train, spec, scale, radius, '#fff', 1 * ratio);
      if (spec.arrows) arrows(ctx, spec.arrows, scale, ratio, spec.dark);
      if (spec.rings) {
        dots(ctx, spec.rings, spec, scale, radius, '#fff', 1 * ratio);
        ctx.beginPath();
        for (let i = 0; i + 1 < spec.rings.length; i += 3) {
          const x = (spec.rings[i] + DOMAIN) * scale, y = (DOMAIN - spec.rings[i + 1]) * scale;
          ctx.moveTo(x + radius + 3 * ratio, y);
          ctx.arc(x, y, radius + 3 * ratio, 0, 2 * Math.PI);
        }
        ctx.lineWidth = 2.5 * ratio;
        ctx.strokeStyle = spec.dark ? '#fff' : '#000';
        ctx.stroke();
      }
      if (spec.train && spec.selected >= 0 && spec.selected * 3 + 1 < spec.train.length) {
        ctx.beginPath();
        ctx.arc((spec.train[spec.selected * 3] + DOMAIN) * scale, (DOMAIN - spec.train[spec.selected * 3 + 1]) * scale,
          radius + 3 * ratio, 0, 2 * Math.PI);
        ctx.lineWidth = 2 * ratio;
        ctx.strokeStyle = spec.dark ? '#fff' : '#000';
        ctx.stroke();
      }
      if (spec.cursor) {
        const x = (spec.cursor.x + DOMAIN) * scale;
        const y = (DOMAIN - spec.cursor.y) * scale;
        const arm = 10 * ratio;
        ctx.beginPath();
        ctx.moveTo(x - arm, y);
        ctx.lineTo(x + arm, y);
        ctx.moveTo(x, y - arm);
        ctx.lineTo(x, y + arm);
        // Two strokes so the crosshair shows on any heatmap colour.
        ctx.lineWidth = 4 * ratio;
        ctx.strokeStyle = 'rgba(255, 255, 255, 0.9)';
        ctx.stroke();
        ctx.lineWidth = 2 * ratio;
        ctx.strokeStyle = '#000';
        ctx.stroke();
      }
    },
    size: () => cssSize,
    toData(clientX, clientY) {
      const box = overlay.getBoundingClientRect();
      const side = box.width || 1;
      return {
        x: ((clientX - box.left) / side) * 2 * DOMAIN - DOMAIN,
        y: DOMAIN - ((clientY - box.top) / side) * 2 * DOMAIN,
      };
    },
    onResize(callback) {
      resized = callback;
    },
    destroy() {
      resizing.disconnect();
      resized = () => {};
      image = null;
      releaseCanvas(heat, overlay);
    },
  };
}
