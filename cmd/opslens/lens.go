package main

import (
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/spf13/cobra"

	"github.com/opslens/opslens/api"
	"github.com/opslens/opslens/lens"
	"github.com/opslens/opslens/review"
)

func (a *app) lensCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "lens",
		Short: "List, show, export and import lenses",
		Long: `A lens is a set of questions and best practices to review a workload against.
The Operational Excellence lens (alias operational-excellence) is built in.
Lenses use the AWS Well-Architected custom lens JSON format, so lenses move
freely between opslens and the AWS Well-Architected Tool.`,
	}
	cmd.AddCommand(a.lensListCmd(), a.lensShowCmd(), a.lensExportCmd(), a.lensImportCmd(), a.lensDeleteCmd(), a.lensUpgradeCmd())
	return cmd
}

func (a *app) lensListCmd() *cobra.Command {
	return &cobra.Command{
		Use:     "list",
		Short:   "List the built-in and imported lenses",
		Example: "  opslens lens list\n  opslens lens list -o json",
		Args:    args(),
		RunE: func(cmd *cobra.Command, _ []string) error {
			svc, err := a.service(cmd.Context())
			if err != nil {
				return err
			}
			infos, err := svc.Lenses(cmd.Context())
			if err != nil {
				return err
			}
			if a.jsonOut() {
				rows := []api.LensInfo{}
				for _, in := range infos {
					rows = append(rows, api.LensInfoOf(in))
				}
				return a.printJSON(rows)
			}
			tw := newTable(a.out)
			fmt.Fprintln(tw, "ALIAS\tNAME\tVERSION\tQUESTIONS\tSOURCE")
			for _, in := range infos {
				src := "built-in"
				if !in.Builtin {
					src = "imported " + in.Imported.Local().Format("2006-01-02")
				}
				fmt.Fprintf(tw, "%s\t%s\t%s\t%d\t%s\n", in.Alias, in.Name, orDash(in.Version), in.Questions, src)
			}
			return tw.Flush()
		},
	}
}

func (a *app) lensShowCmd() *cobra.Command {
	var question string
	cmd := &cobra.Command{
		Use:   "show <alias>",
		Short: "Show a lens's questions and best practices",
		Long: `Show a lens's questions and choices with each best practice's risk level.
With --question, show one question in full: every practice's guidance, what
good looks like, common anti-patterns and improvement steps.`,
		Example: "  opslens lens show operational-excellence\n  opslens lens show operational-excellence --question OPS05\n  opslens lens show operational-excellence -o json",
		Args:    args("alias"),
		RunE: func(cmd *cobra.Command, argv []string) error {
			svc, err := a.service(cmd.Context())
			if err != nil {
				return err
			}
			l, err := svc.Lens(cmd.Context(), argv[0])
			if err != nil {
				return err
			}
			if question != "" {
				ref, err := review.ResolveQuestion(l, argv[0], question)
				if err != nil {
					return err
				}
				if a.jsonOut() {
					return a.printJSON(ref.Question)
				}
				printQuestionGuide(a.out, styleFor(a.out), ref, termWidth(a.out))
				return nil
			}
			if a.jsonOut() {
				return a.printJSON(l)
			}
			s := styleFor(a.out)
			fmt.Fprintf(a.out, "%s", s.bold(l.Name))
			if v := l.Version(); v != "" {
				fmt.Fprintf(a.out, " (%s)", v)
			}
			fmt.Fprintf(a.out, "\n%s\n", wrap(l.Description, termWidth(a.out), ""))
			for _, p := range l.Pillars {
				fmt.Fprintf(a.out, "\n%s\n", s.bold("Pillar "+p.Name+" ("+p.ID+")"))
				area := ""
				for _, q := range p.Questions {
					if q.Area() != "" && q.Area() != area {
						area = q.Area()
						fmt.Fprintf(a.out, "\n  %s\n", s.bold(area))
					}
					fmt.Fprintf(a.out, "\n  %s  %s\n", s.bold(q.ID), q.Title)
					for _, c := range q.Choices {
						lvl := string(c.Level())
						if c.IsNone() {
							lvl = ""
						}
						fmt.Fprintf(a.out, "      %-12s %-7s %s\n", c.ID, lvl, c.Title)
					}
				}
			}
			return nil
		},
	}
	cmd.Flags().StringVarP(&question, "question", "q", "", "show one question with full guidance")
	return cmd
}

func (a *app) lensExportCmd() *cobra.Command {
	var format, file string
	cmd := &cobra.Command{
		Use:   "export <alias>",
		Short: "Write a lens as custom lens JSON",
		Long: `Write a lens in the AWS Well-Architected custom lens JSON format.

--format opslens (the default) keeps opslens's own fields (best-practice
level, area and guidance) under "opslens" keys; opslens re-imports them.
--format aws drops those fields, for the AWS Well-Architected Tool.`,
		Example: "  opslens lens export operational-excellence --format aws > ops.json\n  opslens lens export operational-excellence -f ops-lens.json",
		Args:    args("alias"),
		RunE: func(cmd *cobra.Command, argv []string) error {
			f, err := lens.ParseFormat(format)
			if err != nil {
				return err
			}
			svc, err := a.service(cmd.Context())
			if err != nil {
				return err
			}
			l, err := svc.Lens(cmd.Context(), argv[0])
			if err != nil {
				return err
			}
			data, err := l.Export(f)
			if err != nil {
				return err
			}
			if f == lens.FormatAWS && len(data) > lens.MaxBytes {
				return fmt.Errorf("export lens %s: %d bytes is over the AWS limit of %d", argv[0], len(data), lens.MaxBytes)
			}
			return writeOutput(a.out, file, data)
		},
	}
	cmd.Flags().StringVar(&format, "format", "opslens", "opslens (with opslens fields) or aws (AWS fields only)")
	cmd.Flags().StringVarP(&file, "file", "f", "", "write to this file instead of standard output")
	return cmd
}

// writeOutput writes data to file atomically (temp file and rename, so a
// failed write never leaves half a file), or to w when file is empty.
func writeOutput(w io.Writer, file string, data []byte) error {
	if file == "" || file == "-" {
		_, err := w.Write(data)
		return err
	}
	tmp, err := os.CreateTemp(dirOf(file), ".opslens-*")
	if err != nil {
		return fmt.Errorf("write %s: %w", file, err)
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return fmt.Errorf("write %s: %w", file, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("write %s: %w", file, err)
	}
	if err := os.Chmod(tmp.Name(), 0o644); err != nil {
		return fmt.Errorf("write %s: %w", file, err)
	}
	if err := os.Rename(tmp.Name(), file); err != nil {
		return fmt.Errorf("write %s: %w", file, err)
	}
	return nil
}

func dirOf(file string) string {
	if i := strings.LastIndexAny(file, `/\`); i >= 0 {
		return file[:i+1]
	}
	return "."
}

func (a *app) lensImportCmd() *cobra.Command {
	var alias string
	var replace bool
	cmd := &cobra.Command{
		Use:   "import <file>",
		Short: "Import a custom lens JSON file",
		Long: `Import a lens in the AWS Well-Architected custom lens JSON format (schema
2021-11-01), as exported by the AWS tool or by 'opslens lens export'. The lens
is checked against the AWS limits; every problem is reported with its JSON
path. Use - to read standard input.`,
		Example: "  opslens lens import my-lens.json\n  opslens lens import my-lens.json --alias platform-ops\n  opslens lens import - < my-lens.json",
		Args:    args("file"),
		RunE: func(cmd *cobra.Command, argv []string) error {
			var data []byte
			var err error
			if argv[0] == "-" {
				data, err = io.ReadAll(io.LimitReader(a.in, lens.MaxBytes+1))
			} else {
				data, err = os.ReadFile(argv[0])
			}
			if err != nil {
				return fmt.Errorf("import lens %s: %w", argv[0], err)
			}
			svc, err := a.service(cmd.Context())
			if err != nil {
				return err
			}
			got, l, err := svc.ImportLens(cmd.Context(), data, alias, replace)
			if err != nil {
				return fmt.Errorf("import lens %s: %w", argv[0], err)
			}
			if a.jsonOut() {
				return a.printJSON(map[string]any{"LensAlias": got, "LensName": l.Name, "Questions": len(l.Questions())})
			}
			fmt.Fprintf(a.out, "Imported lens %q as %s (%d questions).\n", l.Name, got, len(l.Questions()))
			return nil
		},
	}
	cmd.Flags().StringVar(&alias, "alias", "", "alias to store the lens under (default: from the file, else from its name)")
	cmd.Flags().BoolVar(&replace, "replace", false, "overwrite an imported lens of the same alias that no review uses")
	return cmd
}

func (a *app) lensDeleteCmd() *cobra.Command {
	return &cobra.Command{
		Use:     "delete <alias>",
		Short:   "Delete an imported lens that no workload or milestone uses",
		Example: "  opslens lens delete platform-ops",
		Args:    args("alias"),
		RunE: func(cmd *cobra.Command, argv []string) error {
			svc, err := a.service(cmd.Context())
			if err != nil {
				return err
			}
			if err := svc.DeleteLens(cmd.Context(), argv[0]); err != nil {
				return err
			}
			if !a.jsonOut() {
				fmt.Fprintf(a.out, "Deleted lens %s.\n", argv[0])
			}
			return nil
		},
	}
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}
