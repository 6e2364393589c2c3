// The NumPy script: the network's weights as float32 arrays and its forward pass as a few lines
// of matrix math, with predict() taking what the page takes (a point, an image or a table's row).
// It computes in float32 as the engine does, so its predictions agree with the page's to about
// 1e-6 (tests/web/export-code.test.ts runs it on the page's 100 × 100 grid).
import { codeNetwork, describe, featureExpressions, GRID_WORDS, pyDouble, pyFloat, pyList, pyRows, pyString, wrap, type CodeNetwork, type CodeSource } from './export-code';
import { DOMAIN } from './state';

/** The file name the dialog saves it as: importable (`from network import predict`). */
export const NUMPY_FILE = 'network.py';

/** Each activation as a NumPy function: its formula, computed in float32. */
const ACTIVATIONS: Record<string, string[]> = {
  tanh: ['def tanh(z):', '    return np.tanh(z)'],
  relu: ['def relu(z):', '    return np.maximum(z, np.float32(0))  # max(z, 0)'],
  'leaky-relu': ['def leaky_relu(z):', '    return np.where(z > 0, z, np.float32(0.01) * z)  # z, or 0.01 z below 0'],
  sigmoid: ['def sigmoid(z):',
    '    # 1 / (1 + e^-z); e^-z is kept from overflowing float32 (the playground clamps it there too)',
    '    return 1 / (1 + np.exp(np.clip(-z, -87, 88.3)))'],
  softplus: ['def softplus(z):', '    return np.maximum(z, np.float32(0)) + np.log1p(np.exp(-np.abs(z)))  # log(1 + e^z), without overflow'],
  linear: ['def linear(z):', '    return z  # the identity: a = z'],
  softmax: ['def softmax(z):',
    '    # e^z_k / Σ_j e^z_j along the last axis, from z - max z so that e^z cannot overflow',
    '    e = np.exp(z - z.max(axis=-1, keepdims=True))',
    '    return e / e.sum(axis=-1, keepdims=True)'],
};

const pyName = (activation: string) => activation.replace('-', '_');

function layerName(net: CodeNetwork, l: number): string {
  return l + 1 === net.layers.length ? 'output layer' : `hidden layer ${l + 1}`;
}

function weightLines(net: CodeNetwork, inputs: string): string[] {
  const lines: string[] = [
    '# The weights, as in the playground. W1 is (units, inputs): row j holds the weights into unit j',
    `# of the first layer from each of its inputs (${inputs}), and b1 the units' biases.`,
  ];
  net.layers.forEach((layer, l) => {
    lines.push('', `# ${layerName(net, l)}: ${layer.outputs} ${layer.activation} unit${layer.outputs === 1 ? '' : 's'} of ${layer.inputs} input${layer.inputs === 1 ? '' : 's'}`);
    lines.push(`W${l + 1} = np.array(${pyRows(layer.weights, layer.outputs, layer.inputs, '')}, dtype=np.float32)`);
    lines.push(`b${l + 1} = np.array(${pyList(layer.biases, ' '.repeat(14))}, dtype=np.float32)`);
  });
  return lines;
}

function forwardLines(net: CodeNetwork): string[] {
  const first = net.layers[0], last = net.layers[net.layers.length - 1];
  const lines = [
    'def forward(inputs):',
    `    """The forward pass: rows of inputs (..., ${first.inputs}) to the output layer's activations (..., ${last.outputs}).`,
    '',
    '    Every layer computes z = W a + b for each of its units, then a = f(z). For a row of inputs',
    '    (or many rows at once) that is a @ W.T + b.',
    '    """',
    '    a = inputs',
  ];
  net.layers.forEach((layer, l) => {
    const step = `${pyName(layer.activation)}(a @ W${l + 1}.T + b${l + 1})`;
    const comment = `# ${layerName(net, l)}: ${layer.outputs} unit${layer.outputs === 1 ? '' : 's'}`;
    lines.push(l + 1 === net.layers.length ? `    return ${step}  ${comment}` : `    a = ${step}  ${comment}`);
  });
  return lines;
}

/** predict(), the input's preparation it needs, classify() and what running the file prints. */
function kindLines(net: CodeNetwork, source: CodeSource): string[] {
  const units = net.layers[net.layers.length - 1].outputs;
  const one = units === 1;
  const result = one ? 'out[..., 0]' : 'out';
  const classify = net.classes.length === 0 ? [] : [
    `CLASSES = [${net.classes.map(pyString).join(', ')}]`, '', '',
    'def classify(*args):',
    `    """The class the network picks (its name in CLASSES), as the page counts accuracy: ${one ? (net.output === 'sigmoid' ? 'blue at 0.5 or more' : 'blue at 0 or more') : 'the most probable'}."""`,
    `    out = predict(*args)`,
    one ? `    return np.array(CLASSES)[(out >= ${net.output === 'sigmoid' ? '0.5' : '0'}).astype(int)]`
      : '    return np.array(CLASSES)[np.argmax(out, axis=-1)]',
  ];
  if (net.kind === 'plane') {
    const features = featureExpressions(net.features, 'np.sin');
    return [
      'def features(x, y):',
      `    """The network's inputs computed from the point (x, y), as the page does: ${features.join(', ')}."""`,
      '    x = np.asarray(x, dtype=np.float32)',
      '    y = np.asarray(y, dtype=np.float32)',
      `    return np.stack([${features.join(', ')}], axis=-1)`,
      '', '',
      'def predict(x, y):',
      '    """The network\'s output at the point (x, y); x and y may be arrays of the same shape."""',
      '    out = forward(features(x, y))',
      `    return ${result}`,
      '', '',
      'def grid(n=100):',
      `    """The page's output picture: predict on ${GRID_WORDS}, its points computed as the page's."""`,
      `    if n == 1:`,
      '        return predict(np.zeros((1, 1)), np.zeros((1, 1)))',
      `    step = np.float32(${2 * DOMAIN}) / np.float32(n - 1)`,
      '    k = np.arange(n, dtype=np.float32)',
      `    x, y = np.meshgrid(np.float32(-${DOMAIN}) + step * k, np.float32(${DOMAIN}) - step * k)  # x[row, col], y[row, col]`,
      '    return predict(x, y)',
      ...(classify.length ? ['', '', ...classify] : []),
      '', '',
      "if __name__ == '__main__':",
      `    for x, y in [(-3.0, 3.0), (0.0, 0.0), (2.5, -1.5), (${DOMAIN}.0, ${DOMAIN}.0)]:`,
      one ? `        print(f'predict({x}, {y}) = {predict(x, y):.6f}'${classify.length ? " + f'  ({classify(x, y)})'" : ''})`
        : `        print(f'predict({x}, {y}) = {np.round(predict(x, y), 6)}  ({classify(x, y)})')`,
    ];
  }
  const loaded = source.loaded!;
  let example: number[] = [], truth = '';
  if (loaded.kind === 'image') {
    const image = loaded.split.testIndex[0] ?? loaded.split.trainIndex[0];
    example = Array.from(loaded.digits.images.subarray(image * 64, image * 64 + 64));
    truth = String(loaded.digits.labels[image]);
  } else {
    const width = loaded.data.features.length;
    example = Array.from(loaded.data.inputs.subarray(0, width));
    truth = loaded.data.kind === 'regression' ? pyDouble(loaded.data.labels[0]) : loaded.data.classes[loaded.data.labels[0]];
  }
  const exampleLine = `EXAMPLE = ${pyList(example, '          ', pyFloat, loaded.kind === 'image' ? 8 : 6)}`;
  const unscale = net.targetScale
    ? ['    # The network learned the target as a z-score: back to its own units.',
      `    return out[..., 0].astype(np.float64) * ${pyDouble(net.targetScale.sd[0])} + ${pyDouble(net.targetScale.mean[0])}`]
    : [`    return ${result}`];
  const prepare = loaded.kind === 'image'
    ? ['def inputs_of(pixels):',
      '    """The network\'s inputs for images: 64 pixel counts 0..16 each, row by row from the top, scaled to 0..1."""',
      '    return np.asarray(pixels, dtype=np.float32) / np.float32(16)']
    : ['def inputs_of(rows):',
      `    """The network's inputs for rows of the table's COLUMNS (a list, an (n, ${net.columns.length}) array, or a dict by name)."""`,
      '    if isinstance(rows, dict):',
      '        rows = [rows[name] for name in COLUMNS]',
      '    values = np.asarray(rows, dtype=np.float32)  # each cell as float32, as the page reads the table',
      ...(net.scale
        ? ['    # z-scores with the training rows\' mean and standard deviation, in double precision as the page', '    return ((values.astype(np.float64) - MEAN) / SD).astype(np.float32)']
        : ['    return values']),
    ];
  const constants = loaded.kind === 'image' ? [] : [
    `COLUMNS = [${net.columns.map(pyString).join(', ')}]`,
    ...(net.scale ? [
      '# Each column\'s mean and standard deviation over the training rows: the network takes z-scores.',
      `MEAN = np.array(${pyList(net.scale.mean, '              ', pyDouble, 4)})`,
      `SD = np.array(${pyList(net.scale.sd, '            ', pyDouble, 4)})`] : []),
    '', '',
  ];
  const what = loaded.kind === 'image' ? 'pixels' : 'rows';
  return [
    ...constants,
    ...prepare,
    '', '',
    `def predict(${what}):`,
    `    """The network's output for ${loaded.kind === 'image' ? 'an image (64 values) or an array of them (n, 64)' : 'a row of the table, or many'}."""`,
    `    out = forward(inputs_of(${what}))`,
    ...unscale,
    ...(classify.length ? ['', '', ...classify] : []),
    '', '',
    `# ${loaded.kind === 'image' ? 'A test image of the data set' : 'The first row of the table'}, whose true ${loaded.kind === 'image' ? 'digit' : pyString(net.target)} is ${truth}.`,
    exampleLine,
    '',
    "if __name__ == '__main__':",
    '    np.set_printoptions(suppress=True)  # 0.000271, not 2.71e-04',
    `    print('predict(EXAMPLE) =', np.round(predict(EXAMPLE), 6))`,
    ...(classify.length ? ["    print('classify(EXAMPLE) =', classify(EXAMPLE))"] : []),
    `    print(${pyString(`its true ${loaded.kind === 'image' ? 'digit' : net.target}:`)}, ${pyString(truth)})`,
  ];
}

function usage(net: CodeNetwork): string[] {
  if (net.kind === 'plane') {
    return [
      'Run it:  python3 network.py         prints the prediction at a few points',
      'Use it:  from network import predict, grid',
      '         predict(1.5, -2.0)        the output at the point (1.5, -2.0)',
      '         predict(xs, ys)           arrays of points: a prediction for each',
      `         grid(100)                 the page's picture: ${GRID_WORDS.replace('an n×n', 'a 100×100')}`,
    ];
  }
  const example = net.kind === 'image' ? 'predict(pixels)          pixels: 64 counts 0..16, row by row; or (n, 64)' : 'predict(row)             row: the COLUMNS\' values (or a dict); or (n, columns)';
  return [
    'Run it:  python3 network.py         prints the prediction for an example',
    `Use it:  from network import predict${net.classes.length ? ', classify' : ''}`,
    `         ${example}`,
  ];
}

/** The NumPy script's text. The source must pass codeProblem. */
export function numpyScript(source: CodeSource): string {
  const net = codeNetwork(source);
  const activations = [...new Set(net.layers.map((l) => l.activation))];
  const inputs = net.kind === 'plane' ? net.features.length === 0 ? '' : featureExpressions(net.features, 'sin').join(', ')
    : net.kind === 'image' ? 'the 64 pixels' : 'the columns';
  return [
    '"""Backprop Playground: a trained neural network as NumPy code.',
    '',
    ...describe(net, source).flatMap((line) => wrap(line, '')),
    '',
    ...usage(net),
    '',
    'Only NumPy is needed. Every number is float32, as in the playground\'s engine, so the',
    'predictions agree with the page\'s to about 1e-6.',
    '"""',
    'import numpy as np',
    '',
    ...weightLines(net, inputs),
    '', '',
    ...activations.flatMap((a) => [...ACTIVATIONS[a], '', '']),
    ...forwardLines(net),
    '', '',
    ...kindLines(net, source),
    '',
  ].join('\n');
}
