package jsonpath

import "testing"

func TestGetRejectsRelativePaths(t *testing.T) {
	if _, err := Get("store", nil); err != ErrSyntax {
		t.Fatalf("err = %v", err)
	}
}
