package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/opslens/opslens"
	"github.com/opslens/opslens/review"
	"github.com/opslens/opslens/tickets"
)

// exportFlags are `opslens plan --export`'s settings.
type exportFlags struct {
	target, per, out, link string
	all                    bool
}

// exportPlan turns the plan's items into tickets for a tracker. Unless
// --all, tickets exported before (to the same target, for the same
// workload) are left out: the store claims the keys of this export in one
// transaction, so two exports at once never both write a ticket.
func (a *app) exportPlan(ctx context.Context, svc *review.Service, st *review.State, items []review.PlanItem, f exportFlags) error {
	if err := opslens.ValidateTicketTarget(f.target); err != nil {
		return usageError{err}
	}
	if f.per == "" {
		f.per = tickets.PerPractice
	}
	ts, err := tickets.Build(tickets.Input{Workload: &st.Workload, Items: items, Evidence: st.Evidence, Per: f.per, LinkBase: f.link})
	if err != nil {
		return usageError{err}
	}
	claimed, err := a.db.ClaimTicketExports(ctx, st.Workload.ID, f.target, tickets.Keys(ts))
	if err != nil {
		return err
	}
	skipped := 0
	if !f.all {
		skipped = len(ts) - len(claimed)
		ts = tickets.Only(ts, claimed)
	}
	at, err := reportTime()
	if err != nil {
		return err
	}
	meta := tickets.Meta{Workload: st.Workload.Name, Version: versionString(), Date: at.Format(time.DateOnly)}
	if err := writeExport(a.out, f.out, func(w io.Writer) error { return tickets.Write(w, f.target, ts, meta) }); err != nil {
		return err
	}
	fmt.Fprintf(a.err, "Exported %d ticket(s) for %s to %s", len(ts), st.Workload.Name, f.target)
	if f.out != "" {
		fmt.Fprintf(a.err, " in %s", f.out)
	}
	fmt.Fprintln(a.err, ".")
	if skipped > 0 {
		fmt.Fprintf(a.err, "Left out %d ticket(s) exported before; --all includes them again.\n", skipped)
	}
	return nil
}

// writeExport writes to standard output, or to a file through a
// temporary one renamed into place, so a failed export leaves no half file.
func writeExport(stdout io.Writer, path string, write func(io.Writer) error) error {
	if path == "" {
		return write(stdout)
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), ".opslens-export-*")
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	defer os.Remove(tmp.Name())
	if err := write(tmp); err != nil {
		tmp.Close()
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	mode := os.FileMode(0o644)
	if filepath.Ext(path) == ".sh" {
		mode = 0o755
	}
	if err := os.Chmod(tmp.Name(), mode); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}
