import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { test } from 'node:test';
import { createProgress } from '../../src/cli/progress.ts';

test('plain progress: a line per phase, pause and retry note, at most one per interval otherwise', () => {
  const lines: string[] = [];
  let now = 0;
  const progress = createProgress({
    line: (text) => lines.push(text),
    now: () => now,
    intervalMs: 5000,
  });
  const pause = {
    reason: 'Jira asked Projan to slow down',
    untilMs: Date.UTC(2027, 0, 1, 14, 3, 7),
  };
  progress.update({ phase: 'queued', done: 0, total: 0, pause: null });
  progress.update({ phase: 'creating', done: 0, total: 31, pause: null });
  now = 1000;
  progress.update({ phase: 'creating', done: 5, total: 31, pause: null });
  now = 6000;
  progress.update({ phase: 'creating', done: 12, total: 31, pause });
  progress.update({ phase: 'creating', done: 12, total: 31, pause });
  progress.update({
    phase: 'linking',
    done: 28,
    total: 31,
    pause: null,
    note: 'attempt 1 failed (reset); Projan retries it',
  });
  progress.update({ phase: 'finished', done: 31, total: 31, pause: null });
  progress.stop();
  assert.deepEqual(lines, [
    'Waiting in the queue',
    'Creating issues 0/31',
    'Creating issues 12/31',
    '  paused until 14:03:07 UTC: Jira asked Projan to slow down',
    'Linking dependencies 28/31',
    '  attempt 1 failed (reset); Projan retries it',
  ]);
});

test('on a terminal the progress is a bar redrawn in place', () => {
  const stream = Object.assign(new PassThrough(), { isTTY: true, columns: 120 });
  let drawn = '';
  stream.on('data', (chunk: Buffer) => {
    drawn += chunk.toString();
  });
  const progress = createProgress({
    tty: stream as unknown as NodeJS.WriteStream, // a PassThrough posing as a terminal
    line: () => assert.fail('no plain lines on a terminal'),
  });
  progress.update({ phase: 'creating', done: 3, total: 10, pause: null });
  progress.update({ phase: 'linking', done: 10, total: 10, pause: null });
  progress.stop();
  assert.match(drawn, /Creating issues\s+\[={12}-{28}\] 3\/10/);
  assert.match(drawn, /Linking dependencies\s+\[={40}\] 10\/10/);
  const redraw = '\u001b[1GLinking dependencies';
  assert.ok(drawn.includes(redraw), 'the bar returns to the first column to redraw');
});
