module example.org/jsonpath

go 1.21
