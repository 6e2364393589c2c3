// The chain rule for one weight, written out: ∂L/∂w as a sum over every path from the weight's
// target neuron to the output, each path a product of the factors the engine recorded in its
// trace. No DOM here (tests/web/chain.test.ts checks it against hand-computed numbers).
//
// Columns: 0 is the input, column c ≥ 1 is trace.layers[c - 1] (layer l maps column l to l + 1).
// For the weight w from unit i of column l to unit j of column l + 1:
//   ∂L/∂w = a_i · δ_j,   δ_j = f′(z_j) · Σ_k w_kj · δ_k,   δ_out = f′(z_out) · ∂L/∂a_out
// and unrolling δ_j down to the output gives one product per path j → k₁ → … → out:
//   ∂L/∂w = a_i · Σ_paths f′(z_j) · w_k₁j · f′(z_k₁) · … · w_out,k · f′(z_out) · ∂L/∂a_out.
// With cross-entropy (or a softmax output) the engine starts at δ_out = ∂L/∂z_out = a − t, so the
// chain ends with that factor instead of f′(z_out) · ∂L/∂a_out.
import type { ExampleTrace } from '../../engine/protocol';

export type FactorKind = 'activation' | 'derivative' | 'weight' | 'outputGradient' | 'outputDelta';

/** One factor of a path, with where it sits in the network (for labels and highlighting). */
export interface Factor {
  kind: FactorKind;
  /** The column of the neuron the factor belongs to (for a weight: its target's column). */
  column: number;
  unit: number;
  /** For a weight: the unit in column - 1 it comes from. */
  from?: number;
  value: number;
  label: string;
}

export interface ChainPath {
  factors: Factor[];
  /** The factors multiplied left to right (in double precision). */
  product: number;
}

export interface ChainRule {
  layer: number;
  j: number;
  i: number;
  /** The listed paths, largest |product| first: all of them, or the `limit` largest. */
  paths: ChainPath[];
  /** How many paths there are in all. */
  pathCount: number;
  /** The sum of the paths that are not listed (0 when all are). */
  restSum: number;
  /** The sum over every path: the chain rule's ∂L/∂w. */
  sum: number;
  /** The engine's own backprop gradient for this weight (trace.layers[layer].weightGradients). */
  engineGradient: number;
  /** sum − engineGradient. */
  difference: number;
  /** True when the chain starts at δ_out (cross-entropy, softmax) rather than ∂L/∂a_out. */
  startsAtDelta: boolean;
}

export interface ChainOptions {
  /** Start at δ_out = ∂L/∂z_out instead of f′(z_out) · ∂L/∂a_out (see startsAtOutputDelta). */
  startAtOutputDelta: boolean;
  /** List at most this many paths (default 16); the rest is summed. */
  limit?: number;
  /** A neuron's name for the labels (default "c.u", 1-based unit). */
  name?(column: number, unit: number): string;
}

/** Cross-entropy's δ_out = a − t skips f′; softmax's Jacobian is not one factor per unit. */
export function startsAtOutputDelta(loss: string, output: string): boolean {
  return loss !== 'mse' || output === 'softmax';
}

/** A partial path from a neuron to the output: its factors, their product, and |product| for ranking. */
interface Suffix {
  factors: Factor[];
  product: number;
}

function widthOf(trace: ExampleTrace, column: number): number {
  return column === 0 ? trace.input.length : trace.layers[column - 1].a.length;
}

function activationOf(trace: ExampleTrace, column: number, unit: number): number {
  return column === 0 ? trace.input[unit] : trace.layers[column - 1].a[unit];
}

/**
 * The chain rule for the weight of `trace.layers[layer]` from input unit `i` to unit `j`.
 * Paths are not enumerated: for each neuron we keep only the `limit` largest partial paths to the
 * output (the largest paths from a neuron always continue with one of the largest paths of the
 * next neuron), and the exact sum separately, so a deep wide network costs nodes × width × limit.
 */
export function chainRule(trace: ExampleTrace, layer: number, j: number, i: number, options: ChainOptions): ChainRule {
  const last = trace.layers.length; // the output column
  const column = layer + 1;
  if (layer < 0 || layer >= last) throw new RangeError(`no layer ${layer}`);
  const inWidth = widthOf(trace, layer);
  if (!(j >= 0 && j < widthOf(trace, column) && i >= 0 && i < inWidth)) throw new RangeError(`no weight ${j},${i} in layer ${layer}`);
  const limit = Math.max(1, options.limit ?? 16);
  const name = options.name ?? ((c: number, u: number) => `${c}.${u + 1}`);
  const atDelta = options.startAtOutputDelta;

  const derivative = (c: number, u: number): Factor => ({
    kind: 'derivative', column: c, unit: u, value: trace.layers[c - 1].derivative[u], label: `f′(z ${name(c, u)})`,
  });
  const weight = (c: number, to: number, from: number): Factor => ({
    kind: 'weight', column: c, unit: to, from,
    value: trace.layers[c - 1].weights[to * widthOf(trace, c - 1) + from],
    label: `w ${name(c - 1, from)}→${name(c, to)}`,
  });

  // Walk from the output column back to `column`: best[u] holds unit u's largest suffixes,
  // sums[u] the exact sum over all of its suffixes (= δ_u), counts[u] how many there are.
  let best: Suffix[][] = [];
  let sums: number[] = [];
  let counts: number[] = [];
  for (let c = last; c >= column; c--) {
    const width = widthOf(trace, c);
    const nextBest: Suffix[][] = [];
    const nextSums: number[] = [];
    const nextCounts: number[] = [];
    for (let u = 0; u < width; u++) {
      if (c === last) {
        const factors: Factor[] = atDelta
          ? [{ kind: 'outputDelta', column: c, unit: u, value: trace.layers[c - 1].delta[u], label: `δ ${name(c, u)}` }]
          : [derivative(c, u),
            { kind: 'outputGradient', column: c, unit: u, value: trace.outputGradient[u], label: `∂L/∂a ${name(c, u)}` }];
        const product = multiply(factors);
        nextBest.push([{ factors, product }]);
        nextSums.push(product);
        nextCounts.push(1);
        continue;
      }
      const fPrime = derivative(c, u);
      const candidates: Suffix[] = [];
      let sum = 0;
      let count = 0;
      for (let k = 0; k < widthOf(trace, c + 1); k++) {
        const w = weight(c + 1, k, u);
        sum += w.value * sums[k];
        count += counts[k];
        for (const s of best[k]) candidates.push({ factors: [fPrime, w, ...s.factors], product: fPrime.value * w.value * s.product });
      }
      nextBest.push(largest(candidates, limit));
      nextSums.push(fPrime.value * sum);
      nextCounts.push(count);
    }
    best = nextBest;
    sums = nextSums;
    counts = nextCounts;
  }

  const input: Factor = {
    kind: 'activation', column: layer, unit: i, value: activationOf(trace, layer, i),
    label: layer === 0 ? `${name(0, i)}` : `a ${name(layer, i)}`,
  };
  const paths = best[j].map((s) => {
    const factors = [input, ...s.factors];
    return { factors, product: multiply(factors) };
  });
  const sum = input.value * sums[j];
  const listed = paths.reduce((total, p) => total + p.product, 0);
  const pathCount = counts[j];
  const engineGradient = trace.layers[layer].weightGradients[j * inWidth + i];
  return {
    layer, j, i, paths, pathCount,
    restSum: pathCount > paths.length ? sum - listed : 0,
    sum, engineGradient, difference: sum - engineGradient, startsAtDelta: atDelta,
  };
}

function multiply(factors: Factor[]): number {
  let product = 1;
  for (const f of factors) product *= f.value;
  return product;
}

function largest(list: Suffix[], limit: number): Suffix[] {
  const magnitude = (s: Suffix) => (Number.isNaN(s.product) ? Infinity : Math.abs(s.product));
  return list.sort((a, b) => magnitude(b) - magnitude(a)).slice(0, limit);
}
