package evidence

import (
	"fmt"
	"strings"
	"testing"
)

func TestInParallel(t *testing.T) {
	for _, n := range []int{0, 1, 2, 7, 1000} {
		paths := make([]string, n)
		for i := range paths {
			paths[i] = fmt.Sprintf("f%04d", i)
		}
		got := inParallel(paths, strings.ToUpper)
		if len(got) != n {
			t.Fatalf("%d paths: %d results", n, len(got))
		}
		for i, g := range got {
			if g != strings.ToUpper(paths[i]) {
				t.Fatalf("%d paths: result %d is %q, want %q (results must keep the order of paths)", n, i, g, strings.ToUpper(paths[i]))
			}
		}
	}
}

// A panic in a worker must reach the caller's goroutine, where the
// detector's recover turns it into a warning, instead of ending the scan.
func TestInParallelPanicReachesCaller(t *testing.T) {
	defer func() {
		if r := recover(); r != "boom f3" {
			t.Fatalf("recovered %v, want the worker's panic", r)
		}
	}()
	inParallel([]string{"f1", "f2", "f3", "f4"}, func(p string) int {
		if p == "f3" {
			panic("boom " + p)
		}
		return 0
	})
	t.Fatal("inParallel returned after a worker panicked")
}
