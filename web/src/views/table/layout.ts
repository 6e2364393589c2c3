// Where a table's network view puts things: a column per layer, the input names left of the
// first, the output names right of the last; each node and link knows its flat index into the
// parameters [W0 b0 W1 b1 ...] (W_l is (out, in), row-major: W_l[j][i] at offset_l + j·in + i,
// b_l[j] at offset_l + in·out + j). Pure geometry, no drawing.

export interface Node {
  layer: number;
  unit: number;
  x: number;
  y: number;
  /** The unit's bias in the parameters (−1 for an input). */
  bias: number;
}

export interface Link {
  /** The weight layer: from nodes[layer] to nodes[layer + 1]. */
  layer: number;
  from: number;
  to: number;
  /** The weight in the parameters. */
  index: number;
}

export type Item = Node | Link;

export interface Layout {
  nodes: Node[][];
  links: Link[];
  height: number;
  radius: number;
}

/** Vertical room per node of the tallest column, and the most and least of it. */
const ROW = 26;
const MIN_ROW = 12;
const MAX_HEIGHT = 560;
const PAD = 14;

export function tableLayout(widths: readonly number[], width: number, inputs: readonly string[], outputs: readonly string[],
  measure: (text: string) => number): Layout {
  const tallest = Math.max(...widths);
  const row = Math.max(MIN_ROW, Math.min(ROW, (MAX_HEIGHT - 2 * PAD) / tallest));
  const height = Math.ceil(tallest * row + 2 * PAD);
  const radius = Math.max(3, Math.min(9, row * 0.32));
  const labelWidth = (names: readonly string[]) => Math.min(width * 0.3, Math.max(0, ...names.map(measure)) + radius + 10);
  const left = labelWidth(inputs) + PAD, right = width - labelWidth(outputs) - PAD;
  const nodes: Node[][] = [];
  let offset = 0;
  widths.forEach((n, l) => {
    const x = widths.length === 1 ? left : left + ((right - left) * l) / (widths.length - 1);
    const top = (height - n * row) / 2 + row / 2;
    const biasAt = l === 0 ? -1 : offset + widths[l - 1] * n;
    nodes.push(Array.from({ length: n }, (_, j) => ({ layer: l, unit: j, x, y: top + j * row, bias: l === 0 ? -1 : biasAt + j })));
    if (l > 0) offset += widths[l - 1] * n + n;
  });
  const links: Link[] = [];
  offset = 0;
  for (let l = 0; l + 1 < widths.length; l++) {
    for (let j = 0; j < widths[l + 1]; j++) for (let i = 0; i < widths[l]; i++) links.push({ layer: l, from: i, to: j, index: offset + j * widths[l] + i });
    offset += widths[l] * widths[l + 1] + widths[l + 1];
  }
  return { nodes, links, height, radius };
}

/** Distance from (x, y) to the segment a–b. */
function toSegment(x: number, y: number, a: Node, b: Node): number {
  const dx = b.x - a.x, dy = b.y - a.y;
  const t = Math.max(0, Math.min(1, ((x - a.x) * dx + (y - a.y) * dy) / (dx * dx + dy * dy || 1)));
  return Math.hypot(x - (a.x + t * dx), y - (a.y + t * dy));
}

/** The node under (x, y), else the nearest link within a few pixels, else null. */
export function nearestItem(layout: Layout, x: number, y: number): Item | null {
  for (const column of layout.nodes) for (const node of column) if (Math.hypot(x - node.x, y - node.y) <= layout.radius + 2) return node;
  let best: Link | null = null;
  let distance = 4;
  for (const link of layout.links) {
    const d = toSegment(x, y, layout.nodes[link.layer][link.from], layout.nodes[link.layer + 1][link.to]);
    if (d < distance) {
      distance = d;
      best = link;
    }
  }
  return best;
}
