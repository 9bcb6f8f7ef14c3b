package main

import (
	"strings"
	"testing"
)

func TestInteractiveReview(t *testing.T) {
	c := newCLI(t)
	// --create makes the workload; then: OPS01 toggles 1-3 and 5, shows the
	// guidance of practice 1, writes notes, saves; OPS02 is skipped; OPS03
	// selects "None of these" (its last number, 9); OPS04 marks the question
	// not applicable with reason 2; then quit.
	input := strings.Join([]string{
		"1-3 5", "?1", "n", "Reviewed with the payments team", "",
		"s",
		"9", "",
		"na", "2", "",
		"q",
	}, "\n") + "\n"
	r := c.runIn(input, "review", "shop", "--create")
	if r.code != 0 {
		t.Fatalf("review: exit %d\n%s\n%s", r.code, r.stderr, r.stdout)
	}
	contains(t, "review output", r.stdout,
		"Created workload shop",
		"Question 1 of 11", "OPS01",
		"What good looks like:", // guidance of practice 1
		"Saved OPS01: risk HIGH",
		"Question 3 of 11",
		"Saved OPS03: risk HIGH",
		"Saved OPS04: risk N/A",
		"Continue later with: opslens review shop")

	s := c.status("shop")
	got := risks(s, 0)
	want := map[string]string{"OPS01": "HIGH", "OPS02": "UNANSWERED", "OPS03": "HIGH", "OPS04": "NOT_APPLICABLE", "OPS05": "UNANSWERED"}
	for q, w := range want {
		if got[q] != w {
			t.Errorf("%s risk = %s, want %s", q, got[q], w)
		}
	}
	for _, a := range s.LensReviews[0].Answers {
		if a.QuestionId == "OPS01" && strings.Join(a.SelectedChoices, ",") != "OPS01_BP01,OPS01_BP02,OPS01_BP03,OPS01_BP05" {
			t.Errorf("OPS01 selected %v", a.SelectedChoices)
		}
		if a.QuestionId == "OPS03" && strings.Join(a.SelectedChoices, ",") != "OPS03_no" {
			t.Errorf("OPS03 selected %v", a.SelectedChoices)
		}
	}

	// A second session only walks the unanswered questions, starting at OPS02.
	r = c.runIn("q\n", "review", "shop")
	contains(t, "second session", r.stdout, "8 question(s) to review", "OPS02")

	// Bad input at the prompt is explained, not fatal.
	r = c.runIn("42\nfoo\nq\n", "review", "shop")
	contains(t, "bad input", r.stdout, "out of range", `"foo" is not a practice number or command`)
	if r.code != 0 {
		t.Errorf("bad prompt input made review exit %d", r.code)
	}
}
