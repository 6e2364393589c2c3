// The element's `home` attribute (web/src/element/home.ts): where "Open in the full
// playground" and the share links lead when the script is not beside the full playground.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { homeOf } from '../../web/src/element/home';

const FALLBACK = 'https://host.example/pg/index.html';
const BASE = 'https://author.example/course/page.html';

test('homeOf: no attribute or an empty one keeps the playground beside the script', () => {
  assert.deepEqual(homeOf(null, FALLBACK, BASE), { url: FALLBACK });
  assert.deepEqual(homeOf('   ', FALLBACK, BASE), { url: FALLBACK });
});

test('homeOf: an address is resolved against the page and loses its own #', () => {
  assert.deepEqual(homeOf('https://play.example/nets/', FALLBACK, BASE), { url: 'https://play.example/nets/' });
  assert.deepEqual(homeOf('../playground/index.html#dataset=xor', FALLBACK, BASE), { url: 'https://author.example/playground/index.html' });
  assert.deepEqual(homeOf(' /pg/ ', FALLBACK, BASE), { url: 'https://author.example/pg/' });
});

test('homeOf: anything but http(s) is named and the fallback kept', () => {
  for (const bad of ['javascript:alert(1)', 'data:text/html,<p>hi', 'file:///etc/passwd', 'ftp://x.example/']) {
    const { url, problem } = homeOf(bad, FALLBACK, BASE);
    assert.equal(url, FALLBACK, bad);
    assert.match(problem ?? '', /^home ".*" is not an http or https address$/, bad);
  }
  const { url, problem } = homeOf('http://[::1', FALLBACK, BASE);
  assert.equal(url, FALLBACK);
  assert.match(problem ?? '', /is not an address/);
});
