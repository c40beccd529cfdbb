// Package lifecycle moves services along their lifecycle:
//
//	pending → provisioning → active ⇄ suspended → terminated
//
// Every transition is one function that checks the edge, records who moved
// the service and why (an audit_log row), and runs the hooks added with
// OnTransition, where the provisioning queue enqueues the plugin's job. A
// transition runs inside the caller's transaction, so that the status, the
// audit row and the job commit or roll back together.
package lifecycle
