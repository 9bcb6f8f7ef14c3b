package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/spf13/cobra"

	"github.com/opslens/opslens"
	"github.com/opslens/opslens/lens"
	"github.com/opslens/opslens/lens/builtin"
	"github.com/opslens/opslens/review"
	"github.com/opslens/opslens/reviewfile"
)

// readReviewFile parses a review file; "-" reads standard input.
func (a *app) readReviewFile(path string) (*reviewfile.File, error) {
	var data []byte
	var err error
	if path == "-" {
		data, err = readAllLimited(a.in)
	} else {
		data, err = os.ReadFile(path)
	}
	if errors.Is(err, fs.ErrNotExist) {
		return nil, opslens.Errorf(opslens.ENOTFOUND, "review file %s not found; create one with 'opslens init'", path)
	}
	if err != nil {
		return nil, fmt.Errorf("read review file: %w", err)
	}
	return reviewfile.Parse(path, data)
}

// fileLens returns the lens a review file names: the built-in one without
// touching the database, a custom one from it.
func (a *app) fileLens(ctx context.Context, f *reviewfile.File) (string, *lens.Lens, error) {
	alias := f.Lens
	if alias == "" {
		alias = review.DefaultLens
	}
	ls, err := builtin.Lenses()
	if err != nil {
		return "", nil, err
	}
	if l, ok := ls[alias]; ok {
		return alias, l, nil
	}
	svc, err := a.service(ctx)
	if err != nil {
		return "", nil, err
	}
	l, err := svc.Lens(ctx, alias)
	return alias, l, err
}

func (a *app) workloadExportCmd() *cobra.Command {
	var file, lensAlias string
	cmd := &cobra.Command{
		Use:   "export <name>",
		Short: "Write a workload's review as a review file (opslens.yaml)",
		Long: `Write a workload's facts and the answers of one lens review as a review
file, the format 'opslens check' reads and 'opslens workload import' loads
(see docs/review-file.md). Unanswered questions are left out.`,
		Example: `  opslens workload export payments -f opslens.yaml
  opslens workload export payments > review.yaml`,
		Args: args("name"),
		RunE: func(cmd *cobra.Command, argv []string) error {
			svc, w, err := a.workload(cmd.Context(), argv[0])
			if err != nil {
				return err
			}
			alias, l, err := svc.LensFor(cmd.Context(), w, lensAlias)
			if err != nil {
				return err
			}
			snap, err := svc.Snapshot(cmd.Context(), w)
			if err != nil {
				return err
			}
			var answers []opslens.Answer
			for _, r := range snap.Reviews {
				if r.LensAlias == alias {
					answers = r.Answers
				}
			}
			out, err := reviewfile.Encode(reviewfile.FromReview(&snap.Workload, alias, l, answers))
			if err != nil {
				return err
			}
			return writeOutput(a.out, file, out)
		},
	}
	cmd.Flags().StringVarP(&file, "file", "f", "", "write to this file instead of standard output")
	cmd.Flags().StringVar(&lensAlias, "lens", "", "lens review to export (default: the workload's first lens)")
	return cmd
}

func (a *app) workloadImportCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "import <file>",
		Short: "Load a review file into the database",
		Long: `Load a review file (opslens.yaml) into the database: the workload named in
it is created, or its facts updated, and the answers of its lens review
are replaced by the file's (questions the file leaves out become
unanswered). "-" reads standard input.`,
		Example: `  opslens workload import opslens.yaml
  git show main:opslens.yaml | opslens workload import -`,
		Args: args("file"),
		RunE: func(cmd *cobra.Command, argv []string) error {
			ctx := cmd.Context()
			f, err := a.readReviewFile(argv[0])
			if err != nil {
				return err
			}
			alias, l, err := a.fileLens(ctx, f)
			if err != nil {
				return err
			}
			rv, err := f.Resolve(alias, l)
			if err != nil {
				return opslens.Errorf(opslens.EINVALID, "%s: %s", argv[0], err)
			}
			svc, err := a.service(ctx)
			if err != nil {
				return err
			}
			w, created, err := svc.ImportReview(ctx, rv.Workload, alias, rv.Answers)
			if err != nil {
				return err
			}
			if a.jsonOut() {
				return a.printJSON(w)
			}
			verb := "Updated"
			if created {
				verb = "Created"
			}
			fmt.Fprintf(a.out, "%s workload %s from %s (%d questions in the file).\n", verb, w.Name, argv[0], len(f.Questions))
			return nil
		},
	}
	return cmd
}

// readAllLimited reads standard input up to just past the review file
// size limit, so an endless stream cannot exhaust memory; Parse reports
// the file as too large.
func readAllLimited(r io.Reader) ([]byte, error) {
	return io.ReadAll(io.LimitReader(r, 1<<20+1))
}

// defaultName derives a workload name from a directory: its base name,
// which opslens requires to be 3 to 100 characters.
func defaultName(dir string) (string, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return "", err
	}
	name := filepath.Base(abs)
	if n := len([]rune(name)); n < 3 || n > 100 || name == string(filepath.Separator) {
		return "", opslens.Errorf(opslens.EINVALID, "cannot use %q as the workload name; pass --name", name)
	}
	return name, nil
}
