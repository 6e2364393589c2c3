// The engine's flat parameters, [W0 b0 W1 b1 ...]: layer l's weights W_l, (out, in) row-major,
// then its biases b_l. Every module that splits or counts them uses these two.

/** Where layer l's weights and biases start, with its widths, for layer widths [inputs, ..., outputs]. */
export interface LayerOffsets {
  weights: number;
  biases: number;
  in: number;
  out: number;
}

export function layerOffsets(widths: readonly number[]): LayerOffsets[] {
  const offsets: LayerOffsets[] = [];
  let at = 0;
  for (let l = 0; l + 1 < widths.length; l++) {
    const [inputs, out] = [widths[l], widths[l + 1]];
    offsets.push({ weights: at, biases: at + out * inputs, in: inputs, out });
    at += out * inputs + out;
  }
  return offsets;
}

/** How many numbers [W0 b0 W1 b1 ...] has for layer widths [inputs, ..., outputs]. */
export function parameterCount(widths: readonly number[]): number {
  const last = layerOffsets(widths).at(-1);
  return last ? last.biases + last.out : 0;
}
