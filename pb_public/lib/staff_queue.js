// The support queue's filters: read from the address, turned into a
// PocketBase filter with bound parameters (typed text never becomes filter
// syntax), and how long a ticket has waited. No imports, so node's test
// runner loads it as it is.

export const QUEUE_STATUSES = ['open', 'customer_reply', 'answered', 'on_hold', 'closed'];

// readQueueFilters reads the queue's filters from URLSearchParams; status
// "active" (the default) means every status but closed.
export function readQueueFilters(query) {
  return {
    dept: query.get('department') || '',
    status: query.get('status') || 'active',
    priority: query.get('priority') || '',
    who: query.get('who') || '',
    q: (query.get('q') || '').trim(),
  };
}

// queueFilter is {expr, params} for pb.filter(expr, params): the chosen
// filters, with the status one left out when withStatus is false (for the
// counts per status). me is the signed-in member's id.
export function queueFilter(f, me, withStatus = true) {
  const parts = [];
  const params = {};
  if (f.dept) { parts.push('department = {:dept}'); params.dept = f.dept; }
  if (withStatus && f.status === 'active') parts.push('status != "closed"');
  else if (withStatus && f.status) { parts.push('status = {:status}'); params.status = f.status; }
  if (f.priority) { parts.push('priority = {:priority}'); params.priority = f.priority; }
  if (f.who === 'mine') { parts.push('assigned_to = {:me}'); params.me = me; }
  if (f.who === 'unassigned') parts.push('assigned_to = ""');
  if (f.q) {
    parts.push('(subject ~ {:q} || ref ~ {:q} || customer.name ~ {:q} || customer.email ~ {:q})');
    params.q = f.q;
  }
  return { expr: parts.join(' && '), params };
}

// withStatus adds one status to a filter expression, for a count.
export function withStatus(expr, status) {
  return expr ? `(${expr}) && status = "${status}"` : `status = "${status}"`;
}

// waitingSince says how long ago a moment was, shortly: "5 min", "3 h",
// "2 d"; "—" for no or an unreadable date.
export function waitingSince(value, now = Date.now()) {
  if (!value) return '—';
  const then = new Date(String(value).trim().replace(' ', 'T')).getTime();
  if (Number.isNaN(then)) return '—';
  const minutes = Math.max(0, Math.floor((now - then) / 60000));
  if (minutes < 60) return `${minutes} min`;
  if (minutes < 48 * 60) return `${Math.floor(minutes / 60)} h`;
  return `${Math.floor(minutes / 1440)} d`;
}
