package main

import (
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// A release build's stamp is what `opslens version` prints.
func TestVersionStamp(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	bin := filepath.Join(t.TempDir(), "opslens")
	build := exec.Command("go", "build", "-ldflags", "-X main.version=v1.2.3-test", "-o", bin, ".")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	out, err := exec.Command(bin, "version").Output()
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(string(out), "opslens v1.2.3-test (") {
		t.Fatalf("version printed %q", out)
	}
}

func TestBuildVersionKeepsStamp(t *testing.T) {
	if got := buildVersion("v2.0.0"); got != "v2.0.0" {
		t.Fatalf("buildVersion(v2.0.0) = %q", got)
	}
	if got := buildVersion("dev"); got == "" {
		t.Fatal("an unstamped build has no version at all")
	}
}
