package http

import (
	"net/http"

	"github.com/opslens/opslens"
	"github.com/opslens/opslens/review"
)

func (s *Server) uiDashboardRoutes() []route {
	return []route{
		{"GET", "/{$}", "Dashboard", signedIn, false, s.uiDashboard},
	}
}

type dashboardData struct {
	Rows []review.PortfolioRow
}

func (s *Server) uiDashboard(w http.ResponseWriter, r *request) error {
	rows, err := s.reviews.Portfolio(r.Context(), opslens.SummaryFilter{UserID: r.User.ID, All: r.User.Admin})
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "dashboard.html", "Portfolio", dashboardData{Rows: rows})
}
