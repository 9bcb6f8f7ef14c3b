package main

import (
	"bufio"
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/opslens/opslens"
	"github.com/opslens/opslens/api"
	"github.com/opslens/opslens/review"
)

func (a *app) workloadCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:     "workload",
		Aliases: []string{"workloads", "wl"},
		Short:   "Create, list, show, update and delete workloads",
	}
	cmd.AddCommand(a.workloadCreateCmd(), a.workloadListCmd(), a.workloadShowCmd(), a.workloadUpdateCmd(), a.workloadDeleteCmd(),
		a.workloadExportCmd(), a.workloadImportCmd())
	return cmd
}

// workloadFlags are the fields shared by create and update.
type workloadFlags struct {
	description, environment, owner, reviewOwner, design, industry, industryType, notes string
	locations, tags, priorities, lenses, profile                                        []string
}

func (f *workloadFlags) register(fs *pflag.FlagSet, create bool) {
	fs.StringVar(&f.description, "description", "", "what the workload does (up to 250 characters)")
	fs.StringVar(&f.environment, "environment", "PRODUCTION", "PRODUCTION or PREPRODUCTION")
	fs.StringVar(&f.owner, "owner", "", "team or person that owns the workload")
	fs.StringVar(&f.reviewOwner, "review-owner", "", "person responsible for the review")
	fs.StringVar(&f.design, "architectural-design", "", "URL of the architecture documentation")
	fs.StringVar(&f.industry, "industry", "", "industry, e.g. Financial Services")
	fs.StringVar(&f.industryType, "industry-type", "", "industry type")
	fs.StringVar(&f.notes, "notes", "", "free-form notes")
	fs.StringSliceVar(&f.locations, "location", nil, "region or location the workload runs in (repeatable or comma-separated)")
	fs.StringArrayVar(&f.tags, "tag", nil, "tag as key=value (repeatable)")
	fs.StringSliceVar(&f.priorities, "pillar-priority", nil, "pillar IDs in priority order (comma-separated)")
	fs.StringSliceVar(&f.profile, "profile", nil, "business context as question=answer, which orders the plan: "+profileHelp())
	if create {
		fs.StringSliceVar(&f.lenses, "lens", nil, "lens aliases to apply (default "+review.DefaultLens+")")
	}
}

// apply copies the flags the user set onto w.
func (f *workloadFlags) apply(fs *pflag.FlagSet, w *opslens.Workload) error {
	set := fs.Changed
	if set("description") {
		w.Description = f.description
	}
	if set("environment") || w.Environment == "" {
		env, err := opslens.ParseEnvironment(f.environment)
		if err != nil {
			return err
		}
		w.Environment = env
	}
	if set("owner") {
		w.Owner = f.owner
	}
	if set("review-owner") {
		w.ReviewOwner = f.reviewOwner
	}
	if set("architectural-design") {
		w.ArchitecturalDesign = f.design
	}
	if set("industry") {
		w.Industry = f.industry
	}
	if set("industry-type") {
		w.IndustryType = f.industryType
	}
	if set("notes") {
		w.Notes = f.notes
	}
	if set("location") {
		w.Locations = splitList(f.locations)
	}
	if set("pillar-priority") {
		w.PillarPriorities = splitList(f.priorities)
	}
	if set("lens") {
		w.Lenses = splitList(f.lenses)
	}
	for _, t := range f.tags {
		k, v, ok := strings.Cut(t, "=")
		if !ok || strings.TrimSpace(k) == "" {
			return opslens.Errorf(opslens.EINVALID, "tag %q must be key=value", t)
		}
		if w.Tags == nil {
			w.Tags = map[string]string{}
		}
		w.Tags[strings.TrimSpace(k)] = strings.TrimSpace(v)
	}
	for _, p := range f.profile {
		k, v, ok := strings.Cut(p, "=")
		if !ok {
			return opslens.Errorf(opslens.EINVALID, "profile %q must be question=answer (%s)", p, profileHelp())
		}
		if w.Profile == nil {
			w.Profile = opslens.Profile{}
		}
		w.Profile[strings.TrimSpace(k)] = strings.TrimSpace(v)
	}
	return nil
}

// profileHelp lists the profile's questions and answers for flag help.
func profileHelp() string {
	parts := make([]string, len(opslens.ProfileQuestions))
	for i, q := range opslens.ProfileQuestions {
		parts[i] = q.Key + "=" + strings.Join(q.Answers, "|")
	}
	return strings.Join(parts, ", ")
}

func (a *app) workloadCreateCmd() *cobra.Command {
	var f workloadFlags
	var template string
	cmd := &cobra.Command{
		Use:   "create <name>",
		Short: "Create a workload to review",
		Long: `Create a workload: the system under review. The built-in Operational
Excellence lens is applied unless --lens names others.`,
		Example: `  opslens workload create payments
  opslens workload create payments --environment preproduction --owner team-payments \
      --review-owner alice --location eu-west-1,on-prem-dc1 --tag tier=1 --tag cost-center=42`,
		Args: args("name"),
		RunE: func(cmd *cobra.Command, argv []string) error {
			w := &opslens.Workload{Name: strings.TrimSpace(argv[0])}
			if err := f.apply(cmd.Flags(), w); err != nil {
				return err
			}
			svc, err := a.service(cmd.Context())
			if err != nil {
				return err
			}
			var filled []string
			if template != "" {
				filled, err = svc.CreateWorkloadFromTemplate(cmd.Context(), w, template)
			} else {
				err = svc.CreateWorkload(cmd.Context(), w)
			}
			if err != nil {
				return err
			}
			if a.jsonOut() {
				return a.printJSON(w)
			}
			fmt.Fprintf(a.out, "Created workload %s with lens %s.\n", w.Name, strings.Join(w.Lenses, ", "))
			if template != "" {
				fmt.Fprintf(a.out, "Pre-filled %s from template %s; confirm or change them in the review.\n", strings.Join(filled, ", "), template)
			}
			fmt.Fprintf(a.out, "Next: opslens review %s\n", shellQuote(w.Name))
			return nil
		},
	}
	f.register(cmd.Flags(), true)
	cmd.Flags().StringVar(&template, "template", "", "start the review with this template's answers ('opslens template list')")
	return cmd
}

func shellQuote(s string) string {
	if strings.ContainsAny(s, " \t'\"$&;|<>()*?[]#~`\\") {
		return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
	}
	return s
}

func (a *app) workloadListCmd() *cobra.Command {
	return &cobra.Command{
		Use:     "list",
		Short:   "List workloads with their risk counts",
		Example: "  opslens workload list\n  opslens workload list -o json",
		Args:    args(),
		RunE: func(cmd *cobra.Command, _ []string) error {
			svc, err := a.service(cmd.Context())
			if err != nil {
				return err
			}
			ws, err := svc.Workloads(cmd.Context())
			if err != nil {
				return err
			}
			rows := []api.WorkloadSummary{}
			for _, w := range ws {
				res, err := svc.Evaluate(cmd.Context(), w)
				if err != nil {
					return err
				}
				rows = append(rows, api.Summarize(w, res, false))
			}
			if a.jsonOut() {
				return a.printJSON(rows)
			}
			if len(rows) == 0 {
				fmt.Fprintln(a.out, "No workloads yet. Create one with: opslens workload create <name>")
				return nil
			}
			tw := newTable(a.out)
			fmt.Fprintln(tw, "NAME\tENVIRONMENT\tLENSES\tHIGH\tMEDIUM\tNONE\tN/A\tUNANSWERED\tUPDATED")
			for _, r := range rows {
				c := r.RiskCounts
				fmt.Fprintf(tw, "%s\t%s\t%s\t%d\t%d\t%d\t%d\t%d\t%s\n", r.Name, r.Environment, strings.Join(r.Lenses, ","),
					c[opslens.RiskHigh], c[opslens.RiskMedium], c[opslens.RiskNone], c[opslens.RiskNotApplicable], c[opslens.RiskUnanswered],
					r.UpdatedAt.Local().Format("2006-01-02 15:04"))
			}
			return tw.Flush()
		},
	}
}

func (a *app) workloadShowCmd() *cobra.Command {
	return &cobra.Command{
		Use:     "show <name>",
		Short:   "Show a workload's facts and risk roll-up",
		Example: "  opslens workload show payments\n  opslens workload show payments -o json",
		Args:    args("name"),
		RunE: func(cmd *cobra.Command, argv []string) error {
			svc, w, err := a.workload(cmd.Context(), argv[0])
			if err != nil {
				return err
			}
			res, err := svc.Evaluate(cmd.Context(), w)
			if err != nil {
				return err
			}
			sum := api.Summarize(w, res, true)
			if a.jsonOut() {
				return a.printJSON(sum)
			}
			s := styleFor(a.out)
			fmt.Fprintf(a.out, "%s\n", s.bold(w.Name))
			tw := newTable(a.out)
			field := func(k, v string) {
				if v != "" {
					fmt.Fprintf(tw, "  %s\t%s\n", k, v)
				}
			}
			field("Description", w.Description)
			field("Environment", string(w.Environment))
			field("Owner", w.Owner)
			field("Review owner", w.ReviewOwner)
			field("Locations", strings.Join(w.Locations, ", "))
			field("Architecture", w.ArchitecturalDesign)
			field("Industry", strings.Trim(w.IndustryType+" / "+w.Industry, " /"))
			field("Tags", formatTags(w.Tags))
			field("Pillar priorities", strings.Join(w.PillarPriorities, ", "))
			field("Profile", w.Profile.String())
			field("Lenses", strings.Join(w.Lenses, ", "))
			field("Created", w.CreatedAt.Local().Format("2006-01-02 15:04"))
			field("Updated", w.UpdatedAt.Local().Format("2006-01-02 15:04"))
			field("Risks", countsLine(sum.RiskCounts))
			tw.Flush()
			if w.Notes != "" {
				fmt.Fprintf(a.out, "\nNotes:\n%s\n", wrap(w.Notes, termWidth(a.out), "  "))
			}
			for _, r := range res {
				fmt.Fprintf(a.out, "\nLens %s (%s): %s\n", r.Alias, r.Lens.Name, countsLine(r.Counts))
				for _, p := range r.Pillars {
					fmt.Fprintf(a.out, "  %s: %s\n", p.Name, countsLine(p.Counts))
				}
			}
			return nil
		},
	}
}

func formatTags(tags map[string]string) string {
	keys := make([]string, 0, len(tags))
	for k := range tags {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = k + "=" + tags[k]
	}
	return strings.Join(parts, ", ")
}

func (a *app) workloadUpdateCmd() *cobra.Command {
	var f workloadFlags
	var rename string
	var addLens, removeLens, removeTags []string
	cmd := &cobra.Command{
		Use:   "update <name>",
		Short: "Change a workload's fields or lenses",
		Long: `Change the fields given as flags; others keep their values. Removing a lens
deletes the answers of that lens review (milestones keep theirs).`,
		Example: `  opslens workload update payments --review-owner bob --tag tier=2
  opslens workload update payments --name payments-api
  opslens workload update payments --add-lens platform-ops --remove-tag cost-center`,
		Args: args("name"),
		RunE: func(cmd *cobra.Command, argv []string) error {
			svc, w, err := a.workload(cmd.Context(), argv[0])
			if err != nil {
				return err
			}
			// The edit runs on the stored workload inside the store's
			// transaction, so two updates of different fields both land.
			w, err = svc.UpdateWorkload(cmd.Context(), w, func(w *opslens.Workload) error {
				if err := f.apply(cmd.Flags(), w); err != nil {
					return err
				}
				if cmd.Flags().Changed("name") {
					w.Name = strings.TrimSpace(rename)
				}
				for _, k := range removeTags {
					if _, ok := w.Tags[k]; !ok {
						return opslens.Errorf(opslens.EINVALID, "workload %q has no tag %q", argv[0], k)
					}
					delete(w.Tags, k)
				}
				w.Lenses = append(w.Lenses, splitList(addLens)...)
				for _, l := range splitList(removeLens) {
					if !slices.Contains(w.Lenses, l) {
						return opslens.Errorf(opslens.EINVALID, "lens %q is not applied to workload %q", l, argv[0])
					}
					w.Lenses = slices.DeleteFunc(w.Lenses, func(x string) bool { return x == l })
				}
				return nil
			})
			if err != nil {
				return err
			}
			if a.jsonOut() {
				return a.printJSON(w)
			}
			fmt.Fprintf(a.out, "Updated workload %s.\n", w.Name)
			return nil
		},
	}
	f.register(cmd.Flags(), false)
	cmd.Flags().StringVar(&rename, "name", "", "new name")
	cmd.Flags().StringSliceVar(&addLens, "add-lens", nil, "lens aliases to apply")
	cmd.Flags().StringSliceVar(&removeLens, "remove-lens", nil, "lens aliases to remove, with their answers")
	cmd.Flags().StringSliceVar(&removeTags, "remove-tag", nil, "tag keys to remove")
	return cmd
}

func (a *app) workloadDeleteCmd() *cobra.Command {
	var yes bool
	cmd := &cobra.Command{
		Use:     "delete <name>",
		Short:   "Delete a workload with its answers and milestones",
		Example: "  opslens workload delete payments --yes",
		Args:    args("name"),
		RunE: func(cmd *cobra.Command, argv []string) error {
			svc, w, err := a.workload(cmd.Context(), argv[0])
			if err != nil {
				return err
			}
			if !yes {
				if !isTerminal(a.in) {
					return opslens.Errorf(opslens.EINVALID, "deleting workload %q removes its answers and milestones; pass --yes to confirm", w.Name)
				}
				fmt.Fprintf(a.out, "Delete workload %s with all its answers and milestones? Type its name to confirm: ", w.Name)
				line, _ := bufio.NewReader(a.in).ReadString('\n')
				if strings.TrimSpace(line) != w.Name {
					return fmt.Errorf("not deleted: the name did not match")
				}
			}
			if err := svc.DeleteWorkload(cmd.Context(), w.Name); err != nil {
				return err
			}
			if !a.jsonOut() {
				fmt.Fprintf(a.out, "Deleted workload %s.\n", w.Name)
			}
			return nil
		},
	}
	cmd.Flags().BoolVarP(&yes, "yes", "y", false, "do not ask for confirmation")
	return cmd
}
