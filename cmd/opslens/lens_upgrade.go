package main

import (
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/opslens/opslens/review"
)

func (a *app) lensUpgradeCmd() *cobra.Command {
	var from, to, mappingFile string
	cmd := &cobra.Command{
		Use:   "upgrade <workload> --from <old-lens> --to <new-lens>",
		Short: "Move a workload's review to a newer version of its lens",
		Long: `Move a workload's review from one lens to a newer version of it (each
version is a lens of its own alias), carrying the answers over: questions
and choices keep their IDs where the new lens has them, and a mapping file
renames the others:

  {"Questions": {"OBS01": "OBS02"}, "Choices": {"OBS01_b": "OBS02_b"}}

A milestone is recorded first, so the review before the upgrade stays as it
was; what could not be carried over is listed.`,
		Example: `  opslens lens upgrade payments --from team-2024 --to team-2025 --mapping 2024-to-2025.json`,
		Args:    args("workload"),
		RunE: func(cmd *cobra.Command, argv []string) error {
			if from == "" || to == "" {
				return usageError{fmt.Errorf("--from and --to name the lens versions")}
			}
			var m review.LensMapping
			if mappingFile != "" {
				if err := readJSONFile(mappingFile, &m); err != nil {
					return err
				}
			}
			svc, w, err := a.workload(cmd.Context(), argv[0])
			if err != nil {
				return err
			}
			rep, err := svc.UpgradeLens(cmd.Context(), w, from, to, m)
			if err != nil {
				return err
			}
			if a.jsonOut() {
				return a.printJSON(rep)
			}
			fmt.Fprintf(a.out, "Moved %s from %s to %s: %d answer(s) and %d choice state(s) carried over; milestone %d keeps the review as it was.\n",
				w.Name, from, to, rep.Questions, rep.Choices, rep.Milestone)
			if len(rep.QuestionsDropped) > 0 {
				fmt.Fprintf(a.out, "Answers not carried (no such question in %s): %s\n", to, strings.Join(rep.QuestionsDropped, ", "))
			}
			if len(rep.ChoicesDropped) > 0 {
				fmt.Fprintf(a.out, "Choices not carried (no such choice in %s): %s\n", to, strings.Join(rep.ChoicesDropped, ", "))
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&from, "from", "", "the lens the review uses now")
	cmd.Flags().StringVar(&to, "to", "", "the newer lens to move it to")
	cmd.Flags().StringVar(&mappingFile, "mapping", "", "JSON file mapping old question and choice IDs to new ones")
	return cmd
}
