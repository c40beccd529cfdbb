// Unit tests of the staff queue's pure module (no browser needed), run by
// staff_browser_test.go with node's test runner.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readQueueFilters, queueFilter, withStatus, waitingSince } from '../../pb_public/lib/staff_queue.js';

test('readQueueFilters defaults to every ticket not closed', () => {
  assert.deepEqual(readQueueFilters(new URLSearchParams('')), { dept: '', status: 'active', priority: '', who: '', q: '' });
  assert.deepEqual(readQueueFilters(new URLSearchParams('department=d1&status=on_hold&priority=high&who=mine&q=%20ABC%20')),
    { dept: 'd1', status: 'on_hold', priority: 'high', who: 'mine', q: 'ABC' });
});

test('queueFilter binds what was typed as parameters, never as filter syntax', () => {
  const typed = '" || customer != "';
  const { expr, params } = queueFilter({ dept: '', status: 'active', priority: '', who: '', q: typed }, 'me1');
  assert.equal(expr, 'status != "closed" && (subject ~ {:q} || ref ~ {:q} || customer.name ~ {:q} || customer.email ~ {:q})');
  assert.equal(params.q, typed);
  assert.ok(!expr.includes(typed));
});

test('queueFilter combines every filter', () => {
  const { expr, params } = queueFilter({ dept: 'd1', status: 'open', priority: 'urgent', who: 'mine', q: '' }, 'me1');
  assert.equal(expr, 'department = {:dept} && status = {:status} && priority = {:priority} && assigned_to = {:me}');
  assert.deepEqual(params, { dept: 'd1', status: 'open', priority: 'urgent', me: 'me1' });
  assert.equal(queueFilter({ dept: '', status: 'active', priority: '', who: 'unassigned', q: '' }, 'me1').expr,
    'status != "closed" && assigned_to = ""');
});

test('the counts leave the status filter out and add one status each', () => {
  const { expr } = queueFilter({ dept: 'd1', status: 'closed', priority: '', who: '', q: '' }, 'me1', false);
  assert.equal(expr, 'department = {:dept}');
  assert.equal(withStatus(expr, 'open'), '(department = {:dept}) && status = "open"');
  assert.equal(withStatus('', 'open'), 'status = "open"');
  assert.equal(queueFilter({ dept: '', status: 'active', priority: '', who: '', q: '' }, 'me1', false).expr, '');
});

test('waitingSince rounds down to minutes, hours, then days', () => {
  const now = Date.parse('2026-03-10T12:00:00Z');
  assert.equal(waitingSince('2026-03-10 11:59:30.000Z', now), '0 min');
  assert.equal(waitingSince('2026-03-10 11:01:00.000Z', now), '59 min');
  assert.equal(waitingSince('2026-03-10 11:00:00.000Z', now), '1 h');
  assert.equal(waitingSince('2026-03-08 12:00:01.000Z', now), '47 h');
  assert.equal(waitingSince('2026-03-08 12:00:00.000Z', now), '2 d');
  assert.equal(waitingSince('2026-03-10 12:05:00.000Z', now), '0 min', 'a clock ahead of ours is not negative');
  assert.equal(waitingSince('', now), '—');
  assert.equal(waitingSince('not a date', now), '—');
});
