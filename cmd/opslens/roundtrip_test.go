package main

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// TestAWSRoundTrip exports the built-in lens in the AWS format, imports it as
// a custom lens, reviews a workload with both lenses answered the same way,
// and expects identical risks: the risk rules survive the trip even though
// the opslens fields do not.
func TestAWSRoundTrip(t *testing.T) {
	c := newCLI(t)
	file := filepath.Join(t.TempDir(), "ops-aws.json")
	c.ok("lens", "export", "operational-excellence", "--format", "aws", "-f", file)
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(data), `"opslens"`) {
		t.Fatal("aws export still carries opslens fields")
	}
	contains(t, "import", c.ok("lens", "import", file, "--alias", "ops-copy"), "ops-copy", "11 questions")
	c.fail(1, "lens", "import", file, "--alias", "ops-copy") // already exists

	c.ok("workload", "create", "twin", "--lens", "operational-excellence,ops-copy")
	answers := [][]string{
		{"OPS01", "--select", "BP01,BP02"},
		{"OPS02", "--none"},
		{"OPS03", "--select", "BP01,BP02,BP03,BP04,BP05,BP06,BP07,BP08"},
		{"OPS04", "--select", "BP01", "--na-choice", "BP02,BP03,BP04,BP05"},
		{"OPS05", "--question-na", "--reason", "OTHER"},
		{"OPS06", "--select", "BP01,BP02,BP03,BP04,BP05,BP06"},
		{"OPS09", "--select", "BP08"},
	}
	for _, lensAlias := range []string{"operational-excellence", "ops-copy"} {
		for _, a := range answers {
			c.ok(append([]string{"answer", "twin", a[0], "--lens", lensAlias}, a[1:]...)...)
		}
	}
	s := c.status("twin")
	if len(s.LensReviews) != 2 {
		t.Fatalf("want 2 lens reviews, got %d", len(s.LensReviews))
	}
	orig, copied := risks(s, 0), risks(s, 1)
	if !reflect.DeepEqual(orig, copied) {
		t.Errorf("risks differ after the AWS round trip:\nbuilt-in: %v\ncopy:     %v", orig, copied)
	}
	if orig["OPS02"] != "HIGH" || orig["OPS05"] != "NOT_APPLICABLE" || orig["OPS07"] != "UNANSWERED" {
		t.Errorf("unexpected risks %v", orig)
	}
	// A lens in use cannot be replaced or deleted; once unused it can.
	c.fail(1, "lens", "delete", "ops-copy")
	c.ok("workload", "update", "twin", "--remove-lens", "ops-copy")
	c.ok("lens", "import", file, "--alias", "ops-copy", "--replace")
	c.ok("lens", "delete", "ops-copy")
}
