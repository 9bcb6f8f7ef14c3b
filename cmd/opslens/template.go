package main

import (
	"fmt"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/opslens/opslens"
)

func (a *app) templateCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "template",
		Short: "Answers settled once for every workload, to start reviews with",
		Long: `A template holds the answers an organisation settled once for all its
workloads (the incident process is company-wide, say). 'opslens workload
create NAME --template T' starts a review with them, each choice marked as
coming from the template until someone confirms or changes it.`,
	}
	cmd.AddCommand(a.templateCreateCmd(), a.templateListCmd(), a.templateDeleteCmd())
	return cmd
}

func (a *app) templateCreateCmd() *cobra.Command {
	var from, description, alias string
	var questions []string
	cmd := &cobra.Command{
		Use:     "create <name> --from <workload>",
		Short:   "Make a template of a workload's answers",
		Example: `  opslens template create company-wide --from reference-service --questions OPS10,OPS11`,
		Args:    args("name"),
		RunE: func(cmd *cobra.Command, argv []string) error {
			if from == "" {
				return usageError{fmt.Errorf("--from names the workload whose answers the template holds")}
			}
			svc, w, err := a.workload(cmd.Context(), from)
			if err != nil {
				return err
			}
			t, err := svc.TemplateFrom(cmd.Context(), w, alias, argv[0], description, questions)
			if err != nil {
				return err
			}
			ids := make([]string, len(t.Answers))
			for i, a := range t.Answers {
				ids[i] = a.QuestionID
			}
			fmt.Fprintf(a.out, "Template %s holds the answers of %s to %s.\n", t.Name, w.Name, strings.Join(ids, ", "))
			return nil
		},
	}
	cmd.Flags().StringVar(&from, "from", "", "the workload whose answers to copy")
	cmd.Flags().StringSliceVar(&questions, "questions", nil, "only these questions (default: every answered one)")
	cmd.Flags().StringVar(&description, "description", "", "what the template is for")
	cmd.Flags().StringVar(&alias, "lens", "", "lens of the review (default: the workload's first lens)")
	return cmd
}

func (a *app) templateListCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "list",
		Short: "List the templates",
		Args:  args(),
		RunE: func(cmd *cobra.Command, argv []string) error {
			if _, err := a.service(cmd.Context()); err != nil {
				return err
			}
			ts, err := a.db.Templates(cmd.Context())
			if err != nil {
				return err
			}
			if a.jsonOut() {
				if ts == nil {
					ts = []opslens.Template{}
				}
				return a.printJSON(ts)
			}
			tw := newTable(a.out)
			fmt.Fprintln(tw, "NAME\tLENS\tQUESTIONS\tCREATED\tDESCRIPTION")
			for _, t := range ts {
				ids := make([]string, len(t.Answers))
				for i, a := range t.Answers {
					ids[i] = a.QuestionID
				}
				fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", t.Name, t.LensAlias, strings.Join(ids, ","), t.CreatedAt.Format(time.DateOnly), t.Description)
			}
			return tw.Flush()
		},
	}
}

func (a *app) templateDeleteCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "delete <name>",
		Short: "Delete a template (workloads made from it keep their answers)",
		Args:  args("name"),
		RunE: func(cmd *cobra.Command, argv []string) error {
			if _, err := a.service(cmd.Context()); err != nil {
				return err
			}
			if err := a.db.DeleteTemplate(cmd.Context(), argv[0]); err != nil {
				return err
			}
			fmt.Fprintf(a.out, "Deleted template %s.\n", argv[0])
			return nil
		},
	}
}
