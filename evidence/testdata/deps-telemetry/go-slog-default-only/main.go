package main

import "log/slog"

// The default slog logger, no handler configured: plain text to stderr.
func main() { slog.Info("hello") }
