package main

import (
	"bytes"
	"database/sql"
	"fmt"
	"os"
	"os/exec"
	"slices"
	"strings"
	"sync"
	"testing"
)

// racers is how many opslens processes each test starts at once on one
// SQLite file, as a shell loop with & would.
const racers = 24

// runAll starts every command before waiting for any, and fails the test
// unless each exited 0: an acknowledged change is one that exited 0, and
// none may be lost.
func (c *cli) runAll(cmds [][]string) {
	c.t.Helper()
	procs := make([]*exec.Cmd, len(cmds))
	outs := make([]*bytes.Buffer, len(cmds))
	for i, args := range cmds {
		cmd := exec.Command(binary, args...)
		cmd.Env = append(os.Environ(), asMain+"=1", "OPSLENS_DB="+c.db, "NO_COLOR=1")
		outs[i] = &bytes.Buffer{}
		cmd.Stdout, cmd.Stderr = outs[i], outs[i]
		procs[i] = cmd
	}
	var wg sync.WaitGroup
	errs := make([]error, len(procs))
	for i, p := range procs {
		if err := p.Start(); err != nil {
			c.t.Fatalf("start opslens %v: %v", cmds[i], err)
		}
		wg.Go(func() { errs[i] = p.Wait() })
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			c.t.Errorf("opslens %s: %v\n%s", strings.Join(cmds[i], " "), err, outs[i])
		}
	}
}

func TestConcurrentAnswers(t *testing.T) {
	c := newCLI(t)
	c.ok("workload", "create", "c01")
	var cmds [][]string
	for i := range racers {
		// Every practice of OPS05 is selected by two processes, and a few
		// processes mark OPS06 practices not applicable at the same time.
		if i%6 == 5 {
			cmds = append(cmds, strings.Fields(fmt.Sprintf("answer c01 OPS06 --na-choice BP%02d --choice-reason OTHER", i/6+1)))
			continue
		}
		cmds = append(cmds, strings.Fields(fmt.Sprintf("answer c01 OPS05 --select BP%02d", i%10+1)))
	}
	c.runAll(cmds)

	got := c.choicesWithStatus("c01", "OPS05", "SELECTED")
	for n := 1; n <= 10; n++ {
		if id := fmt.Sprintf("OPS05_BP%02d", n); !slices.Contains(got, id) {
			t.Errorf("acknowledged selection %s lost; OPS05 has %v", id, got)
		}
	}
	na := c.choicesWithStatus("c01", "OPS06", "NOT_APPLICABLE")
	for n := 1; n <= racers/6; n++ {
		if id := fmt.Sprintf("OPS06_BP%02d", n); !slices.Contains(na, id) {
			t.Errorf("acknowledged not-applicable mark %s lost; OPS06 has %v", id, na)
		}
	}
}

func TestConcurrentWorkloadUpdates(t *testing.T) {
	c := newCLI(t)
	c.ok("workload", "create", "c02", "--tag", "keep=yes")
	var cmds [][]string
	for i := range racers {
		cmds = append(cmds, []string{"workload", "update", "c02", "--tag", fmt.Sprintf("k%02d=v%d", i, i)})
	}
	// Two more change other fields of the same workload at the same time.
	cmds = append(cmds, []string{"workload", "update", "c02", "--owner", "team-x"},
		[]string{"workload", "update", "c02", "--description", "updated together"})
	c.runAll(cmds)

	var w struct {
		Owner, Description string
		Tags               map[string]string
		Version            int
	}
	c.json(&w, "workload", "show", "c02")
	if w.Owner != "team-x" || w.Description != "updated together" {
		t.Errorf("owner %q, description %q: a field update was lost", w.Owner, w.Description)
	}
	if w.Tags["keep"] != "yes" {
		t.Errorf("tag set at creation was lost: %v", w.Tags)
	}
	for i := range racers {
		if k := fmt.Sprintf("k%02d", i); w.Tags[k] != fmt.Sprintf("v%d", i) {
			t.Errorf("tag %s lost: %v", k, w.Tags)
		}
	}
	if want := 1 + len(cmds); w.Version != want {
		t.Errorf("version %d after %d updates of a new workload, want %d", w.Version, len(cmds), want)
	}
}

func TestConcurrentMilestones(t *testing.T) {
	c := newCLI(t)
	c.ok("workload", "create", "c03")
	c.ok("answer", "c03", "OPS01", "--select", "BP01")
	var cmds [][]string
	for i := range racers {
		cmds = append(cmds, []string{"milestone", "create", "c03", fmt.Sprintf("m%02d", i)})
	}
	c.runAll(cmds)
	var list []struct {
		MilestoneNumber int
		MilestoneName   string
	}
	c.json(&list, "milestone", "list", "c03")
	if len(list) != racers {
		t.Fatalf("%d milestones, want %d: %+v", len(list), racers, list)
	}
	names := map[string]bool{}
	for i, m := range list {
		if m.MilestoneNumber != i+1 {
			t.Errorf("milestone %d has number %d: numbers must be 1..%d without gaps or repeats", i, m.MilestoneNumber, racers)
		}
		names[m.MilestoneName] = true
	}
	if len(names) != racers {
		t.Errorf("milestone names repeat or are missing: %v", names)
	}
}

// choicesWithStatus reads a question's choices in a given status from the
// workload's status JSON.
func (c *cli) choicesWithStatus(workload, question, status string) []string {
	c.t.Helper()
	var st struct {
		LensReviews []struct {
			Answers []struct {
				QuestionId    string
				ChoiceAnswers []struct{ ChoiceId, Status string }
			}
		}
	}
	c.json(&st, "status", workload)
	var out []string
	for _, r := range st.LensReviews {
		for _, a := range r.Answers {
			if a.QuestionId != question {
				continue
			}
			for _, ch := range a.ChoiceAnswers {
				if ch.Status == status {
					out = append(out, ch.ChoiceId)
				}
			}
		}
	}
	return out
}

// TestBusyDatabaseFailsClearly holds the write lock from outside for longer
// than the configured wait: the command must give up with exit 4 and a
// message that says nothing changed, and work once the lock is gone.
func TestBusyDatabaseFailsClearly(t *testing.T) {
	c := newCLI(t)
	c.ok("workload", "create", "c04")
	holder, err := sql.Open("sqlite", "file:"+c.db+"?_pragma=busy_timeout(0)")
	if err != nil {
		t.Fatal(err)
	}
	defer holder.Close()
	conn, err := holder.Conn(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := conn.ExecContext(t.Context(), "BEGIN IMMEDIATE"); err != nil {
		t.Fatal(err)
	}
	t.Setenv("OPSLENS_BUSY_TIMEOUT", "300ms")
	stderr := c.fail(exitBusy, "answer", "c04", "OPS01", "--select", "BP01")
	contains(t, "stderr", stderr, "is busy", "300ms", "nothing was changed, try again")
	if _, err := conn.ExecContext(t.Context(), "ROLLBACK"); err != nil {
		t.Fatal(err)
	}
	conn.Close()
	if got := c.choicesWithStatus("c04", "OPS01", "SELECTED"); len(got) != 0 {
		t.Errorf("a command that failed as busy changed the answer: %v", got)
	}
	c.ok("answer", "c04", "OPS01", "--select", "BP01")

	t.Setenv("OPSLENS_BUSY_TIMEOUT", "soon")
	contains(t, "stderr", c.fail(exitUsage, "status", "c04"), "OPSLENS_BUSY_TIMEOUT", "positive duration")
}
