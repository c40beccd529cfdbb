package billing_test

import (
	"testing"

	"github.com/ezscale/hostbase/hooks/hbtest"
)

func TestMain(m *testing.M) { hbtest.Main(m) }

// Fixtures shared with the other packages' tests.
var (
	mk        = hbtest.Make
	token     = hbtest.Token
	decode    = hbtest.Decode
	wantField = hbtest.WantField
)
