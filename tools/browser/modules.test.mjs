// Unit tests of the storefront's pure modules (no browser needed), run by
// storefront_browser_test.go with node's test runner.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatMoney, formatRate, minorToDecimal, decimalsOf } from '../../pb_public/lib/money.js';
import { flattenFields, toProblem, fieldError, unclaimedFields, withoutFields } from '../../pb_public/lib/errors.js';
import { nextURL } from '../../pb_public/lib/next_url.js';

test('minorToDecimal is exact for every size and sign', () => {
  assert.equal(minorToDecimal(1299, 2), '12.99');
  assert.equal(minorToDecimal(5, 2), '0.05');
  assert.equal(minorToDecimal(-50, 2), '-0.50');
  assert.equal(minorToDecimal(1234, 0), '1234');
  assert.equal(minorToDecimal(1, 3), '0.001');
  // 2^53 - 1 minor units: a float would already round here.
  assert.equal(minorToDecimal(9007199254740991, 2), '90071992547409.91');
});

test('formatMoney uses the currency and its decimals', () => {
  const eur = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'EUR' }).format(12.99);
  assert.equal(formatMoney(1299, { code: 'EUR', decimals: 2 }).replace(/\s/g, ' '), eur.replace(/\s/g, ' '));
  assert.match(formatMoney(500, { code: 'JPY', decimals: 0 }), /500/);
  assert.doesNotMatch(formatMoney(500, { code: 'JPY', decimals: 0 }), /\.00/);
  assert.match(formatMoney(-500, 'USD'), /5\.00/);
  assert.match(formatMoney(9007199254740991, 'USD'), /90,071,992,547,409\.91/);
  assert.equal(formatMoney(12.5, 'USD'), '', 'a non-integer amount is refused, not rounded');
  assert.equal(formatMoney(100, null), '');
});

test('decimalsOf prefers the shop setting, then ISO 4217', () => {
  assert.equal(decimalsOf('EUR', 3), 3);
  assert.equal(decimalsOf('JPY'), 0);
  assert.equal(decimalsOf('USD'), 2);
});

test('formatRate shows basis points without floats', () => {
  assert.equal(formatRate(1900), '19%');
  assert.equal(formatRate(625), '6.25%');
  assert.equal(formatRate(2050), '20.5%');
  assert.equal(formatRate(605), '6.05%');
  assert.equal(formatRate(0), '0%');
});

test('server field errors come out dotted, nested or not', () => {
  const data = {
    'items.0.cycle': { code: 'validation_invalid', message: 'Not sold monthly.' },
    billing: { country: { code: 'validation_required', message: 'Cannot be blank.' } },
  };
  assert.deepEqual(flattenFields(data), { 'items.0.cycle': 'Not sold monthly.', 'billing.country': 'Cannot be blank.' });
  const problem = toProblem({ status: 400, response: { message: 'Check the fields.', data } });
  assert.equal(problem.message, 'Check the fields.');
  assert.equal(fieldError(problem, 'billing.country'), 'Cannot be blank.');
  assert.equal(fieldError(problem, 'email'), '');
  assert.deepEqual(unclaimedFields(problem, ['billing']), [['items.0.cycle', 'Not sold monthly.']]);
});

test('a network failure reads as one, not as an empty message', () => {
  const p = toProblem({ status: 0, response: {} });
  assert.match(p.message, /could not be reached/);
  assert.deepEqual(p.fields, {});
});

test('changing a field drops its message, and the problem with its last one', () => {
  const p = { status: 400, message: 'x', fields: { a: 'A', b: 'B' } };
  assert.deepEqual(withoutFields(p, 'a').fields, { b: 'B' });
  assert.equal(withoutFields(withoutFields(p, 'a'), 'b'), null);
  assert.equal(withoutFields(p, 'c'), p);
});

test('after log-in, only a path on this site is followed', () => {
  const q = (v) => new URLSearchParams(v == null ? '' : `next=${encodeURIComponent(v)}`);
  assert.equal(nextURL(q('/checkout')), '/checkout');
  assert.equal(nextURL(q('//evil.example/x')), '/client');
  assert.equal(nextURL(q('https://evil.example/')), '/client');
  assert.equal(nextURL(q(null)), '/client');
});

// Every page renders API text as text: markup from the server reaches the
// DOM only through ServerHTML, and only for a *_html field (rendered from
// markdown and sanitised by the server).
test('no page writes markup except a server-rendered *_html field', async () => {
  const { readdir, readFile } = await import('node:fs/promises');
  const { join } = await import('node:path');
  const root = new URL('../../pb_public/', import.meta.url).pathname;
  const files = [];
  const walk = async (dir) => {
    for (const e of await readdir(dir, { withFileTypes: true })) {
      if (e.name === 'vendor') continue;
      if (e.isDirectory()) await walk(join(dir, e.name));
      else if (e.name.endsWith('.js')) files.push(join(dir, e.name));
    }
  };
  await walk(root);
  assert.ok(files.length > 10);
  for (const f of files) {
    const src = await readFile(f, 'utf8');
    const name = f.slice(root.length);
    assert.doesNotMatch(src, /\.(inner|outer)HTML\s*=|insertAdjacentHTML|document\.write/, `${name} writes markup directly`);
    if (name !== 'components/ui.js') assert.doesNotMatch(src, /dangerouslySetInnerHTML/, `${name} sets markup outside ServerHTML`);
    for (const m of src.matchAll(/<\$\{ServerHTML\}\s+html=\$\{([^}]*)\}/g)) {
      assert.match(m[1], /\.\w+_html$/, `${name} passes ${m[1]} to ServerHTML, which takes only *_html fields`);
    }
  }
});
