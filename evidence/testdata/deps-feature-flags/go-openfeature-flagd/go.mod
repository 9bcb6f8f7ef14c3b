module example.com/svc

go 1.22

require (
	github.com/open-feature/go-sdk v1.10.0
	github.com/open-feature/go-sdk-contrib/providers/flagd v0.1.38
)
