// The lessons are links: every hash (and every variant's) must load cleanly, name its lesson, and
// the list must match the state's allowed `lesson` values and the guide in docs/lessons.md.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';

import { LESSONS, lessonById } from '../../web/src/lessons';
import { parseHash, properties } from '../../web/src/state';

/** The state's allowed lesson values, read from its own refusal message ("must be one of , a, b"). */
function allowedLessons(): string[] {
  const refused = properties.lesson.parse('no-such-lesson');
  assert.ok(!('value' in refused));
  return refused.problem.replace(/^must be one of /, '').split(', ').filter((id) => id !== '');
}

test('lesson ids are unique and are exactly the values the state allows', () => {
  const ids = LESSONS.map((lesson) => lesson.id);
  assert.equal(new Set(ids).size, ids.length);
  assert.deepEqual([...ids].sort(), allowedLessons().sort());
  for (const id of ids) {
    assert.ok(properties.lesson.valid(id), `the state allows lesson=${id}`);
    assert.equal(lessonById(id)?.id, id);
  }
  assert.equal(lessonById(''), undefined);
});

test('every lesson hash and variant parses with no problems and opens its own lesson', () => {
  for (const lesson of LESSONS) {
    for (const hash of [lesson.hash, ...lesson.variants.map((v) => v.hash)]) {
      assert.ok(hash.startsWith('#'), `${lesson.id}: ${hash} is a hash`);
      const { state, problems } = parseHash(hash);
      assert.deepEqual(problems, [], `${lesson.id}: ${hash}`);
      assert.equal(state.lesson, lesson.id, `${hash} has lesson=${lesson.id}`);
      assert.equal(new URLSearchParams(hash.slice(1)).getAll('lesson').length, 1);
    }
  }
});

test('each lesson sets up what its text talks about', () => {
  const state = (id: string) => parseHash(lessonById(id)!.hash).state;
  assert.equal(state('three-steps').mode, 'step');
  assert.ok(state('three-steps').networkShape.length === 1 && state('three-steps').networkShape[0] <= 3);
  assert.equal(state('zero-init').init, 'zero');
  assert.deepEqual(state('zero-init').networkShape, [4]);
  assert.ok(state('learning-rate').learningRate >= 3);
  assert.equal(state('vanishing').activation, 'sigmoid');
  assert.ok(state('vanishing').networkShape.length >= 5);
  assert.equal(state('vanishing').links, 'gradients');
  assert.deepEqual(state('hidden-layers').networkShape, []);
  assert.equal(state('hidden-layers').dataset, 'xor');
  assert.ok(state('hidden-layers').x && state('hidden-layers').y && !state('hidden-layers').xTimesY);
  const overfitting = state('overfitting');
  assert.equal(overfitting.percTrainData, 10);
  assert.equal(overfitting.noise, 50);
  assert.equal(overfitting.showTestData, true);
  const softmax = state('softmax');
  assert.deepEqual([softmax.problem, softmax.classes, softmax.loss], ['multiclass', 3, 'cross-entropy']);
  assert.equal(state('input-gradient').showInputGradient, true);
  // Only three-steps walks through one example; every other lesson trains.
  for (const lesson of LESSONS) if (lesson.id !== 'three-steps') assert.equal(state(lesson.id).mode, 'train');
});

test('every lesson has a title, text and something to do; no markup in the text', () => {
  for (const lesson of LESSONS) {
    assert.ok(lesson.title.length > 0 && lesson.goal.length > 0 && lesson.todo.length > 0);
    assert.ok(lesson.paragraphs.length > 0);
    for (const text of [lesson.title, lesson.goal, lesson.todo, ...lesson.paragraphs, ...lesson.variants.map((v) => v.label)]) {
      assert.doesNotMatch(text, /[<>]/, `${lesson.id}: plain text only`);
      assert.doesNotMatch(text, /NaN|Infinity|undefined/);
    }
  }
});

test('docs/lessons.md lists every lesson with its link', () => {
  const guide = readFileSync(new URL('../../docs/lessons.md', import.meta.url), 'utf8');
  for (const lesson of LESSONS) {
    assert.ok(guide.includes(lesson.title), `the guide names "${lesson.title}"`);
    assert.ok(guide.includes(lesson.hash), `the guide links ${lesson.id} with its current hash`);
  }
});
