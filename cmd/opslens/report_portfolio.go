package main

import (
	"bytes"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/opslens/opslens"
	"github.com/opslens/opslens/report"
	"github.com/opslens/opslens/review"
)

type portfolioFlags struct {
	on        bool
	tags      []string
	owner     string
	staleDays int
}

var portfolioRenderers = map[string]func(io.Writer, *report.Portfolio) error{
	"md": report.PortfolioMarkdown, "markdown": report.PortfolioMarkdown, "html": report.PortfolioHTML,
	"json": report.PortfolioJSON, "pdf": report.PortfolioPDF,
}

func (a *app) portfolioReport(cmd *cobra.Command, f portfolioFlags, format, file string) error {
	name := strings.ToLower(format)
	if a.jsonOut() && !cmd.Flags().Changed("format") {
		name = "json"
	}
	render, ok := portfolioRenderers[name]
	if !ok {
		return usageError{fmt.Errorf("unknown --format %q: use md, html, json or pdf", format)}
	}
	if f.staleDays <= 0 {
		return usageError{fmt.Errorf("--stale-days must be positive")}
	}
	filter, scope, err := portfolioScope(f)
	if err != nil {
		return err
	}
	at, err := reportTime()
	if err != nil {
		return err
	}
	svc, err := a.service(cmd.Context())
	if err != nil {
		return err
	}
	d, err := svc.PortfolioData(cmd.Context(), opslens.SummaryFilter{All: true})
	if err != nil {
		return err
	}
	d.Rows = filter(d.Rows)
	p := report.BuildPortfolio(d, scope, time.Duration(f.staleDays)*24*time.Hour, at)
	var buf bytes.Buffer
	if err := render(&buf, p); err != nil {
		return err
	}
	return writeOutput(a.out, file, buf.Bytes())
}

// portfolioScope turns --tag and --owner into a filter of the portfolio's
// rows and the words that describe it in the report.
func portfolioScope(f portfolioFlags) (func([]review.PortfolioRow) []review.PortfolioRow, string, error) {
	tags := map[string]string{}
	var words []string
	for _, t := range f.tags {
		k, v, ok := strings.Cut(t, "=")
		if !ok || k == "" {
			return nil, "", usageError{fmt.Errorf("--tag %q: write it as KEY=VALUE", t)}
		}
		tags[k] = v
		words = append(words, "tag "+t)
	}
	if f.owner != "" {
		words = append(words, "owner "+f.owner)
	}
	scope := "All workloads"
	if len(words) > 0 {
		scope = "Workloads with " + strings.Join(words, " and ")
	}
	keep := func(rows []review.PortfolioRow) []review.PortfolioRow {
		var out []review.PortfolioRow
		for _, r := range rows {
			if f.owner != "" && r.Workload.Owner != f.owner {
				continue
			}
			match := true
			for k, v := range tags {
				if r.Workload.Tags[k] != v {
					match = false
				}
			}
			if match {
				out = append(out, r)
			}
		}
		return out
	}
	return keep, scope, nil
}
