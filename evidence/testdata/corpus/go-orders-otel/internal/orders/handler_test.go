package orders

import (
	"net/http/httptest"
	"testing"

	"github.com/prometheus/client_golang/prometheus"
)

var testCounter = prometheus.NewCounter(prometheus.CounterOpts{Name: "test_requests_total"})

func TestCreateRejectsWithoutPayments(t *testing.T) {
	rec := httptest.NewRecorder()
	(Handler{}).Create(rec, httptest.NewRequest("POST", "/orders", nil))
	if rec.Code == 0 {
		t.Fatal("no status")
	}
}
