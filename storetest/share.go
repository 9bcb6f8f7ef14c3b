package storetest

import (
	"testing"

	"github.com/opslens/opslens"
)

var shareTests = []test{
	{"CreatorOwns", testShareCreatorOwns},
	{"PutChangeDelete", testSharePutChangeDelete},
	{"LastOwner", testShareLastOwner},
	{"Invalid", testShareInvalid},
	{"SummariesVisibility", testSummariesVisibility},
	{"SummariesRisks", testSummariesRisks},
}

func testShareCreatorOwns(t *testing.T, s opslens.Store) {
	ann := createUser(t, s, "ann", false)
	ctx := opslens.WithActor(t.Context(), opslens.Actor{Name: ann.Name, UserID: ann.ID})
	w := sampleWorkload("payments", builtinLens)
	must(t, s.CreateWorkload(ctx, w), "create workload as ann")
	role, err := s.Role(t.Context(), w.ID, ann.ID)
	must(t, err, "role")
	if role != opslens.RoleOwner {
		t.Fatalf("creator's role: %q, want OWNER", role)
	}
	// A CLI actor has no user: the workload has no owner share.
	cli := opslens.WithActor(t.Context(), opslens.Actor{Name: "cli:root"})
	w2 := sampleWorkload("billing", builtinLens)
	must(t, s.CreateWorkload(cli, w2), "create workload from the CLI")
	shares, err := s.Shares(t.Context(), w2.ID)
	must(t, err, "shares")
	if len(shares) != 0 {
		t.Fatalf("a CLI-created workload has shares: %+v", shares)
	}
}

func testSharePutChangeDelete(t *testing.T, s opslens.Store) {
	ann, bob, cy := createUser(t, s, "ann", false), createUser(t, s, "bob", false), createUser(t, s, "cy", false)
	w := createWorkload(t, s, "payments", builtinLens)
	for _, sh := range []opslens.Share{
		{WorkloadID: w.ID, UserID: ann.ID, PermissionType: opslens.RoleOwner},
		{WorkloadID: w.ID, UserID: cy.ID, PermissionType: opslens.RoleReadonly},
		{WorkloadID: w.ID, UserID: bob.ID, PermissionType: opslens.RoleReadonly},
	} {
		must(t, s.PutShare(t.Context(), &sh), "share with "+string(sh.PermissionType))
	}
	must(t, s.PutShare(t.Context(), &opslens.Share{WorkloadID: w.ID, UserID: bob.ID, PermissionType: opslens.RoleContributor}), "change bob's role")
	shares, err := s.Shares(t.Context(), w.ID)
	must(t, err, "shares")
	var got []string
	for _, sh := range shares {
		got = append(got, sh.SharedWith+"="+string(sh.PermissionType))
	}
	if !reflectEqual(got, []string{"ann=OWNER", "bob=CONTRIBUTOR", "cy=READONLY"}) {
		t.Fatalf("shares, owners first then by role and name: %v", got)
	}
	must(t, s.DeleteShare(t.Context(), w.ID, bob.ID), "unshare bob")
	if r, _ := s.Role(t.Context(), w.ID, bob.ID); r != "" {
		t.Fatalf("bob's role after unsharing: %q", r)
	}
	wantCode(t, s.DeleteShare(t.Context(), w.ID, bob.ID), opslens.ENOTFOUND, "unshare twice")
	must(t, s.DeleteWorkload(t.Context(), w.Name), "delete workload")
	if r, _ := s.Role(t.Context(), w.ID, ann.ID); r != "" {
		t.Fatalf("a deleted workload's share remains: %q", r)
	}
}

func testShareLastOwner(t *testing.T, s opslens.Store) {
	ann, bob := createUser(t, s, "ann", false), createUser(t, s, "bob", false)
	w := createWorkload(t, s, "payments", builtinLens)
	must(t, s.PutShare(t.Context(), &opslens.Share{WorkloadID: w.ID, UserID: ann.ID, PermissionType: opslens.RoleOwner}), "owner")
	wantCode(t, s.PutShare(t.Context(), &opslens.Share{WorkloadID: w.ID, UserID: ann.ID, PermissionType: opslens.RoleReadonly}),
		opslens.ECONFLICT, "demote the last owner")
	wantCode(t, s.DeleteShare(t.Context(), w.ID, ann.ID), opslens.ECONFLICT, "remove the last owner")
	must(t, s.PutShare(t.Context(), &opslens.Share{WorkloadID: w.ID, UserID: bob.ID, PermissionType: opslens.RoleOwner}), "second owner")
	must(t, s.DeleteShare(t.Context(), w.ID, ann.ID), "remove an owner while another remains")
}

func testShareInvalid(t *testing.T, s opslens.Store) {
	ann := createUser(t, s, "ann", false)
	w := createWorkload(t, s, "payments", builtinLens)
	wantCode(t, s.PutShare(t.Context(), &opslens.Share{WorkloadID: w.ID, UserID: ann.ID, PermissionType: "ADMIN"}), opslens.EINVALID, "unknown role")
	wantCode(t, s.PutShare(t.Context(), &opslens.Share{WorkloadID: 9999, UserID: ann.ID, PermissionType: opslens.RoleOwner}), opslens.ENOTFOUND, "unknown workload")
	wantCode(t, s.PutShare(t.Context(), &opslens.Share{WorkloadID: w.ID, UserID: 9999, PermissionType: opslens.RoleOwner}), opslens.ENOTFOUND, "unknown user")
	_, err := s.Shares(t.Context(), 9999)
	wantCode(t, err, opslens.ENOTFOUND, "shares of an unknown workload")
}

func testSummariesVisibility(t *testing.T, s opslens.Store) {
	ann, bob := createUser(t, s, "ann", false), createUser(t, s, "bob", false)
	a := createWorkload(t, s, "alpha", builtinLens)
	b := createWorkload(t, s, "beta", builtinLens)
	createWorkload(t, s, "gamma", builtinLens)
	must(t, s.PutShare(t.Context(), &opslens.Share{WorkloadID: b.ID, UserID: ann.ID, PermissionType: opslens.RoleReadonly}), "share beta")
	must(t, s.PutShare(t.Context(), &opslens.Share{WorkloadID: a.ID, UserID: ann.ID, PermissionType: opslens.RoleOwner}), "share alpha")
	list := func(f opslens.SummaryFilter) []string {
		sums, err := s.WorkloadSummaries(t.Context(), f)
		must(t, err, "summaries")
		var out []string
		for _, x := range sums {
			out = append(out, x.Workload.Name+":"+string(x.Role))
			if len(x.Workload.Lenses) != 1 {
				t.Fatalf("summary of %s has lenses %v", x.Workload.Name, x.Workload.Lenses)
			}
		}
		return out
	}
	if got := list(opslens.SummaryFilter{UserID: ann.ID}); !reflectEqual(got, []string{"alpha:OWNER", "beta:READONLY"}) {
		t.Fatalf("ann's workloads: %v", got)
	}
	if got := list(opslens.SummaryFilter{UserID: bob.ID}); len(got) != 0 {
		t.Fatalf("bob sees workloads nobody shared with him: %v", got)
	}
	if got := list(opslens.SummaryFilter{UserID: ann.ID, All: true}); !reflectEqual(got, []string{"alpha:OWNER", "beta:READONLY", "gamma:"}) {
		t.Fatalf("all workloads with ann's roles: %v", got)
	}
}

func testSummariesRisks(t *testing.T, s opslens.Store) {
	w := createWorkload(t, s, "alpha", builtinLens)
	high := answerSelected("q1", "c1")
	high.Risk = opslens.RiskHigh
	high2 := answerSelected("q2", "c1")
	high2.Risk = opslens.RiskHigh
	none := answerSelected("q3", "c1", "c2")
	none.Risk = opslens.RiskNone
	legacy := answerSelected("q4", "c1") // saved without a risk, as before risks were stored
	putAnswers(t, s, w.ID, builtinLens, high, high2, none)
	sums, err := s.WorkloadSummaries(t.Context(), opslens.SummaryFilter{All: true})
	must(t, err, "summaries")
	want := map[string]map[opslens.Risk]int{builtinLens: {opslens.RiskHigh: 2, opslens.RiskNone: 1}}
	if len(sums) != 1 || !reflectEqual(sums[0].Risks, want) || sums[0].Stale {
		t.Fatalf("risks: %+v stale %v, want %v", sums[0].Risks, sums[0].Stale, want)
	}
	got, err := s.Answers(t.Context(), w.ID, builtinLens)
	must(t, err, "answers")
	if got[0].Risk != opslens.RiskHigh {
		t.Fatalf("stored risk read back as %q", got[0].Risk)
	}
	putAnswers(t, s, w.ID, builtinLens, legacy)
	sums, err = s.WorkloadSummaries(t.Context(), opslens.SummaryFilter{All: true})
	must(t, err, "summaries")
	if !sums[0].Stale {
		t.Fatal("an answer without a stored risk must mark the summary stale")
	}
}
