package main

import (
	"github.com/DataDog/datadog-go/v5/statsd"
	"github.com/launchdarkly/go-server-sdk/v7/ldclient"
)

func main() {
	c, _ := statsd.New("127.0.0.1:8125")
	_ = c.Incr("loadgen.requests", nil, 1)
	_, _ = ldclient.MakeClient("sdk-key", 0)
}
