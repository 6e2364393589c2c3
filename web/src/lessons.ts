// The lessons: named presets, each a full URL hash (so a lesson is a link anyone can share) and a
// short text. They follow the article the page is built on: feed forward → error →
// backpropagation with the chain rule → gradient descent, and its three warnings (initialization
// is a separate step before training; accuracy is judged on test data, not while the weights are
// adjusted; the network's design is architecture, not backpropagation). Plain data, no DOM:
// docs/lessons.md and the tests read the same list.
import type { State } from './state';

export type LessonId = Exclude<State['lesson'], ''>;

/** Another setup of the same lesson, opened by a link in its text. */
export interface Variant {
  label: string;
  hash: string;
}

export interface Lesson {
  id: LessonId;
  title: string;
  /** One line: what the lesson shows (the menu and docs/lessons.md). */
  goal: string;
  /** The page's full URL hash for the lesson, with `lesson=<id>`. */
  hash: string;
  paragraphs: string[];
  /** What to do and what to watch. */
  todo: string;
  /** Setups to compare with, each keeping the lesson's text on screen. */
  variants: Variant[];
}

export const LESSONS: readonly Lesson[] = [
  {
    id: 'three-steps',
    title: 'The three steps of backpropagation',
    goal: 'Follow one training example through feed forward, error, backpropagation and the update, with the real numbers.',
    hash: '#dataset=gauss&networkShape=2&activation=tanh&learningRate=0.1&mode=step&lesson=three-steps',
    paragraphs: [
      'A network learns from its mistakes in a loop of three steps. (1) Feed forward: the input flows through the ' +
        'layers and the network makes a prediction. (2) Error: the loss measures how far the prediction is from the ' +
        'target. (3) Backpropagation: the error is sent backwards, layer by layer, and the chain rule gives every ' +
        'weight its gradient ∂L/∂w — how much the error changes when that weight changes. Then gradient descent moves ' +
        'each weight a small step downhill: w ← w − η · ∂L/∂w.',
      'This network is tiny — two inputs, two hidden tanh neurons, one output — so every number fits on screen. Each ' +
        'one comes from the engine that trains the network, not from a separate demonstration.',
      'The starting weights were drawn once, before training began: initialization is a separate step, not part of ' +
        'backpropagation.',
    ],
    todo: 'Pick a training point: click one in the plot, or press “Next example”. Then press “Next →” (or the → ' +
      'key) to go one stage at a time, and “← Back” to return. Forward: each neuron’s z = Σ w·a + b and a = f(z). ' +
      'Error: the prediction, the target and the loss. Backward: each neuron’s δ = ∂L/∂z and each link’s ' +
      '∂L/∂w = a · δ. Update: each weight’s old value, gradient and new value — apply it and watch the example’s ' +
      'loss drop.',
    variants: [],
  },
  {
    id: 'zero-init',
    title: 'Zero initialization: every neuron learns the same thing',
    goal: 'See why the starting weights must differ: with all weights zero, the neurons of a layer stay identical.',
    hash: '#dataset=circle&networkShape=4&activation=tanh&learningRate=0.1&init=zero&lesson=zero-init',
    paragraphs: [
      'Initialization is the step before training: it picks the weights that backpropagation will then adjust. Here ' +
        'every weight starts at zero.',
      'Then the four hidden neurons compute the same output for every input. In the backward pass each receives the ' +
        'same δ, so their weights get the same gradients and gradient descent moves them the same way. Identical ' +
        'before the update means identical after it — forever. Four neurons do the work of one, and one tanh neuron of ' +
        'x and y can only draw a straight line: not enough for a circle.',
      'Random starting weights break this symmetry: each neuron starts a little different, gets its own gradient and ' +
        'learns its own part of the boundary.',
    ],
    todo: 'Press play and watch the four heatmaps of the hidden layer: they stay identical to each other (hover the ' +
      'links — the weights into each neuron are the same too). Then open the same network with random starting ' +
      'weights and watch the neurons become different and the circle get learned.',
    variants: [
      { label: 'All weights zero', hash: '#dataset=circle&networkShape=4&activation=tanh&learningRate=0.1&init=zero&lesson=zero-init' },
      { label: 'Random starting weights', hash: '#dataset=circle&networkShape=4&activation=tanh&learningRate=0.1&init=uniform&lesson=zero-init' },
    ],
  },
  // Checked against the engine (tests/browser/lr-lesson.test.mjs): 600 training points in batches of
  // 10 are 60 steps an epoch, so speed 0.002 plays 0.12 steps a frame, about 7 a second at 60 frames.
  // The training loss grows about twentyfold a step, 0.16 → 1.6e38 at step 30; at step 31 it is no
  // longer finite and training stops, some 4 s after Play.
  {
    id: 'learning-rate',
    title: 'Learning rate too high: overshooting and divergence',
    goal: 'Watch gradient descent overshoot with a learning rate of 3: the loss and the gradients explode until training stops.',
    hash: '#problem=regression&regDataset=reg-plane&networkShape=4,2&activation=tanh&learningRate=3&speed=0.002&links=gradients&lesson=learning-rate',
    paragraphs: [
      'Gradient descent moves each weight against its gradient: w ← w − η · ∂L/∂w. The gradient says which way is ' +
        'downhill and how steep it is right here; the learning rate η says how far to step. With a step far too long, ' +
        'a weight jumps past the bottom of the valley and lands higher up on the other side.',
      'Then the error is larger, a larger error gives larger gradients, and larger gradients give even longer steps. ' +
        'The loss grows by a factor at every step until the numbers no longer fit in a floating-point value. The page ' +
        'stops training at that point and tells you that training diverged.',
    ],
    todo: 'Press play. Training runs in slow motion here, about seven steps a second, so the climb takes a few ' +
      'seconds: the loss chart (log scale) and the gradient-norm chart under the network climb by a factor at every ' +
      'step — exploding gradients — until training stops with “Training diverged” and both charts mark the step. ' +
      'Then open the same network with a learning rate of 0.03: the loss falls smoothly.',
    variants: [
      { label: 'Learning rate 3', hash: '#problem=regression&regDataset=reg-plane&networkShape=4,2&activation=tanh&learningRate=3&speed=0.002&links=gradients&lesson=learning-rate' },
      { label: 'Learning rate 0.03', hash: '#problem=regression&regDataset=reg-plane&networkShape=4,2&activation=tanh&learningRate=0.03&links=gradients&lesson=learning-rate' },
    ],
  },
  {
    id: 'vanishing',
    title: 'Vanishing gradients in a deep sigmoid network',
    goal: 'See the chain rule shrink the gradient layer after layer until the first layers barely learn.',
    hash: '#dataset=circle&networkShape=6,6,6,6,6,6&activation=sigmoid&links=gradients&lesson=vanishing',
    paragraphs: [
      'Backpropagation multiplies. On its way back through each layer, the chain rule multiplies the error signal by ' +
        'the weights and by the activation’s slope f′(z). The sigmoid’s slope is at most 0.25, so with small weights ' +
        'every layer passes back only a fraction of what it received.',
      'After six sigmoid layers the first layer’s gradients are many thousands of times smaller than the last ' +
        'layer’s. Gradient descent then hardly moves the first layers’ weights, and the network barely learns — even ' +
        'though every gradient is computed exactly.',
    ],
    todo: 'Press play. In the chart under the network each line is one layer’s gradient norm ‖∂L/∂W‖ on a log scale: ' +
      'the first layers’ lines lie orders of magnitude below the last one. The links, which show the gradients, are ' +
      'thin near the inputs and thick near the output. Then try the same network with tanh, whose slope is 1 at zero: ' +
      'the lines stay close together and the circle is learned.',
    variants: [
      { label: 'Sigmoid', hash: '#dataset=circle&networkShape=6,6,6,6,6,6&activation=sigmoid&links=gradients&lesson=vanishing' },
      { label: 'Tanh', hash: '#dataset=circle&networkShape=6,6,6,6,6,6&activation=tanh&links=gradients&lesson=vanishing' },
    ],
  },
  {
    id: 'hidden-layers',
    title: 'Why hidden layers: XOR',
    goal: 'A network without hidden layers cannot separate XOR; one hidden layer can.',
    hash: '#dataset=xor&networkShape=&activation=tanh&lesson=hidden-layers',
    paragraphs: [
      'Without hidden layers the output neuron sees only x and y and computes tanh(w₁x + w₂y + b). Its decision ' +
        'boundary, where that is zero, is a straight line. XOR puts one class in two opposite corners and the other ' +
        'class in the other two: no straight line separates them, so at least a quarter of the points end up on the ' +
        'wrong side, whatever backpropagation does.',
      'A hidden layer lets the network build its own features first: each hidden neuron draws a line, and the output ' +
        'combines them into a bent boundary.',
      'Choosing layers is designing the network’s architecture. Backpropagation does not decide it; it only trains ' +
        'the weights of the network you built.',
    ],
    todo: 'Press play and watch the loss stay high and the accuracy stay far from 100 %. Then open the version with a ' +
      'hidden layer of 4 neurons and watch each hidden neuron’s heatmap become a line and the output combine them. ' +
      'Or keep no hidden layer but give the output the feature x·y.',
    variants: [
      { label: 'No hidden layer', hash: '#dataset=xor&networkShape=&activation=tanh&lesson=hidden-layers' },
      { label: 'One hidden layer of 4', hash: '#dataset=xor&networkShape=4&activation=tanh&lesson=hidden-layers' },
      { label: 'No hidden layer, feature x·y', hash: '#dataset=xor&networkShape=&activation=tanh&xTimesY=true&lesson=hidden-layers' },
    ],
  },
  {
    id: 'overfitting',
    title: 'Training loss versus test loss: overfitting',
    goal: 'Few noisy points and a big network: the training loss falls while the test loss rises.',
    hash: '#dataset=circle&noise=50&percTrainData=10&networkShape=8,8,8&activation=tanh&learningRate=0.1&showTestData=true&lesson=overfitting',
    paragraphs: [
      'Backpropagation lowers the loss on the training examples, and only on those. Whether the network learned ' +
        'something that holds for new points is a separate question, answered on test data that it never trains on: ' +
        'accuracy is judged on the test data, not during the weight adjustment.',
      'Here there are only 50 training points with much noise, and a big network of three layers of 8 neurons. It ' +
        'has enough freedom to bend its boundary around single noisy points — it memorizes the noise instead of ' +
        'learning the circle. That is overfitting.',
    ],
    todo: 'Press play and watch the two lines in the loss chart: the training loss keeps falling, while the test ' +
      'loss falls at first and then rises. The widening gap is overfitting; the test points are shown on the plot. ' +
      'Then compare: a larger share of training data, or L2 regularization (and reset, to start from new weights).',
    variants: [],
  },
  {
    id: 'softmax',
    title: 'Many classes: softmax and cross-entropy',
    goal: 'Three classes, three output units: softmax turns their scores into probabilities, and δ = p − t.',
    hash: '#problem=multiclass&dataset=spiral&classes=3&sinX=true&sinY=true&networkShape=8,8&activation=tanh&optimizer=adam&learningRate=0.01&lesson=softmax',
    paragraphs: [
      'With more than two classes the network gets one output unit per class. Each unit computes a score z_k as ' +
        'before; the softmax then turns the scores into probabilities, p_k = e^(z_k) / Σ_j e^(z_j): all positive, ' +
        'adding up to 1. The prediction is the most probable class.',
      'The loss is cross-entropy, L = −ln p_target: near 0 when the network gives the right class a probability near ' +
        '1, large when it is sure of a wrong one. Its gradient is as simple as it gets: for every output, ' +
        'δ_k = ∂L/∂z_k = p_k − t_k, where the target t is one-hot (1 for the right class, 0 for the others). From ' +
        'there backpropagation runs exactly as with one output: each hidden δ collects the δs of all outputs.',
    ],
    todo: 'Press play: the plot colours each spot by its most probable class, paler where the network is unsure, and ' +
      'each output unit’s square shows its own probability. Open the confusion matrix under the plot and press a ' +
      'cell to see which points are mixed up. Then step through one example (Step through backprop) and check at ' +
      '“Error” that p_target = e^z / Σ e^z and L = −ln p_target, and at “Backward” that δ = p − t.',
    variants: [
      { label: 'Four blobs', hash: '#problem=multiclass&dataset=blobs&classes=4&networkShape=4&activation=tanh&optimizer=adam&learningRate=0.01&lesson=softmax' },
      { label: 'Squared error instead', hash: '#problem=multiclass&dataset=spiral&classes=3&sinX=true&sinY=true&networkShape=8,8&activation=tanh&optimizer=adam&learningRate=0.01&loss=mse&lesson=softmax' },
    ],
  },
  {
    id: 'input-gradient',
    title: 'The gradient to the input',
    goal: 'Backpropagation does not stop at the first layer: ∂L/∂x says how each point would have to move to lower its loss.',
    hash: '#dataset=xor&networkShape=4&activation=tanh&learningRate=0.03&percTrainData=20&showInputGradient=true&lesson=input-gradient',
    paragraphs: [
      'Backpropagation sends the error backwards layer by layer, and the chain rule gives every weight its gradient. ' +
        'Nothing stops it at the first layer: one more step through the first weights gives ∂L/∂x, the gradient of ' +
        'an example’s loss with respect to its own input, and through the features (x², x·y, sin x) ∂L/∂(x, y).',
      'Training never uses it — the input is data, not a weight — but it shows what the network has learned: which ' +
        'way, and how strongly, each point would have to move for the network to be more right about it. For an ' +
        'image the same gradient says which pixels would change the answer.',
    ],
    todo: 'Each training point has an arrow along −∂L/∂(x, y). Press play and watch them: points on the wrong side ' +
      'of the boundary point across it, points deep in their own colour barely move, and the arrows shrink as the ' +
      'network learns. Then compare a network with the features x² and y², whose arrows bend with the circle.',
    variants: [
      { label: 'Circle, features x² and y²', hash: '#dataset=circle&networkShape=2&activation=tanh&learningRate=0.03&xSquared=true&ySquared=true&showInputGradient=true&lesson=input-gradient' },
      { label: 'A handwritten digit’s pixels', hash: '#dataset=digits&lesson=input-gradient' },
    ],
  },
  {
    id: 'digit-units',
    title: 'Real digits: what the units learn, which pixels matter',
    goal: 'On 1,797 handwritten digits, each first-layer unit becomes a picture of what it looks for, and ∂L/∂x shows the pixels that would change the answer.',
    hash: '#dataset=digits&networkShape=16&activation=tanh&init=glorot&learningRate=0.1&regularization=L2&regularizationRate=0.001&lesson=digit-units',
    paragraphs: [
      'These are real data: 8×8 images of digits written by 43 people (UCI’s “Optical Recognition of Handwritten ' +
        'Digits”). Each image is 64 numbers, one per pixel, and each number is an input. The network is the same ' +
        'kind as on the square, only wider: 64 inputs, 16 tanh units, and 10 softmax outputs, one per digit, trained ' +
        'under cross-entropy.',
      'A unit of the first layer computes z = Σ w·x + b over the 64 pixels, so its 64 weights can be drawn as an ' +
        '8×8 image: blue where ink raises the unit, orange where it lowers it. At first they are noise; ' +
        'backpropagation shapes each into a pattern of strokes that tells some digits from others. A little L2 ' +
        'regularization (λ = 0.001) pulls the weights of pixels that no digit inks, at the edges, back to zero, so ' +
        'what stays is the strokes.',
      'Backpropagation can go one step further than the weights, to the pixels: ∂L/∂x. Its picture says which pixels, ' +
        'with more or less ink, would lower the loss for a chosen target — what would make this digit more of a 3.',
    ],
    todo: 'Press play and watch the unit images under Network turn from noise into strokes (half the data is kept ' +
      'for testing: the test accuracy passes 95 % in a few seconds). Then look at one digit: its probabilities, and ' +
      'its gradient image; choose another target digit to see which pixels would turn it into that one. Draw your ' +
      'own digit on the pad, and press a cell of the confusion matrix to see the digits that are mixed up.',
    variants: [
      { label: 'Without regularization', hash: '#dataset=digits&networkShape=16&activation=tanh&init=glorot&learningRate=0.1&lesson=digit-units' },
      { label: 'No hidden layer (one template per digit)', hash: '#dataset=digits&networkShape=&init=glorot&learningRate=0.1&regularization=L2&regularizationRate=0.001&lesson=digit-units' },
      { label: 'Wider: 64 units', hash: '#dataset=digits&networkShape=64&activation=tanh&init=glorot&learningRate=0.1&regularization=L2&regularizationRate=0.001&lesson=digit-units' },
    ],
  },
  {
    id: 'standardize',
    title: 'Standardize the inputs: the setup before training matters',
    goal: 'On the Palmer penguins, a network fed grams and millimetres as they are learns nothing; the same network on z-scores tells the three species apart.',
    hash: '#dataset=penguins&standardize=false&lesson=standardize',
    paragraphs: [
      'A real table: 344 penguins of three species, measured on three islands of the Palmer Archipelago. The network ' +
        'takes four columns — bill length, bill depth and flipper length in millimetres, body mass in grams — and ' +
        'gives a softmax probability for each species.',
      'Here the columns go in as they are. A body mass is about 4,000 while a bill depth is about 17, so each hidden ' +
        'unit’s z = Σ w·x + b is in the hundreds or thousands, and tanh(z) is +1 or −1 for every bird. Its slope ' +
        'there, 1 − tanh²(z), is almost 0: backpropagation multiplies the error by it, so the first layer’s gradients ' +
        'vanish, and the units say the same thing about every penguin. The output can only learn which species is ' +
        'most common.',
      'Standardization fixes the setup, not the training: each column becomes a z-score, (x − mean) / standard ' +
        'deviation, with the mean and deviation of the training rows only (the test rows are scaled by the same ' +
        'numbers, so nothing of them leaks into training). Every input is then about −2 to 2, and the units start in ' +
        'the part of tanh where its slope is large.',
    ],
    todo: 'Press play: the loss stays at about 1.05, what knowing only how common each species is gives, and the ' +
      'accuracy under half. Tick “Standardize the columns” ' +
      'under Data and play again: the test accuracy passes 95 % in a second or two. Point at the network’s links to ' +
      'see the weights, and compare the scatter of the rows before and after.',
    variants: [
      { label: 'Standardized', hash: '#dataset=penguins&lesson=standardize' },
      { label: 'Not standardized, with ReLU', hash: '#dataset=penguins&standardize=false&activation=relu&lesson=standardize' },
    ],
  },
];

export function lessonById(id: string): Lesson | undefined {
  return LESSONS.find((lesson) => lesson.id === id);
}
