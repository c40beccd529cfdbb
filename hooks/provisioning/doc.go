// Package provisioning makes what customers buy exist on the hosting
// panels, through provisioner plugins (plugins/sdk), and keeps it in step
// with the service lifecycle.
//
// Every lifecycle transition that needs a panel call (create on payment,
// suspend and terminate by dunning, unsuspend on payment, cancellation,
// change of package) enqueues a provisioning job in the transaction that
// moves the service, so a rolled-back transition leaves no job and a
// committed one always has its job. A pool of workers claims due jobs
// atomically, calls the plugin through the host with the job's idempotency
// key, records the outcome and retries retryable failures with backoff; a
// job that cannot succeed is marked dead and staff are told. Jobs are rows,
// so a restart resumes them.
package provisioning
