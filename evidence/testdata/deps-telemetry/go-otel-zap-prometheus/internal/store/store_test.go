package store

import (
	"testing"

	"github.com/sirupsen/logrus"
)

// logrus is only used by this test: no evidence of application telemetry.
func TestStore(t *testing.T) { logrus.New().Info("test") }
