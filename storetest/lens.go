package storetest

import (
	"bytes"
	"fmt"
	"testing"
	"time"

	"github.com/opslens/opslens"
)

var lensTests = []test{
	{"CreateGetList", testLensCreateGetList},
	{"Duplicate", testLensDuplicate},
	{"Replace", testLensReplace},
	{"Delete", testLensDelete},
	{"NotFound", testLensNotFound},
	{"InUse", testLensInUse},
}

// lensAt is a fixed import time with sub-millisecond digits and a non-UTC
// zone, so stores must normalise rather than echo it.
var lensAt = time.Date(2024, 3, 1, 10, 30, 0, 123456789, time.FixedZone("CET", 3600))

func lensRecord(alias string, version int) opslens.LensRecord {
	return opslens.LensRecord{
		Alias:      alias,
		Data:       fmt.Appendf(nil, `{"schemaVersion":"2021-11-01","name":%q,"version":%d}`, alias, version),
		ImportedAt: lensAt.Add(time.Duration(version) * time.Hour),
	}
}

func checkLens(t *testing.T, what string, got, want opslens.LensRecord) {
	t.Helper()
	if got.Alias != want.Alias || !bytes.Equal(got.Data, want.Data) {
		t.Errorf("%s: got %s %s, want %s %s", what, got.Alias, got.Data, want.Alias, want.Data)
	}
	checkUTC(t, what+" ImportedAt", got.ImportedAt, want.ImportedAt)
}

func testLensCreateGetList(t *testing.T, s opslens.Store) {
	ctx := t.Context()
	got, err := s.Lenses(ctx)
	must(t, err, "list lenses of an empty store")
	if len(got) != 0 {
		t.Fatalf("empty store lists %d lenses", len(got))
	}
	// Created out of order so the listing has to sort.
	aliases := []string{"zeta", "alpha", "middle"}
	recs := map[string]opslens.LensRecord{}
	for i, a := range aliases {
		recs[a] = lensRecord(a, i)
		must(t, s.CreateLens(ctx, recs[a]), "create lens "+a)
	}
	for _, a := range aliases {
		got, err := s.Lens(ctx, a)
		must(t, err, "get lens "+a)
		checkLens(t, "lens "+a, got, recs[a])
	}
	list, err := s.Lenses(ctx)
	must(t, err, "list lenses")
	want := []string{"alpha", "middle", "zeta"}
	if len(list) != len(want) {
		t.Fatalf("listed %d lenses, want %d", len(list), len(want))
	}
	for i, a := range want {
		checkLens(t, fmt.Sprintf("listed lens %d", i), list[i], recs[a])
	}
}

func testLensDuplicate(t *testing.T, s opslens.Store) {
	ctx := t.Context()
	orig := lensRecord("dup", 1)
	must(t, s.CreateLens(ctx, orig), "create lens")
	wantCode(t, s.CreateLens(ctx, lensRecord("dup", 2)), opslens.ECONFLICT, "create duplicate lens")
	got, err := s.Lens(ctx, "dup")
	must(t, err, "get lens")
	checkLens(t, "lens after refused duplicate", got, orig)
}

func testLensReplace(t *testing.T, s opslens.Store) {
	ctx := t.Context()
	must(t, s.CreateLens(ctx, lensRecord("custom", 1)), "create lens")
	must(t, s.CreateLens(ctx, lensRecord("other", 1)), "create other lens")
	next := lensRecord("custom", 2)
	must(t, s.ReplaceLens(ctx, next), "replace lens")
	got, err := s.Lens(ctx, "custom")
	must(t, err, "get replaced lens")
	checkLens(t, "replaced lens", got, next)
	other, err := s.Lens(ctx, "other")
	must(t, err, "get other lens")
	checkLens(t, "untouched lens", other, lensRecord("other", 1))
}

func testLensDelete(t *testing.T, s opslens.Store) {
	ctx := t.Context()
	must(t, s.CreateLens(ctx, lensRecord("gone", 1)), "create lens")
	must(t, s.CreateLens(ctx, lensRecord("kept", 1)), "create lens")
	must(t, s.DeleteLens(ctx, "gone"), "delete lens")
	_, err := s.Lens(ctx, "gone")
	wantCode(t, err, opslens.ENOTFOUND, "get deleted lens")
	list, err := s.Lenses(ctx)
	must(t, err, "list lenses")
	if len(list) != 1 || list[0].Alias != "kept" {
		t.Errorf("after delete, lenses = %v, want only kept", list)
	}
	// The alias is free again.
	must(t, s.CreateLens(ctx, lensRecord("gone", 2)), "re-create deleted lens")
}

func testLensNotFound(t *testing.T, s opslens.Store) {
	cases := []struct {
		name string
		call func(t *testing.T) error
	}{
		{"Lens", func(t *testing.T) error { _, err := s.Lens(t.Context(), "missing"); return err }},
		{"ReplaceLens", func(t *testing.T) error { return s.ReplaceLens(t.Context(), lensRecord("missing", 1)) }},
		{"DeleteLens", func(t *testing.T) error { return s.DeleteLens(t.Context(), "missing") }},
		// Applying a lens does not store it.
		{"Lens of an applied built-in", func(t *testing.T) error {
			createWorkload(t, s, "applies-builtin", builtinLens)
			_, err := s.Lens(t.Context(), builtinLens)
			return err
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) { wantCode(t, c.call(t), opslens.ENOTFOUND, c.name) })
	}
}

// testLensInUse checks that a lens a workload applies, or a milestone
// recorded a review with, can be neither replaced nor deleted, since that
// would silently change what those reviews mean. The cases share one store,
// so each works on its own lens and workload names.
func testLensInUse(t *testing.T, s opslens.Store) {
	cases := []struct {
		name  string
		setup func(t *testing.T, alias, prefix string)
		want  string // error code of ReplaceLens and DeleteLens; "" for success
	}{
		{"applied by a workload", func(t *testing.T, alias, prefix string) {
			createWorkload(t, s, prefix+"-user", builtinLens, alias)
		}, opslens.ECONFLICT},
		{"recorded in a milestone only", func(t *testing.T, alias, prefix string) {
			w := createWorkload(t, s, prefix+"-user", builtinLens, alias)
			putAnswers(t, s, w.ID, alias, answerSelected("q1", "c1"))
			createMilestone(t, s, w, "before removal")
			w.Lenses = []string{builtinLens}
			must(t, replaceWorkload(t, s, w), "remove lens from workload")
		}, opslens.ECONFLICT},
		{"no longer applied", func(t *testing.T, alias, prefix string) {
			w := createWorkload(t, s, prefix+"-user", builtinLens, alias)
			w.Lenses = []string{builtinLens}
			must(t, replaceWorkload(t, s, w), "remove lens from workload")
		}, ""},
		{"workload with milestone deleted", func(t *testing.T, alias, prefix string) {
			w := createWorkload(t, s, prefix+"-user", alias)
			createMilestone(t, s, w, "m1")
			must(t, s.DeleteWorkload(t.Context(), w.Name), "delete workload")
		}, ""},
		{"only another lens in use", func(t *testing.T, alias, prefix string) {
			other := prefix + "-other"
			must(t, s.CreateLens(t.Context(), lensRecord(other, 1)), "create other lens")
			w := createWorkload(t, s, prefix+"-user", other)
			createMilestone(t, s, w, "m1")
		}, ""},
	}
	for i, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			ctx := t.Context()
			prefix := fmt.Sprintf("case%d", i)
			alias := prefix + "-lens"
			orig := lensRecord(alias, 1)
			must(t, s.CreateLens(ctx, orig), "create lens")
			c.setup(t, alias, prefix)
			wantCode(t, s.ReplaceLens(ctx, lensRecord(alias, 2)), c.want, "replace lens")
			if c.want == "" {
				must(t, s.DeleteLens(ctx, alias), "delete unused lens")
				return
			}
			wantCode(t, s.DeleteLens(ctx, alias), c.want, "delete lens in use")
			got, err := s.Lens(ctx, alias)
			must(t, err, "get lens after refusals")
			checkLens(t, "lens after refusals", got, orig)
		})
	}
}
