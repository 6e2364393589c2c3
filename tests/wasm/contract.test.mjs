// The hand-written declaration (wasm/index.d.mts) is the contract: it compiles against a usage
// example under --strict, and it names exactly the members the runtime objects have.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';

import { loadEngine, root } from './helpers.mjs';

test('tsc --strict accepts tests/wasm/usage.ts and its @ts-expect-error lines fail as expected', () => {
  execFileSync(process.execPath, [`${root}node_modules/typescript/bin/tsc`, '-p', `${root}tests/wasm/tsconfig.json`], {
    stdio: 'pipe',
  });
});

// Member names declared in `export interface NAME { ... }` (methods and read-only properties).
function declaredMembers(name) {
  const source = readFileSync(`${root}wasm/index.d.mts`, 'utf8');
  const body = source.match(new RegExp(`export interface ${name} \\{([\\s\\S]*?)\\n\\}`))[1];
  const names = [...body.matchAll(/^\s+(?:readonly\s+)?([a-zA-Z][a-zA-Z0-9]*)\??[(:]/gm)].map((m) => m[1]);
  return new Set(names);
}

function runtimeMembers(object) {
  const names = new Set(Object.keys(object));
  for (let p = Object.getPrototypeOf(object); p && p !== Object.prototype; p = Object.getPrototypeOf(p)) {
    for (const key of Object.getOwnPropertyNames(p)) if (key !== 'constructor') names.add(key);
  }
  return names;
}

test('Engine and Session have exactly the declared members', async () => {
  const engine = await loadEngine();
  const session = engine.createSession({}, engine.makeDataset());
  assert.deepEqual([...runtimeMembers(engine)].sort(), [...declaredMembers('Engine')].sort());
  assert.deepEqual([...runtimeMembers(session)].sort(), [...declaredMembers('Session')].sort());
  session.delete();
});
