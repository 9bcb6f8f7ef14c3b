package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/spf13/cobra"

	"github.com/opslens/opslens"
	"github.com/opslens/opslens/lens"
	"github.com/opslens/opslens/review"
	"github.com/opslens/opslens/wellarchitected"
)

func (a *app) awsCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "aws",
		Short: "Bring reviews over from the AWS Well-Architected Tool, or send them there",
	}
	cmd.AddCommand(a.awsImportCmd(), a.awsExportCmd())
	return cmd
}

func (a *app) awsImportCmd() *cobra.Command {
	var name, lensAlias string
	cmd := &cobra.Command{
		Use:   "import <get-workload.json> <list-answers.json>...",
		Short: "Create a workload with its answers from what the AWS CLI prints",
		Long: `Create (or update) a workload from the JSON that 'aws wellarchitected
get-workload' and 'aws wellarchitected list-answers' print, with the answers
of the Operational Excellence pillar. Give every page of list-answers when
it has several (NextToken). Questions and choices match the lens by ID (a
review made with this lens imported as a custom lens) or else by title (the
AWS tool's own lens); answers of other pillars, and anything without a
match, are listed and left out.`,
		Example: `  aws wellarchitected get-workload --workload-id $ID > workload.json
  aws wellarchitected list-answers --workload-id $ID --lens-alias wellarchitected \
    --pillar-id operationalExcellence > answers.json
  opslens aws import workload.json answers.json`,
		Args: cobra.MinimumNArgs(2),
		RunE: func(cmd *cobra.Command, argv []string) error {
			var wl wellarchitected.GetWorkloadOutput
			if err := readJSONFile(argv[0], &wl); err != nil {
				return err
			}
			pages := make([]wellarchitected.ListAnswersOutput, len(argv)-1)
			for i, f := range argv[1:] {
				if err := readJSONFile(f, &pages[i]); err != nil {
					return err
				}
			}
			return a.awsImport(cmd, wl, pages, name, lensAlias)
		},
	}
	cmd.Flags().StringVar(&name, "name", "", "name the workload this instead of the AWS name")
	cmd.Flags().StringVar(&lensAlias, "lens", review.DefaultLens, "the opslens lens the answers are for")
	return cmd
}

func (a *app) awsImport(cmd *cobra.Command, wl wellarchitected.GetWorkloadOutput, pages []wellarchitected.ListAnswersOutput, name, alias string) error {
	ctx := cmd.Context()
	svc, err := a.service(ctx)
	if err != nil {
		return err
	}
	l, err := svc.Lens(ctx, alias)
	if err != nil {
		return err
	}
	facts := wellarchitected.Facts(wl.Workload)
	// The AWS workload ranks every pillar; opslens reviews this lens's.
	var priorities []string
	for _, p := range facts.PillarPriorities {
		for _, lp := range l.Pillars {
			if lp.ID == p {
				priorities = append(priorities, p)
			}
		}
	}
	facts.PillarPriorities = priorities
	if name != "" {
		facts.Name = name
	}
	if facts.Name == "" {
		return usageError{fmt.Errorf("the get-workload file has no WorkloadName: is it the output of 'aws wellarchitected get-workload'?")}
	}
	answers, rep, err := wellarchitected.Answers(l, pages)
	if err != nil {
		return err
	}
	w, created, err := svc.ImportReview(ctx, facts, alias, answers)
	if err != nil {
		return err
	}
	verb := "Updated"
	if created {
		verb = "Created"
	}
	fmt.Fprintf(a.out, "%s workload %s with %d answered question(s) of %s.\n", verb, w.Name, rep.Questions, alias)
	if rep.OtherPillars > 0 {
		fmt.Fprintf(a.out, "Left out %d answer(s) of other pillars.\n", rep.OtherPillars)
	}
	for _, u := range rep.Unmatched {
		fmt.Fprintf(a.out, "Not carried over: %s\n", u)
	}
	return nil
}

// readJSONFile decodes a file ("-" for standard input), naming the file in
// errors.
func readJSONFile(path string, v any) error {
	var r io.Reader = os.Stdin
	if path != "-" {
		f, err := os.Open(path)
		if err != nil {
			return opslens.Errorf(opslens.EINVALID, "%v", err)
		}
		defer f.Close()
		r = f
	}
	dec := json.NewDecoder(r)
	if err := dec.Decode(v); err != nil {
		return opslens.Errorf(opslens.EINVALID, "%s is not the JSON the AWS CLI prints: %v", path, err)
	}
	return nil
}

func (a *app) awsExportCmd() *cobra.Command {
	var file, alias string
	cmd := &cobra.Command{
		Use:   "export <workload>",
		Short: "Write the review as 'aws wellarchitected update-answer' commands",
		Long: `Write a shell script of 'aws wellarchitected update-answer' commands that
record the workload's answers in an AWS workload reviewed with the lens
imported into the AWS tool as a custom lens ('opslens lens export LENS
--format aws'). Run it with WORKLOAD_ID and LENS_ALIAS (the lens ARN) set.`,
		Example: `  opslens aws export payments -f update-answers.sh
  WORKLOAD_ID=… LENS_ALIAS=arn:aws:wellarchitected:… sh update-answers.sh`,
		Args: args("workload"),
		RunE: func(cmd *cobra.Command, argv []string) error {
			rv, err := a.lensReview(cmd.Context(), argv[0], alias)
			if err != nil {
				return err
			}
			meta := wellarchitected.ExportMeta{Workload: rv.w.Name, LensAlias: rv.alias, Version: versionString(), Date: rv.date}
			return writeExport(a.out, file, func(out io.Writer) error { return wellarchitected.WriteUpdateAnswers(out, rv.answers, meta) })
		},
	}
	cmd.Flags().StringVarP(&file, "file", "f", "", "write to this file instead of standard output")
	cmd.Flags().StringVar(&alias, "lens", "", "lens of the review (default: the workload's first lens)")
	return cmd
}

// lensReview is what the review exports start from: a workload's review
// of one lens with its stored answers, and the export's date.
type lensReview struct {
	w       *opslens.Workload
	alias   string
	lens    *lens.Lens
	answers []opslens.Answer
	date    string
}

func (a *app) lensReview(ctx context.Context, workload, alias string) (*lensReview, error) {
	svc, w, err := a.workload(ctx, workload)
	if err != nil {
		return nil, err
	}
	alias, l, err := svc.LensFor(ctx, w, alias)
	if err != nil {
		return nil, err
	}
	answers, err := a.db.Answers(ctx, w.ID, alias)
	if err != nil {
		return nil, err
	}
	at, err := reportTime()
	if err != nil {
		return nil, err
	}
	return &lensReview{w: w, alias: alias, lens: l, answers: answers, date: at.Format(time.DateOnly)}, nil
}
