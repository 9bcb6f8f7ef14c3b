package main

import (
	"net/http"
	"net/http/httptest"
	"testing"
)

func TestCharge(t *testing.T) {
	rec := httptest.NewRecorder()
	charge(rec, httptest.NewRequest(http.MethodPost, "/charge", nil))
	if rec.Code != http.StatusAccepted {
		t.Fatalf("status %d", rec.Code)
	}
}
