// The targets of the frame-time benchmark (issue 11), each checked against the cases that
// measure it. A target whose cases were not run (--only, --no-load, --no-trace) reads "—".

/** "A new result drawn every frame": distinct snapshots ÷ frames at least this (a frame in 50 may miss). */
export const EVERY_FRAME = 0.98;

const SPEEDS = ['largest speed 1', 'largest speed 3', 'largest speed 10'];
const LOADED = ['loaded default', 'loaded largest'];

/** Each target: its text, the cases it reads, the figure it reads from a case, and the test. */
const TARGETS = [
  { target: 'largest, speeds 1/3/10: ≥ 59 fps', cases: SPEEDS, figure: (r) => r.fps, pass: (v) => v >= 59 },
  { target: 'largest, speeds 1/3/10: frame interval p95 ≤ 17.5 ms', cases: SPEEDS, figure: (r) => r.interval.p95, pass: (v) => v <= 17.5 },
  { target: 'largest, speeds 1/3/10: no task over 50 ms', cases: SPEEDS, figure: (r) => r.longTasks.count, pass: (v) => v === 0, digits: 0 },
  { target: `largest, speeds 1/3/10: a new result every frame (≥ ${EVERY_FRAME} per frame)`, cases: SPEEDS,
    figure: (r) => r.newPerFrame, pass: (v) => v >= EVERY_FRAME, digits: 2 },
  { target: 'largest, speed 1: click → next frame median ≤ 20 ms', cases: ['largest speed 1'], figure: (r) => r.latency?.median, pass: (v) => v <= 20 },
  { target: 'largest, speed 10: ≥ 150 epochs/s', cases: ['largest speed 10'], figure: (r) => r.epochsPerSecond, pass: (v) => v >= 150 },
  // Issue 12: the digits with every view drawn train ≥ 20 epochs a second (≈ 25,000 samples/s) at 60 fps.
  { target: 'digits 64-32-10: ≥ 59 fps', cases: ['digits speed 1'], figure: (r) => r.fps, pass: (v) => v >= 59 },
  { target: 'digits 64-32-10: frame interval p95 ≤ 17.5 ms', cases: ['digits speed 1'], figure: (r) => r.interval.p95, pass: (v) => v <= 17.5 },
  { target: 'digits 64-32-10: ≥ 20 epochs/s', cases: ['digits speed 1'], figure: (r) => r.epochsPerSecond, pass: (v) => v >= 20 },
  { target: 'digits step-through and penguins: ≥ 59 fps', cases: ['digits step-through', 'penguins speed 1'], figure: (r) => r.fps, pass: (v) => v >= 59 },
  { target: 'TFP largest: ≥ 59 fps', cases: ['tfp speed 1'], figure: (r) => r.fps, pass: (v) => v >= 59 },
  { target: 'default, speeds 1/3: ≥ 59 fps', cases: ['default speed 1', 'default speed 3'], figure: (r) => r.fps, pass: (v) => v >= 59 },
  { target: 'default, speeds 1/3: main-thread CPU ≤ 3 ms per frame (median)', cases: ['default speed 1', 'default speed 3'],
    figure: (r) => r.main?.median, pass: (v) => v <= 3 },
  { target: 'loaded: default ≥ 50 fps', cases: ['loaded default'], figure: (r) => r.fps, pass: (v) => v >= 50 },
  { target: 'loaded: largest ≥ 30 fps', cases: ['loaded largest'], figure: (r) => r.fps, pass: (v) => v >= 30 },
  { target: 'loaded: click → next frame max ≤ 50 ms', cases: LOADED, figure: (r) => r.latency?.max, pass: (v) => v <= 50 },
  { target: 'loaded: the page shows its detail level ([data-detail] present)', cases: LOADED,
    figure: (r) => r.detail, pass: (v) => v !== '—', text: true },
];

// The step-through mode, the gradient view, DPR 2 and many classes keep the largest network's rates at speed 1.
for (const name of ['largest step-through', 'largest gradients', 'largest DPR 2', 'largest 3-class spiral']) {
  TARGETS.push(
    { target: `${name}: ≥ 59 fps`, cases: [name], figure: (r) => r.fps, pass: (v) => v >= 59 },
    { target: `${name}: frame interval p95 ≤ 17.5 ms, no task over 50 ms`, cases: [name],
      figure: (r) => `${r.interval.p95.toFixed(1)} ms, ${r.longTasks.count}`, pass: (_, r) => r.interval.p95 <= 17.5 && r.longTasks.count === 0,
      text: true },
    { target: `${name}: a new result every frame (≥ ${EVERY_FRAME} per frame)`, cases: [name], figure: (r) => r.newPerFrame,
      pass: (v) => v >= EVERY_FRAME, digits: 2 },
  );
}

/** One row per target: { target, measured, verdict } with verdict PASS, FAIL or — (not measured). */
export function verdicts(results) {
  return TARGETS.map(({ target, cases, figure, pass, digits = 1, text = false }) => {
    const measured = cases.map((name) => {
      const r = results.get(name);
      const v = r && !r.error ? figure(r) : undefined;
      return { name, r, v, known: text ? v !== undefined : Number.isFinite(v) };
    });
    const shown = measured.map(({ v, known }) => (!known ? '—' : text ? String(v) : v.toFixed(digits))).join(' / ');
    const verdict = measured.some((m) => !m.known) ? '—' : measured.every((m) => pass(m.v, m.r)) ? 'PASS' : 'FAIL';
    return { target, measured: shown, verdict };
  });
}
