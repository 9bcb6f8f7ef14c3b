package main

import "testing"

// FuzzParseNumbers checks the prompt's practice-number parser: it never
// panics, and whatever it accepts lies within 1..max.
func FuzzParseNumbers(f *testing.F) {
	for _, s := range []string{"1", "1 3 5-7", "1,2,,3", "7-5", "0", "-1", "3-", "1-99999999999999999999", "a", "", " , "} {
		f.Add(s, 8)
	}
	f.Fuzz(func(t *testing.T, text string, max int) {
		if max < 0 || max > 64 {
			return
		}
		nums, err := parseNumbers(text, max)
		if err != nil {
			return
		}
		for _, n := range nums {
			if n < 1 || n > max {
				t.Fatalf("parseNumbers(%q, %d) returned %d", text, max, n)
			}
		}
	})
}
