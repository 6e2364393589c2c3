// The drawing pad: a digit drawn with mouse, pen or finger becomes an 8×8 image the way the data
// set's were made. The strokes are scaled to fill the 32×32 box (their longer side, centred, as
// the data set's writers' digits were size-normalized), drawn into a 32×32 bitmap with a pen
// BRUSH pixels wide, and counted in 4×4 blocks (reduceBitmap: 0–16 a pixel).
import { BITMAP, reduceBitmap } from '../../data/digits';
import { element } from '../controls/dom';

/** The pen's width in bitmap pixels (a stroke covers about one 4×4 block across). */
export const BRUSH = 3.5;
/** CSS pixels a side. */
const SIZE = 160;

type Point = [number, number];

/** The strokes (pad coordinates, 0..1 each way) as a BITMAP² bitmap of 0/1, scaled to fill it. */
export function rasterize(strokes: readonly Point[][]): Uint8Array {
  const bitmap = new Uint8Array(BITMAP * BITMAP);
  const all = strokes.flat();
  if (all.length === 0) return bitmap;
  const xs = all.map((p) => p[0]), ys = all.map((p) => p[1]);
  const left = Math.min(...xs), top = Math.min(...ys);
  const span = Math.max(Math.max(...xs) - left, Math.max(...ys) - top, 1e-3);
  const room = BITMAP - BRUSH; // the pen's width stays inside the box
  const scale = Math.min(room / span, 4 * BITMAP); // a dot is not blown up to fill the box
  const cx = (Math.max(...xs) + left) / 2, cy = (Math.max(...ys) + top) / 2;
  const place = ([x, y]: Point): Point => [BITMAP / 2 + (x - cx) * scale, BITMAP / 2 + (y - cy) * scale];
  const segments = strokes.flatMap((stroke) => {
    const points = stroke.map(place);
    return points.map((p, i) => [points[Math.max(0, i - 1)], p] as const);
  });
  const r2 = (BRUSH / 2) ** 2;
  for (let y = 0; y < BITMAP; y++) {
    for (let x = 0; x < BITMAP; x++) {
      const px = x + 0.5, py = y + 0.5;
      for (const [[ax, ay], [bx, by]] of segments) {
        const dx = bx - ax, dy = by - ay;
        const t = dx === 0 && dy === 0 ? 0 : Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)));
        const ex = ax + t * dx - px, ey = ay + t * dy - py;
        if (ex * ex + ey * ey <= r2) {
          bitmap[y * BITMAP + x] = 1;
          break;
        }
      }
    }
  }
  return bitmap;
}

export interface DrawingPad {
  element: HTMLElement;
  destroy(): void;
}

/** `onDigit`: the drawing's 8×8 counts (0–16), at most once an animation frame while drawing; null when cleared. */
export function createDrawingPad(onDigit: (counts: Uint8Array | null) => void): DrawingPad {
  const root = element('div', 'digit-pad');
  const canvas = element('canvas', 'digit-pad-canvas');
  canvas.setAttribute('role', 'img');
  canvas.setAttribute('aria-label', 'Drawing pad: draw a digit here with the mouse, a pen or a finger; it is classified as you draw');
  const clear = element('button', 'text-button', 'Clear');
  clear.type = 'button';
  const note = element('p', 'digit-hint', 'Draw a digit: it is scaled to fill the box and counted in 4×4 blocks, as the data set’s were.');
  root.append(canvas, clear, note);

  const ratio = Math.max(1, Math.min(3, Math.round(window.devicePixelRatio || 1)));
  canvas.width = canvas.height = SIZE * ratio;
  const strokes: Point[][] = [];
  let drawing: Point[] | null = null;
  let pending = 0;

  const paint = () => {
    const g = canvas.getContext('2d');
    if (!g) return;
    g.setTransform(ratio * SIZE, 0, 0, ratio * SIZE, 0, 0);
    g.clearRect(0, 0, 1, 1);
    g.lineCap = g.lineJoin = 'round';
    g.lineWidth = BRUSH / BITMAP;
    g.strokeStyle = getComputedStyle(canvas).color;
    for (const stroke of strokes) {
      g.beginPath();
      stroke.forEach(([x, y], i) => (i === 0 ? g.moveTo(x, y) : g.lineTo(x, y)));
      if (stroke.length === 1) g.lineTo(stroke[0][0] + 1e-3, stroke[0][1]);
      g.stroke();
    }
  };
  const send = () => {
    pending = 0;
    onDigit(strokes.length > 0 ? reduceBitmap(rasterize(strokes)) : null);
  };
  const schedule = () => {
    paint();
    pending ||= requestAnimationFrame(send);
  };
  const at = (event: PointerEvent): Point => {
    const box = canvas.getBoundingClientRect();
    return [Math.min(1, Math.max(0, (event.clientX - box.left) / box.width)), Math.min(1, Math.max(0, (event.clientY - box.top) / box.height))];
  };
  canvas.addEventListener('pointerdown', (event) => {
    event.preventDefault();
    canvas.setPointerCapture?.(event.pointerId);
    drawing = [at(event)];
    strokes.push(drawing);
    schedule();
  });
  canvas.addEventListener('pointermove', (event) => {
    if (!drawing) return;
    drawing.push(at(event));
    schedule();
  });
  const end = () => {
    drawing = null;
  };
  canvas.addEventListener('pointerup', end);
  canvas.addEventListener('pointercancel', end);
  clear.addEventListener('click', () => {
    strokes.length = 0;
    schedule();
  });
  return {
    element: root,
    destroy() {
      if (pending) cancelAnimationFrame(pending);
      canvas.width = canvas.height = 0;
    },
  };
}
