package main

import (
	"fmt"
	"os"

	"example.org/search-indexer/pkg/indexer"
)

func main() {
	idx := indexer.New()
	for _, path := range os.Args[1:] {
		if err := idx.AddFile(path); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
	}
	fmt.Println(idx.Len(), "documents indexed")
}
