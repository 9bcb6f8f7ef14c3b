package storetest

import (
	"reflect"
	"testing"
	"time"

	"github.com/opslens/opslens"
)

var dumpTests = []struct {
	name string
	run  func(t *testing.T, a, b opslens.Store)
}{
	{"RoundTrip", testDumpRoundTrip},
	{"RestoreNeedsEmpty", testRestoreNeedsEmpty},
}

// fillStore writes one of everything a database holds.
func fillStore(t *testing.T, s opslens.Store) {
	t.Helper()
	must(t, s.CreateLens(t.Context(), lensRecord("custom-a", 1)), "create lens")
	ann := createUser(t, s, "ann", true)
	bob := createUser(t, s, "bob", false)
	ctx := opslens.WithActor(t.Context(), opslens.Actor{Name: "ann", UserID: ann.ID})
	w := sampleWorkload("payments", builtinLens, "custom-a")
	must(t, s.CreateWorkload(ctx, w), "create workload")
	a := answerSelected("q1", "c1", "c2")
	a.Risk, a.Notes = opslens.RiskMedium, "notes"
	putAnswers(t, s, w.ID, builtinLens, a)
	must(t, s.PutEvidence(ctx, w.ID, builtinLens, evidenceSet("github.com/acme/payments", "abc123", "c1")), "evidence")
	must(t, s.CreateMilestone(ctx, &opslens.Milestone{WorkloadID: w.ID, Name: "baseline"}), "milestone")
	must(t, s.PutShare(ctx, &opslens.Share{WorkloadID: w.ID, UserID: bob.ID, PermissionType: opslens.RoleContributor}), "share")
	must(t, s.CreateRepository(ctx, &opslens.Repository{WorkloadID: w.ID, Location: "https://git.example.com/acme/payments.git", Every: 24 * time.Hour, Apply: true}), "repository")
	_, err := s.ClaimTicketExports(ctx, w.ID, opslens.TicketsGitHub, []string{"opslens/1/OPS01_BP01"})
	must(t, err, "ticket export")
	must(t, s.CreateTemplate(ctx, &opslens.Template{Name: "company-wide", LensAlias: builtinLens, Answers: []opslens.Answer{answerSelected("q1", "c1")}}), "template")
	must(t, s.CreateWebhook(ctx, &opslens.Webhook{URL: "https://hooks.example.com/x", Secret: "0123456789abcdef", Events: []string{opslens.EventHighRisk}}), "webhook")
	createWorkload(t, s, "billing", builtinLens)
	must(t, s.DeleteWorkload(ctx, "billing"), "delete workload") // a gap in the IDs
	createWorkload(t, s, "search", builtinLens)
	must(t, s.CreateToken(t.Context(), &opslens.Token{UserID: bob.ID, Name: "ci", Hash: "h1", Prefix: "olt_x", ExpiresAt: time.Now().Add(time.Hour).UTC().Truncate(time.Millisecond)}), "token")
}

func testDumpRoundTrip(t *testing.T, a, b opslens.Store) {
	fillStore(t, a)
	d, err := a.Dump(t.Context())
	must(t, err, "dump")
	want := opslens.DumpCounts{Lenses: 1, Users: 2, Workloads: 2, Answers: 1, EvidenceSets: 1, Milestones: 1, Shares: 2, Repositories: 1, TicketExports: 1, Tokens: 1, AuditEvents: 16, Webhooks: 1, Templates: 1}
	if got := d.Counts(); got != want {
		t.Fatalf("dump counts %v, want %v", got, want)
	}
	must(t, b.Restore(t.Context(), d), "restore")
	d2, err := b.Dump(t.Context())
	must(t, err, "dump the copy")
	if !reflect.DeepEqual(normDump(d), normDump(d2)) {
		t.Fatalf("the copy differs from the original:\n got %+v\nwant %+v", d2, d)
	}
	// The copy is a working database: IDs continue after the copied ones,
	// and what referred to IDs still does.
	search, err := b.Workload(t.Context(), "search")
	must(t, err, "workload in the copy")
	w := createWorkload(t, b, "new-one", builtinLens)
	if w.ID <= search.ID {
		t.Fatalf("a new workload in the copy got ID %d, not after the copied %d", w.ID, search.ID)
	}
	bob, err := b.User(t.Context(), "bob")
	must(t, err, "user in the copy")
	if _, u, err := b.TokenByHash(t.Context(), "h1"); err != nil || u.ID != bob.ID {
		t.Fatalf("the copied token: %v %v", u, err)
	}
	u := createUser(t, b, "cy", false)
	if u.ID <= bob.ID {
		t.Fatalf("a new user in the copy got ID %d, not after the copied %d", u.ID, bob.ID)
	}
	copied := d.Workloads[0].Repositories[0]
	r := &opslens.Repository{WorkloadID: w.ID, Location: "/srv/new"}
	must(t, b.CreateRepository(t.Context(), r), "repository in the copy")
	if r.ID <= copied.ID {
		t.Fatalf("a new repository in the copy got ID %d, not after the copied %d", r.ID, copied.ID)
	}
}

// normDump drops what a store may rewrite without meaning anything (the
// token's last use is written when the token is used).
func normDump(d *opslens.Dump) *opslens.Dump {
	c := *d
	c.Tokens = append([]opslens.Token(nil), d.Tokens...)
	for i := range c.Tokens {
		c.Tokens[i].LastUsedAt = time.Time{}
	}
	return &c
}

func testRestoreNeedsEmpty(t *testing.T, a, b opslens.Store) {
	fillStore(t, a)
	d, err := a.Dump(t.Context())
	must(t, err, "dump")
	createWorkload(t, b, "already-here", builtinLens)
	wantCode(t, b.Restore(t.Context(), d), opslens.ECONFLICT, "restore into a database that is not empty")
	got, err := b.Workloads(t.Context())
	must(t, err, "workloads")
	if len(got) != 1 {
		t.Fatalf("a refused restore changed the database: %d workloads", len(got))
	}
}
