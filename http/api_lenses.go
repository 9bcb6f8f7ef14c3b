package http

import (
	"errors"
	"net/http"
	"strings"

	"github.com/opslens/opslens"
	"github.com/opslens/opslens/api"
	"github.com/opslens/opslens/lens"
)

// apiLensRoutes: the lens catalogue. Anyone signed in reads and exports
// lenses; administrators import and delete them, since a lens is shared
// by every workload that applies it.
func (s *Server) apiLensRoutes() []route {
	return []route{
		{"GET", "/api/v1/lenses", "ListLenses", signedIn, true, s.apiListLenses},
		{"POST", "/api/v1/lenses", "ImportLens", adminOnly, true, s.apiImportLens},
		{"GET", "/api/v1/lenses/{LensAlias}/export", "ExportLens", signedIn, true, s.apiExportLens},
		{"DELETE", "/api/v1/lenses/{LensAlias}", "DeleteLens", adminOnly, true, s.apiDeleteLens},
	}
}

func (s *Server) apiListLenses(w http.ResponseWriter, r *request) error {
	pg, err := readPage(r, 50, 100)
	if err != nil {
		return err
	}
	infos, err := s.reviews.Lenses(r.Context())
	if err != nil {
		return err
	}
	var all []api.LensInfo
	for _, in := range infos {
		all = append(all, api.LensInfoOf(in))
	}
	var out api.ListLensesOutput
	out.LensSummaries, out.NextToken = pageOf(pg, all)
	writeJSON(w, http.StatusOK, out)
	return nil
}

// apiExportLens returns the lens document: the AWS custom lens format by
// default, or Format=opslens with our levels and guidance.
func (s *Server) apiExportLens(w http.ResponseWriter, r *request) error {
	f := lens.FormatAWS
	if v := r.URL.Query().Get("Format"); v != "" {
		var err error
		if f, err = lens.ParseFormat(strings.ToLower(v)); err != nil {
			return withField("Format", err)
		}
	}
	l, err := s.reviews.Lens(r.Context(), r.PathValue("LensAlias"))
	if err != nil {
		return err
	}
	b, err := l.Export(f)
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="`+unsafeFileChars.ReplaceAllString(r.PathValue("LensAlias"), "_")+`.json"`)
	_, err = w.Write(b)
	return err
}

// apiImportLens validates and stores a lens document (AWS's JSONString).
func (s *Server) apiImportLens(w http.ResponseWriter, r *request) error {
	var in api.ImportLensInput
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	if strings.TrimSpace(in.JSONString) == "" {
		return invalidField("JSONString", "JSONString must hold the lens document")
	}
	alias, l, err := s.reviews.ImportLens(r.Context(), []byte(in.JSONString), in.LensAlias, in.Replace)
	var ve *lens.ValidationError
	if errors.As(err, &ve) {
		return invalidField("JSONString", "%s", ve.Error())
	}
	if err != nil {
		if strings.HasPrefix(err.Error(), "lens alias") {
			return withField("LensAlias", err)
		}
		return withField("JSONString", err)
	}
	w.Header().Set("Location", "/api/v1/lenses/"+alias+"/export")
	writeJSON(w, http.StatusCreated, api.ImportLensOutput{LensAlias: alias, LensName: l.Name})
	return nil
}

// apiDeleteLens removes a custom lens no workload or milestone uses.
func (s *Server) apiDeleteLens(w http.ResponseWriter, r *request) error {
	alias := r.PathValue("LensAlias")
	if _, err := s.reviews.Lens(r.Context(), alias); err != nil {
		return err
	}
	if err := s.reviews.DeleteLens(r.Context(), alias); err != nil {
		if opslens.ErrorCode(err) == opslens.EINVALID {
			return opslens.Errorf(opslens.ECONFLICT, "%s", err.Error())
		}
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}
