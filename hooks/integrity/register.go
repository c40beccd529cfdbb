package integrity

import "github.com/pocketbase/pocketbase/core"

// Register wires the integrity rules.
func Register(app core.App) {
	protectMoneyRecords(app)
	registerAPIWriteChecks(app)
	applyDefaults(app)
	guardSettings(app)
}
