package payments_test

import (
	"testing"

	"github.com/ezscale/hostbase/hooks/hbtest"
	"github.com/ezscale/hostbase/hooks/hbtest/stripemock"
)

func TestMain(m *testing.M) { hbtest.Main(m, stripemock.Stop) }
