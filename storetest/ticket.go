package storetest

import (
	"testing"

	"github.com/opslens/opslens"
)

var ticketTests = []test{
	{"ClaimOnce", testTicketsClaimOnce},
	{"Invalid", testTicketsInvalid},
}

// Keys are claimed once per workload and target: a second export gets
// only what is new, in the order asked, and another target or workload
// starts afresh.
func testTicketsClaimOnce(t *testing.T, s opslens.Store) {
	w := createWorkload(t, s, "payments", builtinLens)
	other := createWorkload(t, s, "ledger", builtinLens)
	first, err := s.ClaimTicketExports(t.Context(), w.ID, opslens.TicketsGitHub, []string{"k3", "k1", "k2", "k1"})
	must(t, err, "first export")
	if !reflectEqual(first, []string{"k3", "k1", "k2"}) {
		t.Fatalf("first export claimed %v, want [k3 k1 k2]", first)
	}
	again, err := s.ClaimTicketExports(t.Context(), w.ID, opslens.TicketsGitHub, []string{"k4", "k2", "k1", "k5"})
	must(t, err, "second export")
	if !reflectEqual(again, []string{"k4", "k5"}) {
		t.Fatalf("second export claimed %v, want [k4 k5]", again)
	}
	for _, c := range []struct {
		id     int64
		target string
	}{{w.ID, opslens.TicketsCSV}, {other.ID, opslens.TicketsGitHub}} {
		got, err := s.ClaimTicketExports(t.Context(), c.id, c.target, []string{"k1"})
		must(t, err, "export elsewhere")
		if !reflectEqual(got, []string{"k1"}) {
			t.Fatalf("workload %d, %s: claimed %v, want [k1]", c.id, c.target, got)
		}
	}
	list, err := s.TicketExports(t.Context(), w.ID)
	must(t, err, "list")
	if len(list) != 6 || list[0].Target != opslens.TicketsCSV || list[1].Key != "k1" || list[1].ExportedAt.IsZero() {
		t.Fatalf("exports of payments by target and key: %+v", list)
	}
	events, err := s.AuditEvents(t.Context(), opslens.AuditFilter{WorkloadID: w.ID, Limit: 1})
	must(t, err, "audit")
	if len(events) != 1 || events[0].Action != opslens.AuditTicketsExport || events[0].Target != opslens.TicketsCSV {
		t.Fatalf("the last export is not audited: %+v", events)
	}
	d, err := s.Dump(t.Context())
	must(t, err, "dump")
	if n := d.Counts().TicketExports; n != 7 {
		t.Fatalf("dumped exports: %d, want 7", n)
	}
}

func testTicketsInvalid(t *testing.T, s opslens.Store) {
	w := createWorkload(t, s, "payments", builtinLens)
	_, err := s.ClaimTicketExports(t.Context(), w.ID, "trello", []string{"k"})
	wantCode(t, err, opslens.EINVALID, "an unknown target")
	_, err = s.ClaimTicketExports(t.Context(), 9999, opslens.TicketsCSV, []string{"k"})
	wantCode(t, err, opslens.ENOTFOUND, "a missing workload")
	_, err = s.TicketExports(t.Context(), 9999)
	wantCode(t, err, opslens.ENOTFOUND, "exports of a missing workload")
}
