// Unit tests of the client area's pure module (no browser needed), run by
// storefront_client_browser_test.go with node's test runner.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { toMinorUnits, parseDate, formatDay, formatBytes } from '../../pb_public/lib/client_format.js';

test('toMinorUnits reads typed amounts exactly, as text', () => {
  assert.equal(toMinorUnits('12.50', 2), 1250);
  assert.equal(toMinorUnits('12,5', 2), 1250, 'a decimal comma is a decimal point');
  assert.equal(toMinorUnits('20', 2), 2000);
  assert.equal(toMinorUnits(' 1 000.00 ', 2), 100000, 'spaces between digits are ignored');
  // 0.29 * 100 is 28.999999999999996 in floats: the digits are joined instead.
  assert.equal(toMinorUnits('0.29', 2), 29);
  assert.equal(toMinorUnits('1.005', 3), 1005);
  assert.equal(toMinorUnits('500', 0), 500);
});

test('toMinorUnits refuses what is not an amount in the currency', () => {
  for (const [text, decimals] of [['12.345', 2], ['500.5', 0], ['-5', 2], ['abc', 2], ['', 2], ['1e3', 2], ['12.', 2], ['99999999999999', 2]]) {
    const got = toMinorUnits(text, decimals);
    if (text === '12.') assert.equal(got, 1200, '"12." is 12');
    else assert.equal(got, null, `${JSON.stringify(text)} with ${decimals} decimals`);
  }
});

test('parseDate reads stored moments and billing days', () => {
  assert.equal(parseDate('2026-01-31 12:30:00.000Z').toISOString(), '2026-01-31T12:30:00.000Z');
  assert.equal(parseDate('2026-01-31').toISOString(), '2026-01-31T00:00:00.000Z');
  assert.equal(parseDate(''), null);
  assert.equal(parseDate('not a date'), null);
  assert.equal(formatDay(''), '—');
  assert.match(formatDay('2026-01-31 00:00:00.000Z'), /31/, 'a billing day is shown as the UTC day it is');
});

test('formatBytes uses binary units', () => {
  assert.equal(formatBytes(512), '512 B');
  assert.match(formatBytes(21474836480), /^20 GiB$/);
  assert.match(formatBytes(1536), /^1\.5 KiB$/);
  assert.equal(formatBytes(-1), '—');
  assert.equal(formatBytes(null), '—');
});
