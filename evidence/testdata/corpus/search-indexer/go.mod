module example.org/search-indexer

go 1.22
