//go:build !linux

package pgtest

import (
	"os"
	"os/exec"
)

const quitSignal = os.Interrupt

// serverCommand runs a PostgreSQL program as the current user: only Linux
// test machines run as root.
func serverCommand(name string, args ...string) *exec.Cmd { return exec.Command(name, args...) }

func ownForServer(string) error { return nil }
