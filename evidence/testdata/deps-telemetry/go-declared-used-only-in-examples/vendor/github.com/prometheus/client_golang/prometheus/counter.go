package prometheus

import "go.uber.org/zap"

var _ = zap.NewNop
