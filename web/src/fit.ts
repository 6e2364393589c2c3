// A link read property by property, then made to fit its data: a real data set names its
// problem and the network it starts with; your own table says whether it is classes or a
// value, and is named when it cannot be used; your own points get as many classes as they
// name; hidden layers stay as wide as the data's views draw. Each repair is named in `note`,
// in words for the notice. (parseHash in web/src/state.ts calls it once every key is read.)
import { ownTableData } from './data/own-table';
import { sourceOf } from './data/sources';
import { PROBLEMS, sourceIn } from './problems';
import type { State } from './state';

export function fitToData(s: State, seen: ReadonlySet<string>, note: (text: string) => void, maxLayers: number): void {
  // A real data set names its problem (#dataset=digits is ten classes) and starts with the
  // network that suits it, for whatever the link does not set itself.
  const source = sourceOf(s.dataset);
  if (seen.has('dataset') && source.problem && s.problem !== source.problem) {
    if (seen.has('problem')) note(`'dataset' ${s.dataset} is a ${PROBLEMS[source.problem].label.toLowerCase()} data set; using problem ${source.problem}`);
    s.problem = source.problem;
  }
  if (seen.has('dataset') && sourceIn(s) === source)
    for (const [key, value] of Object.entries(source.defaults)) if (!seen.has(key)) (s as unknown as Record<string, unknown>)[key] = Array.isArray(value) ? [...value] : value;
  // Many classes train under softmax cross-entropy unless the link asks for squared error.
  if (s.problem === 'multiclass' && !seen.has('loss')) s.loss = 'cross-entropy';
  const offered = PROBLEMS[s.problem];
  if (seen.has(offered.datasetKey) && !offered.datasets.includes(s[offered.datasetKey]))
    note(`'${offered.datasetKey}' ${s[offered.datasetKey]} is not a ${offered.label.toLowerCase()} data set (${offered.datasets.join(', ')}); using ${offered.datasets[0]}`);
  // Your own table: the data must be usable, and it says which problem it is.
  if (PROBLEMS[s.problem].datasets.includes('table') && s[PROBLEMS[s.problem].datasetKey] === 'table') {
    const data = ownTableData(s);
    const key = PROBLEMS[s.problem].datasetKey;
    if (data instanceof Error) {
      note(`your table cannot be used: ${data.message}; using ${PROBLEMS[s.problem].datasets[0]}`);
      (s as unknown as Record<string, unknown>)[key] = PROBLEMS[s.problem].datasets[0];
    } else {
      const problem = data.kind === 'regression' ? 'regression' : 'multiclass';
      if (problem !== s.problem) {
        if (seen.has('problem')) note(`your table's "${data.target}" is a ${data.kind} target; using problem ${problem}`);
        s.problem = problem;
        (s as unknown as Record<string, unknown>)[PROBLEMS[problem].datasetKey] = 'table';
        if (problem === 'multiclass' && !seen.has('loss')) s.loss = 'cross-entropy';
      }
    }
  }
  // Your own points of many classes: as many classes as they name.
  if (s.problem === 'multiclass' && s.dataset === 'custom') {
    const highest = Math.max(-1, ...s.points.filter((_, i) => i % 3 === 2));
    if (highest >= s.classes) {
      if (seen.has('classes')) note(`'points' include class ${highest}; using classes ${highest + 1}`);
      s.classes = highest + 1;
    }
  }
  const widest = sourceIn(s).maxWidth;
  if (s.networkShape.some((n) => n > widest)) {
    note(`'networkShape' allows up to ${maxLayers} layers of 1 to ${widest} neurons for this data set (got '${s.networkShape.join(',')}'); using ${s.networkShape.map((n) => Math.min(n, widest)).join(',')}`);
    s.networkShape = s.networkShape.map((n) => Math.min(n, widest));
  }
}
