// The engine bridge's watch over its worker (issue 10, point 10), with a fake worker: a call
// that gets no answer rejects with an EngineStoppedError after REPLY_TIMEOUT, a new worker is
// started and the restart listeners hear it; a fatal reply (a WebAssembly trap) replaces the
// worker too; a worker that keeps dying is given up on and calls then reject at once.
import assert from 'node:assert/strict';
import { mock, test } from 'node:test';
import { bridgeOf, EngineStoppedError, MAX_RESTARTS, REPLY_TIMEOUT, STARTUP_TIMEOUT, type RestartEvent } from '../../web/src/engine/bridge';

class FakeWorker {
  onmessage: ((e: { data: unknown }) => void) | null = null;
  onerror: ((e: { message: string; preventDefault(): void }) => void) | null = null;
  onmessageerror: (() => void) | null = null;
  sent: { call: number; method: string }[] = [];
  terminated = false;
  answer = true; // false: a hung worker
  postMessage(request: { call: number; method: string }) {
    this.sent.push(request);
    if (this.answer) queueMicrotask(() => this.onmessage?.({ data: { call: request.call, result: request.method } }));
  }
  terminate() {
    this.terminated = true;
  }
}

function setup() {
  const workers: FakeWorker[] = [];
  const bridge = bridgeOf(() => {
    const w = new FakeWorker();
    workers.push(w);
    return w as unknown as Worker;
  });
  const events: RestartEvent[] = [];
  bridge.onRestart((e) => events.push(e));
  return { bridge, workers, events };
}

test('a hung worker: the waiting call rejects after the timeout, a new worker answers', async () => {
  mock.timers.enable({ apis: ['setTimeout', 'Date'] });
  try {
    const { bridge, workers, events } = setup();
    assert.equal(await bridge.call('info'), 'info');
    workers[0].answer = false;
    const waiting = bridge.call('parameters', 0);
    mock.timers.tick(REPLY_TIMEOUT - 1);
    assert.equal(workers.length, 1, 'not before the timeout');
    mock.timers.tick(1);
    await assert.rejects(waiting, (e: Error) => e instanceof EngineStoppedError && e.message === 'The engine stopped (it did not answer for 5 s); it was restarted');
    assert.equal(workers[0].terminated, true);
    assert.deepEqual(events, [{ reason: 'it did not answer for 5 s', restarted: true }]);
    assert.equal(bridge.hook.restarts, 1);
    assert.equal(bridge.hook.worker as unknown, workers[1]);
    assert.equal(await bridge.call('info'), 'info', 'the new worker answers');
    // A fresh worker (compiling its engine) gets the longer startup time before its first word.
    assert.equal(STARTUP_TIMEOUT > REPLY_TIMEOUT, true);
  } finally {
    mock.timers.reset();
  }
});

test('a fatal reply (a trap) replaces the worker; its call rejects with the trap message', async () => {
  const { bridge, workers, events } = setup();
  workers[0].postMessage = function (request) {
    queueMicrotask(() => this.onmessage?.({ data: { call: request.call, error: 'memory access out of bounds', fatal: true } }));
  };
  await assert.rejects(bridge.call('frame', 0, 1, { neurons: 0, output: 0 }), (e: Error) => e instanceof EngineStoppedError && e.message === 'The engine stopped: memory access out of bounds');
  assert.equal(events[0].reason, 'it failed (memory access out of bounds)');
  assert.equal(workers.length, 2);
  // An ordinary error is only that call's.
  workers[1].postMessage = function (request) {
    queueMicrotask(() => this.onmessage?.({ data: { call: request.call, error: 'no session 3' } }));
  };
  await assert.rejects(bridge.call('parameters', 3), (e: Error) => !(e instanceof EngineStoppedError) && e.message === 'no session 3');
  assert.equal(workers.length, 2);
});

test('a worker that keeps dying is given up on: calls reject at once, saying to reload', async () => {
  const { bridge, workers, events } = setup();
  for (let i = 0; i <= MAX_RESTARTS; i++) workers.at(-1)!.onerror!({ message: 'boom', preventDefault() {} });
  assert.equal(workers.length, MAX_RESTARTS + 1, 'no worker after the last death');
  assert.equal(events.at(-1)!.restarted, false);
  assert.match(events.at(-1)!.reason, /^The engine stopped 4 times within 60 s \(last: it failed \(boom\)\) and is not restarted again: reload the page$/);
  await assert.rejects(bridge.call('info'), /reload the page/);
});

/**
 * Mock time moved on in steps of 100 ms: a timer fires at most that late (the mocked Date reads
 * the step's end), so the watchdog's "fired far too late" second look never comes into play.
 */
function advance(ms: number) {
  for (; ms > 0; ms -= 100) mock.timers.tick(Math.min(100, ms));
}

test('a worker that keeps answering is never taken for dead, however long a run of calls lasts', async () => {
  mock.timers.enable({ apis: ['setTimeout', 'Date'] });
  try {
    const { bridge, workers, events } = setup();
    assert.equal(await bridge.call('info'), 'info');
    // Each call answered after 3 s, each next call sent at once: calls wait for 30 s in all.
    const w = workers[0];
    w.postMessage = function (request) {
      this.sent.push(request);
      setTimeout(() => this.onmessage?.({ data: { call: request.call, result: request.method } }), 3000);
    };
    for (let i = 0; i < 10; i++) {
      const answer = bridge.call('parameters', 0);
      advance(3000);
      assert.equal(await answer, 'parameters');
    }
    assert.equal(workers.length, 1);
    assert.deepEqual(events, []);
    // Then silence: dead REPLY_TIMEOUT after the last word, not sooner.
    w.answer = false;
    w.postMessage = FakeWorker.prototype.postMessage;
    const waiting = bridge.call('parameters', 0);
    advance(REPLY_TIMEOUT - 1);
    assert.equal(workers.length, 1);
    advance(1);
    await assert.rejects(waiting, EngineStoppedError);
    assert.equal(workers.length, 2);
  } finally {
    mock.timers.reset();
  }
});

test('a hang right after the start is caught after REPLY_TIMEOUT, not the longer startup time', async () => {
  mock.timers.enable({ apis: ['setTimeout', 'Date'] });
  try {
    const { bridge, workers } = setup();
    workers[0].answer = false;
    const first = bridge.call('info'); // the startup timer (STARTUP_TIMEOUT) runs
    mock.timers.tick(100);
    workers[0].onmessage!({ data: { call: 0, result: 'info' } });
    assert.equal(await first, 'info');
    const waiting = bridge.call('parameters', 0);
    mock.timers.tick(REPLY_TIMEOUT);
    await assert.rejects(waiting, EngineStoppedError);
    assert.equal(workers.length, 2);
  } finally {
    mock.timers.reset();
  }
});
