// Compiled (not run) by tests/wasm/contract.test.mjs with `tsc --strict`: the declaration in
// wasm/index.d.mts must accept this usage and reject the lines marked @ts-expect-error.
import { loadEngine, type Engine, type Metrics, type NetworkConfig, type Session } from '../../dist/engine/index.mjs';

async function train(): Promise<Metrics> {
  const engine: Engine = await loadEngine();
  const simd: boolean = engine.simd;
  const data = engine.makeDataset({ name: 'spiral', count: 500, noise: 0.1, trainRatio: 0.5, seed: 7, features: ['x', 'y'] });
  const config: NetworkConfig = {
    layers: [2, 8, 8, 1], activation: 'tanh', output: 'tanh', loss: 'mse', init: 'uniform', optimizer: 'sgd',
    learningRate: 0.03, batchSize: 10, regularization: 'none', regularizationRate: 0, seed: 7,
  };
  const s: Session = engine.createSession(config, data);
  s.step(100);
  const w: Float32Array = s.weights(0);
  s.setWeights(0, w.map((v) => v * 0.5));
  s.setBiases(0, [0, 0, 0, 0, 0, 0, 0, 0]);
  const loss: number = s.computeGradients(new Float32Array([0.5, -1]), [1]);
  s.forward([0.5, -1]);
  const exampleLoss: number = s.backward([1]);
  s.update();
  const grid: Float32Array = s.evaluateGrid(50);
  const views: Float32Array[] = [s.biases(0), s.weightGradients(1), s.biasGradients(1), s.deltas(2),
    s.activations(2), s.preActivations(2), s.inputs(), s.targets(), s.parameters(), s.gradients(), s.moment1(), s.moment2()];
  const rows = engine.createSession({ layers: [3, 2] , output: 'softmax', loss: 'softmax-ce' },
    { trainInputs: [1, 2, 3], trainTargets: [0, 1], problem: 'classification' });
  rows.delete();
  s.reset(3);
  const resolved: string[] = s.config.activation;
  console.log(simd, loss, exampleLoss, grid.length, views.length, resolved, s.layerCount, s.rows, s.gridNeuronCount);

  // @ts-expect-error: not an activation name
  engine.createSession({ activation: 'relux' }, data);
  // @ts-expect-error: layers is a list of widths
  engine.createSession({ layers: 4 }, data);
  // @ts-expect-error: not a data set
  engine.makeDataset({ name: 'spirals' });
  // @ts-expect-error: data is required
  engine.createSession({});
  // @ts-expect-error: metrics are read-only numbers, step is a count
  const wrong: string = s.metrics().step;
  console.log(wrong);
  const metrics = s.step();
  s.delete();
  return metrics;
}

void train();
