package http

import (
	"fmt"
	"net/http"
	"sort"
	"strconv"
	"strings"

	"github.com/opslens/opslens"
	"github.com/opslens/opslens/review"
)

func (s *Server) uiWorkloadRoutes() []route {
	return []route{
		{"GET", "/workloads/new", "NewWorkloadPage", signedIn, false, s.uiNewWorkload},
		{"POST", "/workloads", "CreateWorkloadForm", signedIn, false, s.uiCreateWorkload},
		{"GET", "/workloads/{WorkloadId}", "WorkloadPage", workloadRead, false, s.uiWorkload},
		{"GET", "/workloads/{WorkloadId}/edit", "EditWorkloadPage", workloadWrite, false, s.uiEditWorkload},
		{"POST", "/workloads/{WorkloadId}/edit", "UpdateWorkloadForm", workloadWrite, false, s.uiUpdateWorkload},
		{"POST", "/workloads/{WorkloadId}/delete", "DeleteWorkloadForm", workloadOwner, false, s.uiDeleteWorkload},
	}
}

// workloadForm is the create and edit form as the user typed it, so a
// rejected form comes back with every field kept.
type workloadForm struct {
	Name, Description, Environment, Owner, ReviewOwner string
	Locations, Design, Industry, IndustryType          string
	Tags, Notes, Priorities                            string
	Lenses                                             []string
	Version                                            int64
	Error                                              string
	Available                                          []review.LensInfo
	Workload                                           *opslens.Workload // nil when creating
	Template                                           string            // start from this template
	Templates                                          []opslens.Template
	Profile                                            opslens.Profile
	ProfileQuestions                                   []opslens.ProfileQuestion
}

func formOfWorkload(w *opslens.Workload) workloadForm {
	return workloadForm{Name: w.Name, Description: w.Description, Environment: string(w.Environment),
		Owner: w.Owner, ReviewOwner: w.ReviewOwner, Locations: strings.Join(w.Locations, ", "),
		Design: w.ArchitecturalDesign, Industry: w.Industry, IndustryType: w.IndustryType,
		Tags: strings.Join(tagLines(w.Tags), "\n"), Notes: w.Notes,
		Priorities: strings.Join(w.PillarPriorities, ", "), Lenses: w.Lenses, Version: w.Version, Workload: w, Profile: w.Profile}
}

func readWorkloadForm(r *request) workloadForm {
	f := func(k string) string { return strings.TrimSpace(r.PostFormValue(k)) }
	v, _ := strconv.ParseInt(f("version"), 10, 64)
	profile := opslens.Profile{}
	for _, q := range opslens.ProfileQuestions {
		if v := f("profile_" + q.Key); v != "" {
			profile[q.Key] = v
		}
	}
	return workloadForm{Profile: profile, Name: f("name"), Description: f("description"), Environment: f("environment"),
		Owner: f("owner"), ReviewOwner: f("review_owner"), Locations: f("locations"), Design: f("design"),
		Industry: f("industry"), IndustryType: f("industry_type"), Tags: f("tags"), Notes: f("notes"),
		Priorities: f("priorities"), Lenses: r.PostForm["lens"], Version: v, Template: f("template")}
}

// apply sets the form's fields on w; the service validates the result
// with the same rules as the CLI.
func (f workloadForm) apply(w *opslens.Workload) error {
	env, err := opslens.ParseEnvironment(f.Environment)
	if err != nil {
		return invalidField("environment", "%s", publicError(err, "").Message)
	}
	tags := map[string]string{}
	for _, line := range strings.Split(f.Tags, "\n") {
		if line = strings.TrimSpace(line); line == "" {
			continue
		}
		k, v, ok := strings.Cut(line, "=")
		if !ok || strings.TrimSpace(k) == "" {
			return invalidField("tags", "tag %q must be key=value, one per line", line)
		}
		tags[strings.TrimSpace(k)] = strings.TrimSpace(v)
	}
	if len(f.Lenses) == 0 {
		return invalidField("lens", "choose at least one lens")
	}
	w.Name, w.Description, w.Environment = f.Name, f.Description, env
	w.Owner, w.ReviewOwner, w.ArchitecturalDesign = f.Owner, f.ReviewOwner, f.Design
	w.Industry, w.IndustryType, w.Notes = f.Industry, f.IndustryType, f.Notes
	w.Locations, w.PillarPriorities, w.Tags, w.Lenses = splitComma(f.Locations), splitComma(f.Priorities), tags, f.Lenses
	if err := f.Profile.Validate(); err != nil {
		return invalidField("profile", "%s", err.Error())
	}
	w.Profile = f.Profile
	if len(w.Profile) == 0 {
		w.Profile = nil
	}
	return nil
}

func splitComma(s string) []string {
	var out []string
	for _, p := range strings.Split(s, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// tagLines renders tags as sorted key=value lines.
func tagLines(tags map[string]string) []string {
	out := make([]string, 0, len(tags))
	for k, v := range tags {
		out = append(out, k+"="+v)
	}
	sort.Strings(out)
	return out
}

// renderWorkloadForm shows the create or edit form, with err's message
// when the last try was refused.
func (s *Server) renderWorkloadForm(w http.ResponseWriter, r *request, status int, f workloadForm) error {
	lenses, err := s.reviews.Lenses(r.Context())
	if err != nil {
		return err
	}
	f.Available, f.ProfileQuestions = lenses, opslens.ProfileQuestions
	if f.Workload == nil {
		if f.Templates, err = s.store.Templates(r.Context()); err != nil {
			return err
		}
	}
	title := "New workload"
	if f.Workload != nil {
		title = "Edit " + f.Workload.Name
	}
	return s.render(w, r, status, "workload_form.html", title, f)
}

func (s *Server) uiNewWorkload(w http.ResponseWriter, r *request) error {
	return s.renderWorkloadForm(w, r, http.StatusOK, workloadForm{Environment: string(opslens.EnvProduction),
		Lenses: []string{review.DefaultLens}})
}

func (s *Server) uiCreateWorkload(w http.ResponseWriter, r *request) error {
	f := readWorkloadForm(r)
	wl := &opslens.Workload{}
	err := f.apply(wl)
	switch {
	case err == nil && f.Template != "":
		_, err = s.reviews.CreateWorkloadFromTemplate(r.Context(), wl, f.Template)
	case err == nil:
		err = s.reviews.CreateWorkload(r.Context(), wl)
	}
	if status, msg, ok := formProblem(err); ok {
		f.Error = msg
		return s.renderWorkloadForm(w, r, status, f)
	} else if err != nil {
		return err
	}
	s.flash(r, "Workload created. You own it; share it from its page.")
	return redirect(w, r, workloadPath(wl, ""))
}

func (s *Server) uiEditWorkload(w http.ResponseWriter, r *request) error {
	return s.renderWorkloadForm(w, r, http.StatusOK, formOfWorkload(r.Workload))
}

// uiUpdateWorkload saves the form only if nobody saved the workload since
// the form was shown (its hidden version), so an edit never silently
// undoes someone else's.
func (s *Server) uiUpdateWorkload(w http.ResponseWriter, r *request) error {
	f := readWorkloadForm(r)
	f.Workload = r.Workload
	_, err := s.reviews.UpdateWorkload(r.Context(), r.Workload, func(cur *opslens.Workload) error {
		if cur.Version != f.Version {
			return opslens.Errorf(opslens.ECONFLICT, "someone saved this workload while you edited it (now version %d); "+
				"the form shows your input: compare it with the workload's page and save again", cur.Version)
		}
		return f.apply(cur)
	})
	if status, msg, ok := formProblem(err); ok {
		f.Error = msg
		if status == http.StatusConflict {
			f.Version = r.Workload.Version
		}
		return s.renderWorkloadForm(w, r, status, f)
	} else if err != nil {
		return err
	}
	s.flash(r, "Workload saved.")
	return redirect(w, r, workloadPath(r.Workload, ""))
}

func (s *Server) uiDeleteWorkload(w http.ResponseWriter, r *request) error {
	if r.PostFormValue("confirm") != r.Workload.Name {
		return invalidField("confirm", "type the workload's name to confirm its deletion")
	}
	if err := s.reviews.DeleteWorkload(r.Context(), r.Workload.Name); err != nil {
		return err
	}
	s.flash(r, fmt.Sprintf("Workload %s deleted.", r.Workload.Name))
	return redirect(w, r, "/")
}

// workloadPage is a workload's facts and the progress of its reviews.
type workloadPage struct {
	W               *opslens.Workload
	Role            opslens.Role
	CanWrite, Owner bool
	Tags            []string
	Reviews         []lensProgress
}

type lensProgress struct {
	*review.LensResult
	Answered, Total int
}

func (s *Server) uiWorkload(w http.ResponseWriter, r *request) error {
	res, err := s.reviews.Evaluate(r.Context(), r.Workload)
	if err != nil {
		return err
	}
	p := workloadPage{W: r.Workload, Role: r.Role, CanWrite: r.Role.Rank() >= opslens.RoleContributor.Rank(),
		Owner: r.Role == opslens.RoleOwner, Tags: tagLines(r.Workload.Tags)}
	for _, lr := range res {
		total := 0
		for _, n := range lr.Counts {
			total += n
		}
		p.Reviews = append(p.Reviews, lensProgress{lr, total - lr.Counts[opslens.RiskUnanswered], total})
	}
	return s.render(w, r, http.StatusOK, "workload.html", r.Workload.Name, p)
}
