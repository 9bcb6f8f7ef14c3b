package http

import (
	"net/http"
	"strings"

	"github.com/opslens/opslens"
	"github.com/opslens/opslens/api"
)

// apiTemplateRoutes: review templates are the organisation's settled
// answers, so everyone may use them and administrators make them.
func (s *Server) apiTemplateRoutes() []route {
	return []route{
		{"GET", "/api/v1/templates", "ListTemplates", signedIn, true, s.apiListTemplates},
		{"POST", "/api/v1/templates", "CreateTemplate", adminOnly, true, s.apiCreateTemplate},
		{"DELETE", "/api/v1/templates/{TemplateName}", "DeleteTemplate", adminOnly, true, s.apiDeleteTemplate},
	}
}

func (s *Server) apiListTemplates(w http.ResponseWriter, r *request) error {
	ts, err := s.store.Templates(r.Context())
	if err != nil {
		return err
	}
	if ts == nil {
		ts = []opslens.Template{}
	}
	writeJSON(w, http.StatusOK, api.ListTemplatesOutput{Templates: ts})
	return nil
}

func (s *Server) apiCreateTemplate(w http.ResponseWriter, r *request) error {
	var in api.CreateTemplateInput
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	t, err := s.templateFrom(r, in.TemplateName, in.Description, in.FromWorkloadId, in.QuestionIds)
	if err != nil {
		return err
	}
	w.Header().Set("Location", "/api/v1/templates/"+t.Name)
	writeJSON(w, http.StatusCreated, api.TemplateOutput{Template: *t})
	return nil
}

// templateFrom makes a template from a workload, for the API and the form.
func (s *Server) templateFrom(r *request, name, description string, workloadID int64, questions []string) (*opslens.Template, error) {
	if workloadID <= 0 {
		return nil, invalidField("FromWorkloadId", "FromWorkloadId names the workload whose answers the template holds")
	}
	wl, err := s.reviews.WorkloadByID(r.Context(), workloadID)
	if opslens.ErrorCode(err) == opslens.ENOTFOUND {
		return nil, invalidField("FromWorkloadId", "there is no workload with ID %d", workloadID)
	}
	if err != nil {
		return nil, err
	}
	t, err := s.reviews.TemplateFrom(r.Context(), wl, "", strings.TrimSpace(name), description, questions)
	if err != nil {
		return nil, withField("TemplateName", err)
	}
	return t, nil
}

func (s *Server) apiDeleteTemplate(w http.ResponseWriter, r *request) error {
	if err := s.store.DeleteTemplate(r.Context(), r.PathValue("TemplateName")); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}
