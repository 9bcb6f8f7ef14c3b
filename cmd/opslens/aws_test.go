package main

import (
	"strings"
	"testing"
)

// A review comes over from the AWS CLI's output, answers and all, and goes
// back out as update-answer commands; importing the same files again
// updates the workload instead of making a second one.
func TestAWSImportExport(t *testing.T) {
	c := newCLI(t)
	files := []string{"../../wellarchitected/testdata/get-workload.json", "../../wellarchitected/testdata/list-answers.json"}
	out := c.ok(append([]string{"aws", "import"}, files...)...)
	contains(t, "import report", out, "Created workload payments-api with 3 answered question(s)", "other pillars", "ops_dev_integ_feature_flags")
	st := c.status("payments-api")
	if st.RiskCounts["HIGH"] != 2 || st.RiskCounts["NOT_APPLICABLE"] != 1 {
		t.Errorf("risks after import: %v", st.RiskCounts)
	}
	contains(t, "second import", c.ok(append([]string{"aws", "import"}, files...)...), "Updated workload payments-api")
	if n := strings.Count(c.ok("workload", "list"), "payments-api"); n != 1 {
		t.Errorf("payments-api listed %d times", n)
	}
	script := c.ok("aws", "export", "payments-api")
	contains(t, "export", script, "--question-id 'OPS01'", `'["OPS01_BP01","OPS01_BP02","OPS01_BP03"]'`, "--no-is-applicable --reason 'BUSINESS_PRIORITIES'")
	r := c.runIn("", "aws", "import", "../../wellarchitected/testdata/list-answers.json", files[1])
	if r.code != 2 || !strings.Contains(r.stderr, "WorkloadName") {
		t.Errorf("answers given as the workload: exit %d, %s", r.code, r.stderr)
	}
}
