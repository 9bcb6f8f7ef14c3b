package http

import (
	"io"
	"net/http"

	"github.com/opslens/opslens/lens"
	"github.com/opslens/opslens/review"
)

func (s *Server) uiLensRoutes() []route {
	return []route{
		{"GET", "/lenses", "LensesPage", signedIn, false, s.uiLenses},
		{"POST", "/lenses", "ImportLensForm", adminOnly, false, s.uiImportLens},
		{"GET", "/lenses/{LensAlias}/export", "ExportLensDownload", signedIn, false, s.uiExportLens},
		{"POST", "/lenses/{LensAlias}/delete", "DeleteLensForm", adminOnly, false, s.uiDeleteLens},
	}
}

type lensesPage struct {
	Lenses  []review.LensInfo
	Admin   bool
	Alias   string
	Replace bool
	Error   string
}

func (s *Server) renderLenses(w http.ResponseWriter, r *request, status int, p lensesPage) error {
	ls, err := s.reviews.Lenses(r.Context())
	if err != nil {
		return err
	}
	p.Lenses, p.Admin = ls, r.User.Admin
	return s.render(w, r, status, "lenses.html", "Lenses", p)
}

func (s *Server) uiLenses(w http.ResponseWriter, r *request) error {
	return s.renderLenses(w, r, http.StatusOK, lensesPage{})
}

// uiImportLens reads an uploaded lens file (the body limit for /lenses is
// larger than for other forms, see limits).
func (s *Server) uiImportLens(w http.ResponseWriter, r *request) error {
	p := lensesPage{Alias: r.FormValue("alias"), Replace: r.FormValue("replace") != ""}
	data, err := readUpload(r, "file")
	if err == nil {
		if _, perr := lens.Parse(data); perr != nil {
			err = invalidField("file", "the file is not a valid lens: %v", perr)
		}
	}
	var alias string
	if err == nil {
		alias, _, err = s.reviews.ImportLens(r.Context(), data, p.Alias, p.Replace)
	}
	if status, msg, ok := formProblem(err); ok {
		p.Error = msg
		return s.renderLenses(w, r, status, p)
	} else if err != nil {
		return err
	}
	s.flash(r, "Lens "+alias+" imported.")
	return redirect(w, r, "/lenses")
}

// readUpload reads one uploaded file of a multipart form.
func readUpload(r *request, field string) ([]byte, error) {
	if err := r.ParseMultipartForm(8 << 20); err != nil {
		return nil, invalidField(field, "send the lens as a file upload of at most 8 MiB")
	}
	f, _, err := r.FormFile(field)
	if err != nil {
		return nil, invalidField(field, "choose a lens file to import")
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, lens.MaxBytes+1))
	if err != nil {
		return nil, invalidField(field, "the upload could not be read")
	}
	return data, nil
}

// uiExportLens downloads a lens as custom lens JSON; ?format=aws drops
// the opslens fields for the AWS tool.
func (s *Server) uiExportLens(w http.ResponseWriter, r *request) error {
	format := r.URL.Query().Get("format")
	if format == "" {
		format = string(lens.FormatOpslens)
	}
	f, err := lens.ParseFormat(format)
	if err != nil {
		return err
	}
	alias := r.PathValue("LensAlias")
	l, err := s.reviews.Lens(r.Context(), alias)
	if err != nil {
		return err
	}
	data, err := l.Export(f)
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="`+fileSlug(alias)+"-"+string(f)+`.json"`)
	_, err = w.Write(data)
	return err
}

func (s *Server) uiDeleteLens(w http.ResponseWriter, r *request) error {
	alias := r.PathValue("LensAlias")
	err := s.reviews.DeleteLens(r.Context(), alias)
	if status, msg, ok := formProblem(err); ok {
		return s.renderLenses(w, r, status, lensesPage{Error: msg})
	} else if err != nil {
		return err
	}
	s.flash(r, "Lens "+alias+" deleted.")
	return redirect(w, r, "/lenses")
}
