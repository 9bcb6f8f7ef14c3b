package main

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"
	"golang.org/x/term"

	"github.com/opslens/opslens"
	"github.com/opslens/opslens/lens"
	"github.com/opslens/opslens/review"
)

func (a *app) jsonOut() bool { return a.output == "json" }

// printJSON writes v as indented JSON, the format every --output json
// command shares.
func (a *app) printJSON(v any) error {
	enc := json.NewEncoder(a.out)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}

func newTable(w io.Writer) *tabwriter.Writer {
	return tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
}

// args returns a cobra argument check whose error names the missing
// arguments instead of cobra's bare count.
func args(names ...string) cobra.PositionalArgs {
	return func(cmd *cobra.Command, got []string) error {
		if len(got) == len(names) {
			return nil
		}
		want := "<" + strings.Join(names, "> <") + ">"
		if len(names) == 0 {
			want = "no arguments"
		}
		return usageError{fmt.Errorf("%s takes %s, got %d argument(s)\nusage: %s", cmd.CommandPath(), want, len(got), cmd.UseLine())}
	}
}

// rangeArgs is like args for commands with optional trailing arguments.
func rangeArgs(minN int, names ...string) cobra.PositionalArgs {
	return func(cmd *cobra.Command, got []string) error {
		if len(got) >= minN && len(got) <= len(names) {
			return nil
		}
		return usageError{fmt.Errorf("%s takes %d to %d arguments (%s), got %d\nusage: %s", cmd.CommandPath(), minN, len(names), strings.Join(names, ", "), len(got), cmd.UseLine())}
	}
}

// style colours risk labels when writing to a terminal. NO_COLOR disables
// it, per no-color.org.
type style struct{ on bool }

func styleFor(w io.Writer) style {
	f, ok := w.(*os.File)
	return style{on: ok && term.IsTerminal(int(f.Fd())) && os.Getenv("NO_COLOR") == "" && os.Getenv("TERM") != "dumb"}
}

func (s style) wrap(code, text string) string {
	if !s.on {
		return text
	}
	return "\x1b[" + code + "m" + text + "\x1b[0m"
}

func (s style) bold(t string) string { return s.wrap("1", t) }
func (s style) dim(t string) string  { return s.wrap("2", t) }

func (s style) risk(r opslens.Risk) string { return s.riskCell(r, 0) }

// riskCell pads the label to width before colouring it, so columns line up:
// escape codes have no width on screen but count for fmt and tabwriter.
func (s style) riskCell(r opslens.Risk, width int) string {
	label := fmt.Sprintf("%-*s", width, riskLabel(r))
	switch r {
	case opslens.RiskHigh:
		return s.wrap("1;31", label)
	case opslens.RiskMedium:
		return s.wrap("33", label)
	case opslens.RiskNone:
		return s.wrap("32", label)
	}
	return s.dim(label)
}

func (s style) level(l lens.Level) string {
	switch l {
	case lens.LevelHigh:
		return s.wrap("1;31", string(l))
	case lens.LevelMedium:
		return s.wrap("33", string(l))
	}
	return s.wrap("36", string(l))
}

func riskLabel(r opslens.Risk) string {
	switch r {
	case opslens.RiskHigh:
		return "HIGH"
	case opslens.RiskMedium:
		return "MEDIUM"
	case opslens.RiskNone:
		return "NONE"
	case opslens.RiskNotApplicable:
		return "N/A"
	}
	return "UNANSWERED"
}

// countsLine renders risk counts as "2 high, 3 medium, 5 none, 0 n/a, 1 unanswered".
func countsLine(c review.RiskCounts) string {
	return fmt.Sprintf("%d high, %d medium, %d none, %d n/a, %d unanswered",
		c[opslens.RiskHigh], c[opslens.RiskMedium], c[opslens.RiskNone], c[opslens.RiskNotApplicable], c[opslens.RiskUnanswered])
}

// splitList accepts repeated flags and comma-separated values alike.
func splitList(vals []string) []string {
	var out []string
	for _, v := range vals {
		for _, p := range strings.Split(v, ",") {
			if p = strings.TrimSpace(p); p != "" {
				out = append(out, p)
			}
		}
	}
	return out
}

// isTerminal reports whether r is an interactive terminal.
func isTerminal(r io.Reader) bool {
	f, ok := r.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}
