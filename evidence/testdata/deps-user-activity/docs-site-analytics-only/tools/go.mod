module example.com/tools

go 1.22

require github.com/segmentio/analytics-go/v3 v3.3.0
