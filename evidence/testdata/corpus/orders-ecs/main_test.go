package main

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

func TestHandleOrdersRejectsGet(t *testing.T) {
	rec := httptest.NewRecorder()
	handleOrders(rec, httptest.NewRequest(http.MethodGet, "/orders", nil))
	if rec.Code != http.StatusMethodNotAllowed {
		t.Fatalf("status = %d", rec.Code)
	}
}

func TestHandleOrdersCreates(t *testing.T) {
	rec := httptest.NewRecorder()
	handleOrders(rec, httptest.NewRequest(http.MethodPost, "/orders", strings.NewReader(`{"id":"a","total":3}`)))
	if rec.Code != http.StatusCreated {
		t.Fatalf("status = %d", rec.Code)
	}
}
