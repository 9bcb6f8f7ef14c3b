package api

import (
	"net/http/httptest"
	"testing"
)

func TestOrders(t *testing.T) {
	rec := httptest.NewRecorder()
	Routes().ServeHTTP(rec, httptest.NewRequest("GET", "/orders", nil))
	if rec.Code != 200 {
		t.Fatal(rec.Code)
	}
}
