package tickets

import (
	"slices"

	"github.com/pocketbase/pocketbase/core"

	"github.com/ezscale/hostbase/collections"
)

// StaffSeesDepartment reports whether a member of staff sees the tickets of
// a department: an active admin sees all, other active staff those of
// their departments. It mirrors the collections' API rules for Go code,
// which bypasses them.
func StaffSeesDepartment(staff *collections.StaffMember, departmentID string) bool {
	if staff == nil || !staff.Active() {
		return false
	}
	return staff.Role() == collections.StaffMemberRoleAdmin || slices.Contains(staff.DepartmentIDs(), departmentID)
}

// requestSeesTicket reports whether the request's auth may see the ticket:
// its customer, a member of staff of its department, or a superuser.
func requestSeesTicket(e *core.RequestEvent, t *collections.Ticket) bool {
	if e.Auth == nil {
		return false
	}
	switch {
	case e.Auth.IsSuperuser():
		return true
	case e.Auth.Collection().Name == collections.Customers:
		return t.CustomerID() == e.Auth.Id
	case e.Auth.Collection().Name == collections.Staff:
		return StaffSeesDepartment(collections.WrapStaffMember(e.Auth), t.DepartmentID())
	}
	return false
}
