// Package indexer builds an inverted index of words to documents.
package indexer

import (
	"os"
	"strings"
)

// Index maps each word to the documents that contain it.
type Index struct {
	docs  []string
	words map[string][]int
}

// New returns an empty index.
func New() *Index { return &Index{words: map[string][]int{}} }

// Add indexes one document's text.
func (x *Index) Add(name, text string) {
	id := len(x.docs)
	x.docs = append(x.docs, name)
	for _, w := range strings.Fields(strings.ToLower(text)) {
		x.words[w] = append(x.words[w], id)
	}
}

// AddFile indexes a file.
func (x *Index) AddFile(path string) error {
	data, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	x.Add(path, string(data))
	return nil
}

// Len returns the number of documents.
func (x *Index) Len() int { return len(x.docs) }
