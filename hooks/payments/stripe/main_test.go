package stripe_test

import (
	"os"
	"testing"

	"github.com/ezscale/hostbase/hooks/hbtest/stripemock"
)

func TestMain(m *testing.M) {
	code := m.Run()
	stripemock.Stop()
	os.Exit(code)
}
