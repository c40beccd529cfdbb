package pteropanel

// SetListPageSize lets tests page ListRemote in small pages.
func SetListPageSize(n int) func() {
	old := listPageSize
	listPageSize = n
	return func() { listPageSize = old }
}
