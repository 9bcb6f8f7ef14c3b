package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// TestDatabaseLocation checks where data lands: the user's data directory by
// default, $OPSLENS_DB over that, and --db over both.
func TestDatabaseLocation(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("the default location checked here is the XDG one")
	}
	home := t.TempDir()
	env := []string{asMain + "=1", "HOME=" + home, "XDG_DATA_HOME=", "NO_COLOR=1"}
	run := func(extraEnv []string, args ...string) {
		t.Helper()
		cmd := exec.Command(binary, args...)
		cmd.Env = append(append(filteredEnv(), env...), extraEnv...)
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("opslens %s: %v\n%s", strings.Join(args, " "), err, out)
		}
	}
	run(nil, "workload", "create", "default-place")
	if _, err := os.Stat(filepath.Join(home, ".local", "share", "opslens", "opslens.db")); err != nil {
		t.Errorf("default database not in ~/.local/share/opslens: %v", err)
	}
	xdg := filepath.Join(home, "xdg")
	run([]string{"XDG_DATA_HOME=" + xdg}, "workload", "create", "xdg-place")
	if _, err := os.Stat(filepath.Join(xdg, "opslens", "opslens.db")); err != nil {
		t.Errorf("database not under $XDG_DATA_HOME: %v", err)
	}
	envDB := filepath.Join(home, "env.db")
	flagDB := filepath.Join(home, "flag.db")
	run([]string{"OPSLENS_DB=" + envDB}, "--db", flagDB, "workload", "create", "flag-place")
	if _, err := os.Stat(flagDB); err != nil {
		t.Errorf("--db was not used: %v", err)
	}
	if _, err := os.Stat(envDB); err == nil {
		t.Error("$OPSLENS_DB was used although --db was given")
	}
}

// filteredEnv drops variables that would steer the database elsewhere.
func filteredEnv() []string {
	var out []string
	for _, kv := range os.Environ() {
		if strings.HasPrefix(kv, "OPSLENS_DB=") || strings.HasPrefix(kv, "XDG_DATA_HOME=") || strings.HasPrefix(kv, "HOME=") {
			continue
		}
		out = append(out, kv)
	}
	return out
}
