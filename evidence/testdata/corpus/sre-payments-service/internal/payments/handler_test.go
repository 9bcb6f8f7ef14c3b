package payments

import (
	"log/slog"
	"net/http"
	"net/http/httptest"
	"testing"
)

func TestHandlerRejectsGet(t *testing.T) {
	h := NewHandler(slog.Default())
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/payments", nil))
	if rec.Code != http.StatusMethodNotAllowed {
		t.Fatalf("code = %d", rec.Code)
	}
}
