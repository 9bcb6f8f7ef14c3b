package main

import (
	"fmt"
	"io"
	"os"

	"github.com/spf13/cobra"

	"github.com/opslens/opslens"
	"github.com/opslens/opslens/workbook"
)

func (a *app) workbookCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "workbook",
		Short: "Answer a review offline in a spreadsheet (XLSX)",
		Long: `Export a lens review as an XLSX workbook (a row per practice with its status,
reason and notes chosen from lists, a row per question for applicability and
notes), answer it in any spreadsheet program, and import it back: only the
questions whose rows changed are saved, and a question someone changed in
opslens since the export is refused rather than overwritten. Every bad cell
is reported by sheet, row and column, and then nothing is saved.`,
	}
	cmd.AddCommand(a.workbookExportCmd(), a.workbookImportCmd())
	return cmd
}

func (a *app) workbookExportCmd() *cobra.Command {
	var file, alias string
	cmd := &cobra.Command{
		Use:     "export <workload> -f <file.xlsx>",
		Short:   "Write a lens review as an XLSX workbook",
		Example: `  opslens workbook export payments -f payments.xlsx`,
		Args:    args("workload"),
		RunE: func(cmd *cobra.Command, argv []string) error {
			if file == "" {
				return usageError{fmt.Errorf("-f names the workbook to write")}
			}
			rv, err := a.lensReview(cmd.Context(), argv[0], alias)
			if err != nil {
				return err
			}
			m := workbook.Meta{Workload: rv.w.Name, LensAlias: rv.alias, Version: versionString(), Date: rv.date}
			if err := writeExport(a.out, file, func(out io.Writer) error { return workbook.Write(out, rv.lens, rv.answers, m) }); err != nil {
				return err
			}
			fmt.Fprintf(a.err, "Wrote the %s review of %s to %s.\n", rv.alias, rv.w.Name, file)
			return nil
		},
	}
	cmd.Flags().StringVarP(&file, "file", "f", "", "the workbook to write")
	cmd.Flags().StringVar(&alias, "lens", "", "lens of the review (default: the workload's first lens)")
	return cmd
}

func (a *app) workbookImportCmd() *cobra.Command {
	var alias string
	cmd := &cobra.Command{
		Use:     "import <workload> <file.xlsx>",
		Short:   "Save the answers changed in a workbook",
		Example: `  opslens workbook import payments payments.xlsx`,
		Args:    args("workload", "file"),
		RunE: func(cmd *cobra.Command, argv []string) error {
			ctx := cmd.Context()
			svc, w, err := a.workload(ctx, argv[0])
			if err != nil {
				return err
			}
			alias, l, err := svc.LensFor(ctx, w, alias)
			if err != nil {
				return err
			}
			f, err := os.Open(argv[1])
			if err != nil {
				return opslens.Errorf(opslens.EINVALID, "%v", err)
			}
			defer f.Close()
			edited, err := workbook.Read(f, l)
			if err != nil {
				return err
			}
			stored, err := a.db.Answers(ctx, w.ID, alias)
			if err != nil {
				return err
			}
			changed := workbook.Changed(stored, edited)
			if err := svc.PutAnswers(ctx, w, alias, changed); err != nil {
				return err
			}
			fmt.Fprintf(a.out, "Saved %d changed answer(s) of %s; %d unchanged.\n", len(changed), w.Name, len(edited)-len(changed))
			return nil
		},
	}
	cmd.Flags().StringVar(&alias, "lens", "", "lens of the review (default: the workload's first lens)")
	return cmd
}
