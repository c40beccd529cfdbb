// Package dunning is what happens after an invoice's due date passes
// unpaid: reminders, then suspension of the services it bills, then their
// termination, on the days the dunning policy sets (settings.dunning,
// overridable per product). Each step is recorded in dunning_steps, keyed by
// (invoice, service, step), so that it happens once however often the daily
// run repeats, and paying the invoice brings back what dunning suspended.
//
// Reminders before the due date stay with the billing run (its emailStep);
// the payments package retries charges on the policy's retry days
// (RetryAttempt).
package dunning
