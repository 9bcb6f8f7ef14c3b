package http

import (
	"errors"
	"strings"

	"github.com/opslens/opslens"
	"github.com/opslens/opslens/api"
	"github.com/opslens/opslens/review"
)

// applyWorkloadUpdate copies the fields given onto w; env is the parsed
// Environment when one was given.
func applyWorkloadUpdate(in *api.UpdateWorkloadInput, w *opslens.Workload, env opslens.Environment) {
	set := func(dst *string, src *string) {
		if src != nil {
			*dst = *src
		}
	}
	if in.WorkloadName != nil {
		w.Name = strings.TrimSpace(*in.WorkloadName)
	}
	set(&w.Description, in.Description)
	set(&w.Owner, in.Owner)
	set(&w.ReviewOwner, in.ReviewOwner)
	set(&w.ArchitecturalDesign, in.ArchitecturalDesign)
	set(&w.Industry, in.Industry)
	set(&w.IndustryType, in.IndustryType)
	set(&w.Notes, in.Notes)
	if env != "" {
		w.Environment = env
	}
	if in.Locations != nil {
		w.Locations = *in.Locations
	}
	if in.Tags != nil {
		w.Tags = *in.Tags
	}
	if in.PillarPriorities != nil {
		w.PillarPriorities = *in.PillarPriorities
	}
	if in.Profile != nil {
		w.Profile = *in.Profile
	}
	if in.Lenses != nil {
		w.Lenses = *in.Lenses
	}
}

// workloadProbes are the fields Workload.Validate checks, each with how
// to copy it onto a valid workload: validating one field at a time names
// the field at fault without a second copy of the rules.
var workloadProbes = []struct {
	field string
	copy  func(dst, src *opslens.Workload)
}{
	{"WorkloadName", func(d, s *opslens.Workload) { d.Name = s.Name }},
	{"Description", func(d, s *opslens.Workload) { d.Description = s.Description }},
	{"Environment", func(d, s *opslens.Workload) { d.Environment = s.Environment }},
	{"Notes", func(d, s *opslens.Workload) { d.Notes = s.Notes }},
	{"ArchitecturalDesign", func(d, s *opslens.Workload) { d.ArchitecturalDesign = s.ArchitecturalDesign }},
	{"Tags", func(d, s *opslens.Workload) { d.Tags = s.Tags }},
	{"Lenses", func(d, s *opslens.Workload) { d.Lenses = s.Lenses }},
}

// workloadError names the field of a refused workload: an unknown lens is
// bad input here (400), not a missing resource.
func workloadError(w *opslens.Workload, err error) error {
	msg := err.Error()
	var se *staleError
	switch {
	case errors.As(err, &se):
		return err
	case opslens.ErrorCode(err) == opslens.ENOTFOUND && strings.HasPrefix(msg, "lens "):
		return invalidField("Lenses", "%s", msg)
	case opslens.ErrorCode(err) != opslens.EINVALID:
		return err
	case strings.HasPrefix(msg, "pillar priority"):
		return withField("PillarPriorities", err)
	case strings.HasPrefix(msg, "lens "):
		return withField("Lenses", err)
	}
	for _, p := range workloadProbes {
		probe := opslens.Workload{Name: "probe", Environment: opslens.EnvProduction, Lenses: []string{review.DefaultLens}}
		p.copy(&probe, w)
		if probe.Validate() != nil {
			return withField(p.field, err)
		}
	}
	return err
}
