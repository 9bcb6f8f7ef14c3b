package lib

// Sum adds numbers.
func Sum(a, b int) int { return a + b }
