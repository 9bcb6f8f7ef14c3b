package storetest

import (
	"testing"

	"github.com/opslens/opslens"
)

var webhookTests = []test{
	{"CreateListDelete", testWebhooks},
}

func testWebhooks(t *testing.T, s opslens.Store) {
	h := &opslens.Webhook{URL: "https://hooks.example.com/opslens", Secret: "0123456789abcdef-secret", Events: []string{opslens.EventMilestoneRecorded, opslens.EventHighRisk}}
	must(t, s.CreateWebhook(t.Context(), h), "create")
	if h.ID == 0 || h.CreatedAt.IsZero() {
		t.Fatalf("created %+v", h)
	}
	for _, bad := range []opslens.Webhook{
		{URL: "ftp://x", Secret: h.Secret, Events: h.Events},
		{URL: h.URL, Secret: "short", Events: h.Events},
		{URL: h.URL, Secret: h.Secret, Events: []string{"workload.renamed"}},
		{URL: h.URL, Secret: h.Secret},
	} {
		wantCode(t, s.CreateWebhook(t.Context(), &bad), opslens.EINVALID, "webhook "+bad.URL)
	}
	got, err := s.Webhooks(t.Context())
	must(t, err, "list")
	if len(got) != 1 || !reflectEqual(got[0], *h) {
		t.Fatalf("webhooks: %+v, want %+v", got, *h)
	}
	must(t, s.DeleteWebhook(t.Context(), h.ID), "delete")
	wantCode(t, s.DeleteWebhook(t.Context(), h.ID), opslens.ENOTFOUND, "delete twice")
	if got, _ := s.Webhooks(t.Context()); len(got) != 0 {
		t.Fatalf("after delete: %+v", got)
	}
}
