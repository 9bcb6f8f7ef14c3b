module example.com/svc

go 1.22

require (
	github.com/kelseyhightower/envconfig v1.4.0
)
