// The PyTorch script: an nn.Module with the network's layers and the page's weights, the page's
// loss, optimizer, learning rate, batch size and regularization, and a training loop over data
// read from a file (the plane's "Data points (CSV)", the digits file, or a table's CSV). Each
// formula is the engine's (core/layers.cpp, core/optimizer.cpp): tests/web/export-code.test.ts
// checks a few of its training steps against the engine's where the machine has torch.
import { codeNetwork, describe, featureExpressions, pyDouble, pyFloat, pyList, pyString, wrap, type CodeNetwork, type CodeSource } from './export-code';

export const TORCH_FILE = 'network_torch.py';

/** Each activation applied to a tensor z, as the engine computes it (leaky ReLU's slope 0.01). */
const ACTIVATION: Record<string, (z: string) => string> = {
  tanh: (z) => `torch.tanh(${z})`,
  relu: (z) => `torch.relu(${z})`,
  'leaky-relu': (z) => `F.leaky_relu(${z}, 0.01)`,
  sigmoid: (z) => `torch.sigmoid(${z})`,
  softplus: (z) => `F.softplus(${z})`,
  linear: (z) => z,
  softmax: (z) => `torch.softmax(${z}, dim=1)`,
};

/** A (rows, cols) block as [[...], [...]], a row a line (wrapped), the rows under the first. */
function nested(values: Float32Array, rows: number, cols: number, indent: string): string {
  const lines = Array.from({ length: rows }, (_, r) => pyList(values.subarray(r * cols, (r + 1) * cols), `${indent} `));
  return `[${lines.join(`,\n${indent} `)}]`;
}

const LOSS: Record<string, string[]> = {
  mse: ['    """½ Σ_k (a_k - t_k)² per example, averaged over the batch (the playground\'s squared error)."""',
    '    return (0.5 * (model(x) - t) ** 2).sum(dim=1).mean()'],
  bce: ['    """-[t log a + (1 - t) log(1 - a)] with a = σ(z), computed from z, averaged over the batch."""',
    "    return F.binary_cross_entropy_with_logits(model.logits(x), t, reduction='none').sum(dim=1).mean()"],
  'softmax-ce': ['    """-Σ_k t_k log a_k with a = softmax(z), computed from z, averaged over the batch."""',
    '    return -(t * torch.log_softmax(model.logits(x), dim=1)).sum(dim=1).mean()'],
};

function optimizerLines(source: CodeSource): string[] {
  const c = source.config;
  const lr = `lr=${pyFloat(c.learningRate)}`;
  const body = {
    sgd: ['    # θ -= η g', `    return torch.optim.SGD(model.parameters(), ${lr})`],
    momentum: ['    # v = μ v + g; θ -= η v (v starts at 0, so the first step is v = g, as PyTorch\'s)',
      `    return torch.optim.SGD(model.parameters(), ${lr}, momentum=${pyFloat(c.momentum)})`],
    rmsprop: ['    # s = ρ s + (1 - ρ) g²; θ -= η g / (√s + ε)',
      `    return torch.optim.RMSprop(model.parameters(), ${lr}, alpha=${pyFloat(c.rho)}, eps=${pyFloat(c.epsilon)})`],
    adam: ['    # m = β1 m + (1 - β1) g; v = β2 v + (1 - β2) g²; θ -= η m̂ / (√v̂ + ε), m̂ and v̂ bias-corrected',
      `    return torch.optim.Adam(model.parameters(), ${lr}, betas=(${pyFloat(c.beta1)}, ${pyFloat(c.beta2)}), eps=${pyFloat(c.epsilon)})`],
  }[c.optimizer];
  return ['def make_optimizer(model):', '    """The playground\'s optimizer; its state (any moments) starts at zero, as after a reset."""', ...body];
}

function regularizationLines(source: CodeSource): string[] {
  const c = source.config;
  const on = c.regularization !== 'none' && c.regularizationRate !== 0;
  const derivative = c.regularization === 'l1' ? 'torch.sign(layer.weight)' : 'layer.weight';
  return [
    'def regularize(model):',
    on ? `    """g = ∂L/∂w + λ R'(w) for every weight (not the biases), λ = ${pyFloat(c.regularizationRate)}: ${c.regularization === 'l1' ? "L1, R(w) = |w|, R'(w) = sign w" : "L2, R(w) = ½ w², R'(w) = w"}."""`
      : '    """The playground adds λ R\'(w) to each weight\'s gradient here; this network has no regularization."""',
    ...(on ? ['    with torch.no_grad():', '        for layer in model.layers:', `            layer.weight.grad += ${pyFloat(c.regularizationRate)} * ${derivative}`] : ['    pass']),
  ];
}

function moduleLines(net: CodeNetwork): string[] {
  const shapes = net.layers.map((l) => `(${l.inputs}, ${l.outputs})`).join(', ');
  const lines = [
    'class Network(nn.Module):',
    `    """${net.layers.map((l) => l.inputs).concat(net.layers[net.layers.length - 1].outputs).join('-')}: one nn.Linear a layer (its weight is (out, in), as the playground's W), the weights below."""`,
    '',
    '    def __init__(self):',
    '        super().__init__()',
    `        self.layers = nn.ModuleList(nn.Linear(n_in, n_out) for n_in, n_out in [${shapes}])`,
    '        with torch.no_grad():',
    '            for layer, (w, b) in zip(self.layers, WEIGHTS):',
    '                layer.weight.copy_(torch.tensor(w, dtype=torch.float32))',
    '                layer.bias.copy_(torch.tensor(b, dtype=torch.float32))',
    '',
    '    def logits(self, x):',
    '        """z of the output layer; each hidden layer is a = f(W a + b)."""',
  ];
  net.layers.forEach((layer, l) => {
    const z = `self.layers[${l}](${l === 0 ? 'x' : 'a'})`;
    lines.push(l + 1 === net.layers.length ? `        return ${z}` : `        a = ${ACTIVATION[layer.activation](z)}  # hidden layer ${l + 1}: ${layer.activation}`);
  });
  lines.push('', '    def forward(self, x):', `        """The output layer's activations: ${net.output}(z)."""`, `        return ${ACTIVATION[net.output]('self.logits(x)')}`);
  return lines;
}

/** How the data file becomes (inputs, targets) rows, split as the page splits. */
function dataLines(net: CodeNetwork): string[] {
  const units = net.layers[net.layers.length - 1].outputs;
  const one = units === 1;
  const target = net.classes.length === 0 ? (net.targetScale ? `[(float32(v) - ${pyDouble(net.targetScale.mean[0])}) / ${pyDouble(net.targetScale.sd[0])}]  # a z-score, as the page trains it` : '[float(v)]')
    : one ? (net.output === 'sigmoid' ? '[1.0 if float(v) > 0 else 0.0]  # blue (+1) is 1, orange 0' : '[1.0 if float(v) > 0 else -1.0]  # blue +1, orange -1')
    : `[1.0 if k == int(v) else 0.0 for k in range(${units})]  # one-hot`;
  const float32 = net.targetScale ? ['def float32(v):', '    """A cell as the page reads it: the nearest float32."""', '    return torch.tensor(float(v), dtype=torch.float32).item()', '', ''] : [];
  const targetOf = [...float32, 'def target_of(v):', '    """The loss\'s target for a label v (a class index or a value)."""', `    return ${target}`, '', ''];
  if (net.kind === 'plane') {
    const features = featureExpressions(net.features, 'torch.sin');
    return [
      'def features(x, y):',
      `    """The network's inputs from points (x, y), as the page computes them: ${features.join(', ')}."""`,
      `    return torch.stack([${features.join(', ')}], dim=-1)`,
      '', '',
      ...targetOf,
      'def load_data(path):',
      '    """The page\'s "Data points (CSV)" (Share → Download): x, y, label, set (train or test)."""',
      '    parts = {"train": ([], [], []), "test": ([], [], [])}',
      '    with open(path, newline="") as file:',
      '        for row in csv.DictReader(file):',
      '            xs, ys, ts = parts[row["set"]]',
      '            xs.append(float(row["x"]))',
      '            ys.append(float(row["y"]))',
      '            ts.append(target_of(row["label"]))',
      '    def tensors(xs, ys, ts):',
      '        x, y = torch.tensor(xs), torch.tensor(ys)',
      `        return features(x, y), torch.tensor(ts, dtype=torch.float32).reshape(len(ts), ${units})`,
      '    return tensors(*parts["train"]) + tensors(*parts["test"])',
    ];
  }
  const split = [
    'def seeded_split(count):',
    `    """The page's split: its seeded shuffle (mulberry32, seed ${net.seed}), the first ${Math.round(net.trainShare * 100)} % of rows to train."""`,
    `    s = ${net.seed}`,
    '    def random():',
    '        nonlocal s',
    '        s = (s + 0x6D2B79F5) & 0xFFFFFFFF',
    '        t = ((s ^ (s >> 15)) * (1 | s)) & 0xFFFFFFFF',
    '        t = ((t + (((t ^ (t >> 7)) * (61 | t)) & 0xFFFFFFFF)) & 0xFFFFFFFF) ^ t',
    '        return (t ^ (t >> 14)) / 2 ** 32',
    '    order = list(range(count))',
    '    for i in range(count - 1, 0, -1):',
    '        j = math.floor(random() * (i + 1))',
    '        order[i], order[j] = order[j], order[i]',
    `    train = max(1, math.floor(${pyDouble(net.trainShare)} * count + 0.5))`,
    '    return order[:train], order[train:]',
    '', '',
  ];
  const rows = [
    '    train, test = seeded_split(len(inputs))',
    '    x, t = torch.tensor(inputs, dtype=torch.float32), torch.tensor(targets, dtype=torch.float32)',
    ...(net.scale ? ['    # z-scores in double precision, then float32, as the page',
      '    x = ((x.double() - torch.tensor(MEAN, dtype=torch.float64)) / torch.tensor(SD, dtype=torch.float64)).float()'] : []),
    '    return x[train], t[train], x[test], t[test]',
  ];
  if (net.kind === 'image') {
    return [
      ...targetOf, ...split,
      'def load_data(path):',
      '    """The digits file (web/data/digits.csv.gz, or scikit-learn\'s copy): 64 pixel counts 0..16 and the digit a line."""',
      '    opener = gzip.open if path.endswith(".gz") else open',
      '    inputs, targets = [], []',
      '    with opener(path, "rt") as file:',
      '        for line in file:',
      '            if line.strip():',
      '                *pixels, label = line.split(",")',
      '                inputs.append([float(p) / 16 for p in pixels])',
      '                targets.append(target_of(label))',
      ...rows,
    ];
  }
  return [
    `COLUMNS = [${net.columns.map(pyString).join(', ')}]`,
    `TARGET = ${pyString(net.target)}`,
    ...(net.classes.length ? [`CLASSES = [${net.classes.map(pyString).join(', ')}]`] : []),
    ...(net.scale ? [
      '# Each column\'s mean and standard deviation over the page\'s training rows: the network takes z-scores.',
      `MEAN = ${pyList(net.scale.mean, '       ', pyDouble, 4)}`,
      `SD = ${pyList(net.scale.sd, '     ', pyDouble, 4)}`] : []),
    'MISSING = {"", "NA", "N/A", "NaN", "nan", "null", "?"}  # a row with one of these in a used column is left out, as the page',
    '', '',
    ...targetOf, ...split,
    'def load_data(path):',
    '    """The table (CSV, or TSV when the header has a tab) with the COLUMNS and TARGET columns."""',
    '    with open(path, newline="") as file:',
    '        text = file.read().lstrip("\\ufeff")',
    '    reader = csv.DictReader(io.StringIO(text), delimiter="\\t" if "\\t" in text.splitlines()[0] else ",")',
    '    inputs, targets = [], []',
    '    for row in reader:',
    '        cells = {k.strip(): (v or "").strip() for k, v in row.items() if k is not None}',
    '        if any(cells[c] in MISSING for c in COLUMNS + [TARGET]):',
    '            continue',
    '        inputs.append([float(cells[c]) for c in COLUMNS])  # made float32 below, as the page reads the table',
    `        targets.append(target_of(${net.classes.length ? 'CLASSES.index(cells[TARGET])' : 'cells[TARGET]'}))`,
    ...rows,
  ];
}

const TRAIN = [
  'def train_step(model, optimizer, x, t):',
  '    """One update from a batch: forward, loss, backward, λ R\'(w), step. Returns the batch\'s loss."""',
  '    optimizer.zero_grad()',
  '    value = loss(model, x, t)',
  '    value.backward()',
  '    regularize(model)',
  '    optimizer.step()',
  '    return value.item()',
  '', '',
  'def train(model, optimizer, x, t, steps, seed=1):',
  '    """`steps` updates on batches of BATCH_SIZE rows taken in order from a new shuffle of the',
  '    rows each pass, a batch running on into the next pass, as the playground\'s (its shuffle',
  '    is its own: the batches differ from the page\'s, so the run is alike, not identical)."""',
  '    generator = torch.Generator().manual_seed(seed)',
  '    order, at = torch.randperm(len(x), generator=generator), 0',
  '    for step in range(steps):',
  '        batch = []',
  '        while len(batch) < BATCH_SIZE:',
  '            if at == len(x):',
  '                order, at = torch.randperm(len(x), generator=generator), 0',
  '            batch.append(int(order[at]))',
  '            at += 1',
  '        batch = torch.tensor(batch)',
  '        value = train_step(model, optimizer, x[batch], t[batch])',
  '        if not math.isfinite(value):',
  '            print(f"step {step}: the loss is {value}; training stops (the playground stops there too)")',
  '            break',
];

/** The PyTorch script's text. The source must pass codeProblem. */
export function torchScript(source: CodeSource): string {
  const net = codeNetwork(source);
  const c = source.config;
  const file = net.dataFile;
  const where = net.kind === 'plane' ? 'the Share dialog\'s "Data points (CSV)"'
    : net.kind === 'image' ? 'web/data/digits.csv.gz of the playground, or scikit-learn\'s digits.csv.gz'
      : file === 'penguins.csv' ? 'web/data/penguins.csv of the playground' : 'your table\'s CSV file';
  const imports = ['import csv', ...(net.kind === 'image' ? ['import gzip'] : []), ...(net.kind === 'table' ? ['import io'] : []),
    'import math', 'import sys', '', 'import torch', 'import torch.nn.functional as F', 'from torch import nn'];
  return [
    '"""Backprop Playground: a trained neural network as a PyTorch module, with the playground\'s training.',
    '',
    ...describe(net, source).flatMap((line) => wrap(line, '')),
    '',
    `Run it:  python3 network_torch.py ${file} [steps]`,
    ...wrap(`trains for steps updates (default 1000) from the weights below, on ${where}; the loss before and after is printed.`, '         '),
    'Use it:  from network_torch import Network, make_optimizer, train, load_data',
    '         model = Network(); model(x) gives the outputs for rows of inputs x (n, ' + `${c.layers[0]}).`,
    '"""',
    ...imports,
    '',
    `BATCH_SIZE = ${c.batchSize}`,
    '',
    '# The weights, as in the playground: (W, b) a layer, W (out, in): row j holds unit j\'s weights.',
    'WEIGHTS = [',
    ...net.layers.flatMap((layer, l) => [
      `    # ${l + 1 === net.layers.length ? 'output layer' : `hidden layer ${l + 1}`}: W (${layer.outputs}, ${layer.inputs}), b (${layer.outputs})`,
      '    (',
      `        ${nested(layer.weights, layer.outputs, layer.inputs, '        ')},`,
      `        ${pyList(layer.biases, '        ')},`,
      '    ),',
    ]),
    ']',
    '', '',
    ...moduleLines(net),
    '', '',
    'def loss(model, x, t):',
    ...LOSS[net.loss],
    '', '',
    ...regularizationLines(source),
    '', '',
    ...optimizerLines(source),
    '', '',
    ...TRAIN,
    '', '',
    ...dataLines(net),
    '', '',
    "if __name__ == '__main__':",
    `    path = sys.argv[1] if len(sys.argv) > 1 else ${pyString(file)}`,
    '    steps = int(sys.argv[2]) if len(sys.argv) > 2 else 1000',
    '    train_x, train_t, test_x, test_t = load_data(path)',
    '    model = Network()',
    '    optimizer = make_optimizer(model)',
    '    def report(when):',
    '        with torch.no_grad():',
    '            test = f", test loss {loss(model, test_x, test_t).item():.6f}" if len(test_x) else ""',
    '            print(f"{when}: train loss {loss(model, train_x, train_t).item():.6f}{test}")',
    '    report("before")',
    '    train(model, optimizer, train_x, train_t, steps)',
    '    report(f"after {steps} steps")',
    '',
  ].join('\n');
}
