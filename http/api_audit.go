package http

import (
	"encoding/base64"
	"net/http"
	"strconv"
	"strings"

	"github.com/opslens/opslens"
	"github.com/opslens/opslens/api"
)

// apiAuditRoutes: the audit log, of one workload for anyone who may read
// it, and of everything for administrators.
func (s *Server) apiAuditRoutes() []route {
	return []route{
		{"GET", "/api/v1/workloads/{WorkloadId}/history", "ListWorkloadHistory", workloadRead, true, s.apiHistory},
		{"GET", "/api/v1/audit", "ListAuditEvents", adminOnly, true, s.apiAudit},
	}
}

func (s *Server) apiHistory(w http.ResponseWriter, r *request) error {
	return s.writeAudit(w, r, r.Workload.ID)
}

func (s *Server) apiAudit(w http.ResponseWriter, r *request) error {
	return s.writeAudit(w, r, 0)
}

// writeAudit pages through the log newest first. The log grows while a
// client pages, so the token names the last event seen rather than an
// offset (which would repeat events).
func (s *Server) writeAudit(w http.ResponseWriter, r *request, workloadID int64) error {
	pg, err := readPage(r, 50, 100) // MaxResults; NextToken is read below
	if err != nil && fieldOf(err) != "NextToken" {
		return err
	}
	before, err := auditCursor(r.URL.Query().Get("NextToken"))
	if err != nil {
		return err
	}
	events, err := s.accounts.History(r.Context(), opslens.AuditFilter{WorkloadID: workloadID, Before: before, Limit: pg.size + 1})
	if err != nil {
		return err
	}
	out := api.HistoryOutput{AuditEvents: []opslens.AuditEvent{}}
	if len(events) > pg.size {
		events = events[:pg.size]
		out.NextToken = base64.RawURLEncoding.EncodeToString([]byte("b:" + itoa(events[len(events)-1].ID)))
	}
	out.AuditEvents = append(out.AuditEvents, events...)
	writeJSON(w, http.StatusOK, out)
	return nil
}

// auditCursor reads the audit log's NextToken: the ID the next page is
// older than (0 for the first page).
func auditCursor(token string) (int64, error) {
	if token == "" {
		return 0, nil
	}
	b, err := base64.RawURLEncoding.DecodeString(token)
	id, err2 := strconv.ParseInt(strings.TrimPrefix(string(b), "b:"), 10, 64)
	if err != nil || err2 != nil || id <= 0 || !strings.HasPrefix(string(b), "b:") {
		return 0, invalidField("NextToken", "NextToken is not one this server gave")
	}
	return id, nil
}
