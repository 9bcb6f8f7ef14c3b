package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/schollz/progressbar/v3"
	"github.com/spf13/cobra"

	"github.com/opslens/opslens/evidence"
	"github.com/opslens/opslens/lens/builtin"
)

// shownWarnings is how many warnings the text output lists without -v.
const shownWarnings = 5

// progressDelay is how long a scan runs before it shows a progress bar:
// short scans stay quiet.
const progressDelay = 300 * time.Millisecond

func (a *app) scanCmd() *cobra.Command {
	var format, file, workload string
	var verbose, apply bool
	cmd := &cobra.Command{
		Use:   "scan [PATH...]",
		Short: "Find evidence of the best practices in repositories",
		Long: `Read one or more local repositories (default: the current directory) and show,
per question of the Operational Excellence lens, the practices whose traces
the repositories hold: pipelines, infrastructure code, alert rules,
dashboards, runbooks, ownership files and git history. Each practice comes
with its confidence (strong: a file does what the practice asks; partial:
intent or a part of it) and its proofs, file:line and one sentence.

Practices without a trace are listed as "no evidence found": many practices
live outside repositories, so absence proves nothing. Nothing from the
repositories is executed and no network is used. Files above 1 MiB,
binary files, vendored and third-party trees, submodules and symlinks that
leave a repository are skipped; problems are listed as warnings and do not
fail the scan.

--format json (or -o json) prints the report for scripts; --format sarif
writes SARIF 2.1.0 for GitHub code scanning. See docs/evidence.md.

--workload NAME records the evidence on that workload's review, where
status, plan, reports and the interactive review show it next to each
practice; a re-scan replaces the evidence of the same repository, and
milestones keep the evidence they were taken with. --apply also selects
the practices with strong evidence, marked as coming from evidence until a
person confirms them; it never unselects or overrides a person's answer.`,
		Example: `  opslens scan
  opslens scan ~/src/payments ~/src/payments-infra
  opslens scan -o json > evidence.json
  opslens scan --format sarif -f opslens.sarif
  opslens scan -v ../service    # list every warning
  opslens scan --workload payments --apply`,
		RunE: func(cmd *cobra.Command, paths []string) error {
			if len(paths) == 0 {
				paths = []string{"."}
			}
			f, err := a.scanFormat(cmd, format)
			if err != nil {
				return err
			}
			if err := checkScanPaths(paths); err != nil {
				return err
			}
			if apply && workload == "" {
				return usageError{fmt.Errorf("--apply pre-selects practices on a workload: pass --workload NAME too")}
			}
			rep, err := a.runScan(cmd.Context(), paths)
			if err != nil {
				return err
			}
			if workload != "" {
				rec, err := a.recordScan(cmd.Context(), workload, apply, rep)
				if err != nil {
					return err
				}
				a.printRecord(rec, apply)
			}
			var buf bytes.Buffer
			switch f {
			case "json":
				err = scanJSON(&buf, rep)
			case "sarif":
				err = evidence.WriteSARIF(&buf, rep)
			default:
				err = writeScanText(&buf, rep, verbose, scanStyle(a.out, file))
			}
			if err != nil {
				return err
			}
			if err := writeOutput(a.out, file, buf.Bytes()); err != nil {
				return err
			}
			if file != "" && file != "-" {
				fmt.Fprintf(a.err, "Wrote the %s scan of %s to %s.\n", f, scanPlural(len(paths), "repository", "repositories"), file)
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&format, "format", "text", "text, json or sarif")
	cmd.Flags().StringVarP(&file, "file", "f", "", "write to this file instead of standard output")
	cmd.Flags().StringVar(&workload, "workload", "", "record the evidence on this workload's review")
	cmd.Flags().BoolVar(&apply, "apply", false, "with --workload: pre-select practices with strong evidence (a person confirms them)")
	cmd.Flags().BoolVarP(&verbose, "verbose", "v", false, "list every warning, not only the first "+fmt.Sprint(shownWarnings))
	return cmd
}

// scanFormat reconciles --format with the global --output.
func (a *app) scanFormat(cmd *cobra.Command, format string) (string, error) {
	f := strings.ToLower(format)
	if !cmd.Flags().Changed("format") && a.jsonOut() {
		return "json", nil
	}
	if a.jsonOut() && f != "json" {
		return "", usageError{fmt.Errorf("--output json and --format %s disagree: use one of them", format)}
	}
	switch f {
	case "text", "json", "sarif":
		return f, nil
	}
	return "", usageError{fmt.Errorf("unknown --format %q: use text, json or sarif", format)}
}

// checkScanPaths turns a path that is not a directory into a usage error
// before any work starts.
func checkScanPaths(paths []string) error {
	for _, p := range paths {
		st, err := os.Stat(p)
		switch {
		case errors.Is(err, fs.ErrNotExist):
			return usageError{fmt.Errorf("scan %s: no such directory", p)}
		case err != nil:
			return usageError{fmt.Errorf("scan %s: %w", p, errors.Unwrap(err))}
		case !st.IsDir():
			return usageError{fmt.Errorf("scan %s: not a directory; give the repository's directory", p)}
		}
	}
	return nil
}

// runScan scans the paths with a progress bar on a terminal. The lead's
// --workload flow and `opslens check` reuse it.
func (a *app) runScan(ctx context.Context, paths []string) (*evidence.Report, error) {
	// $SOURCE_DATE_EPOCH fixes the scan's clock, as for reports, so that
	// output can be compared across runs.
	at, err := reportTime()
	if err != nil {
		return nil, err
	}
	now := time.Now
	if os.Getenv("SOURCE_DATE_EPOCH") != "" {
		now = func() time.Time { return at }
	}
	prog := newScanProgress(a.err)
	defer prog.finish()
	rep, err := evidence.Scan(ctx, paths, evidence.Options{Version: versionString(), Now: now, Progress: prog.update})
	if err != nil {
		return nil, fmt.Errorf("scan: %w", err)
	}
	return rep, nil
}

// scanProgress draws a bar on standard error once a scan has run for
// progressDelay, and only on a terminal.
type scanProgress struct {
	mu    sync.Mutex
	w     io.Writer
	on    bool
	start time.Time
	bar   *progressbar.ProgressBar
}

func newScanProgress(w io.Writer) *scanProgress {
	f, ok := w.(*os.File)
	return &scanProgress{w: w, on: ok && isTerminal(f) && os.Getenv("TERM") != "dumb", start: time.Now()}
}

func (p *scanProgress) update(done, total int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if !p.on {
		return
	}
	if p.bar == nil {
		if time.Since(p.start) < progressDelay {
			return
		}
		p.bar = progressbar.NewOptions(total,
			progressbar.OptionSetWriter(p.w),
			progressbar.OptionSetDescription("scanning"),
			progressbar.OptionShowCount(),
			progressbar.OptionClearOnFinish(),
			progressbar.OptionThrottle(65*time.Millisecond))
	}
	_ = p.bar.Set(done)
}

func (p *scanProgress) finish() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.bar != nil {
		_ = p.bar.Finish()
		_ = p.bar.Clear()
	}
}

// scanStyle colours text output only when it goes to the terminal.
func scanStyle(out io.Writer, file string) style {
	if file != "" && file != "-" {
		return style{}
	}
	return styleFor(out)
}

// scanJSON writes v as indented JSON, as printJSON does for standard
// output.
func scanJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}

func scanPlural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

// writeScanText renders the report for people: the repositories, then per
// question each practice with evidence and its proofs, a line naming the
// practices without evidence, then what could not be judged and the
// warnings.
func writeScanText(w io.Writer, rep *evidence.Report, verbose bool, s style) error {
	practices, err := builtin.Practices()
	if err != nil {
		return err
	}
	for _, r := range rep.Repositories {
		fmt.Fprintf(w, "Scanned %s: %s\n", r.Path, scanRepoLine(r))
	}
	found := map[string]evidence.Finding{}
	strong := 0
	for _, f := range rep.Findings {
		found[f.BestPracticeID] = f
		if f.Confidence == evidence.Strong {
			strong++
		}
	}
	var none []string
	for i, p := range practices {
		if i == 0 || practices[i-1].QuestionID != p.QuestionID {
			fmt.Fprintf(w, "\n%s\n", s.bold(p.QuestionID+"  "+p.QuestionTitle))
		}
		if f, ok := found[p.ID]; ok {
			writeScanFinding(w, f, s)
		} else {
			none = append(none, p.ID)
		}
		if i == len(practices)-1 || practices[i+1].QuestionID != p.QuestionID {
			if len(none) > 0 {
				fmt.Fprintf(w, "  %s\n", s.dim("no evidence found: "+strings.Join(none, ", ")))
			}
			none = nil
		}
	}
	writeScanUnknown(w, rep.Unknown)
	writeScanWarnings(w, rep.Warnings, verbose)
	fmt.Fprintf(w, "\n%d of %d practices with evidence (%d strong, %d partial); no evidence found for the other %d.\n",
		len(rep.Findings), len(practices), strong, len(rep.Findings)-strong, len(practices)-len(rep.Findings))
	return nil
}

func scanRepoLine(r evidence.Repository) string {
	var parts []string
	if r.Git {
		g := "git"
		if r.Commit != "" {
			g += ", commit " + r.Commit[:min(12, len(r.Commit))]
		}
		if r.Branch != "" {
			g += " on " + r.Branch
		}
		if r.Shallow {
			g += ", shallow clone"
		}
		parts = append(parts, g)
	} else {
		parts = append(parts, "listed without git")
	}
	parts = append(parts, scanPlural(r.Files, "file", "files"))
	return strings.Join(parts, ", ")
}

func writeScanFinding(w io.Writer, f evidence.Finding, s style) {
	conf := string(f.Confidence)
	if f.Confidence == evidence.Strong {
		conf = s.wrap("32", conf)
	} else {
		conf = s.wrap("33", conf)
	}
	fmt.Fprintf(w, "  %s  %s  [%s]\n", f.BestPracticeID, f.Title, conf)
	for _, p := range f.Evidence {
		fmt.Fprintf(w, "      %s — %s\n", scanProofPlace(p), p.Summary)
	}
}

// scanProofPlace renders repository, path, line and key path of a proof.
func scanProofPlace(p evidence.Proof) string {
	loc := p.Path
	if loc == "" {
		loc = "(git history)"
	}
	if p.Line > 0 {
		loc += fmt.Sprintf(":%d", p.Line)
	}
	if p.KeyPath != "" {
		loc += " [" + p.KeyPath + "]"
	}
	if p.Repository != "" {
		loc = p.Repository + ": " + loc
	}
	return loc
}

func writeScanUnknown(w io.Writer, unknown []evidence.Unknown) {
	if len(unknown) == 0 {
		return
	}
	fmt.Fprintf(w, "\nCould not be judged (%d):\n", len(unknown))
	for _, u := range unknown {
		where := ""
		if u.Repository != "" {
			where = " (" + u.Repository + ")"
		}
		fmt.Fprintf(w, "  %s%s: %s\n", u.BestPracticeID, where, u.Reason)
	}
}

func writeScanWarnings(w io.Writer, warnings []evidence.Warning, verbose bool) {
	if len(warnings) == 0 {
		return
	}
	fmt.Fprintf(w, "\n%s:\n", scanPlural(len(warnings), "warning", "warnings"))
	for i, wn := range warnings {
		if i == shownWarnings && !verbose {
			fmt.Fprintf(w, "  … and %d more (-v lists them all)\n", len(warnings)-shownWarnings)
			break
		}
		place := wn.Path
		if place == "" {
			place = "(repository)"
		}
		if wn.Repository != "" {
			place = wn.Repository + ": " + place
		}
		fmt.Fprintf(w, "  %s: %s\n", place, wn.Message)
	}
}
