package review

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/opslens/opslens"
)

func TestAliasFor(t *testing.T) {
	for _, tc := range []struct{ name, want string }{
		{"Team Runbook Lens", "team-runbook-lens"},
		{"  Serverless -- Lens!! ", "serverless-lens"},
		{"AWS Lens 2.0", "aws-lens-2-0"},
		{"Café Ops", "caf-ops"},
		{"SaaS", "saas"},
		{"", ""},
		{"!!!", ""},
		{strings.Repeat("a", 100), strings.Repeat("a", 63)},
		{strings.Repeat("a", 62) + " bbb", strings.Repeat("a", 62)},
	} {
		if got := AliasFor(tc.name); got != tc.want {
			t.Errorf("AliasFor(%q) = %q, want %q", tc.name, got, tc.want)
		}
	}
}

func TestServiceImportLens(t *testing.T) {
	ctx := context.Background()
	svc := newService(t)
	tl := testLens(t)

	steps := []struct {
		name      string
		data      []byte
		alias     string
		replace   bool
		wantAlias string
		wantName  string
		code      string
		msg       []string
	}{
		{name: "alias from the name", data: exportLens(t, tl, "", ""), wantAlias: "team-runbook-lens", wantName: "Team Runbook Lens"},
		{name: "alias from the document", data: exportLens(t, tl, "", "runbooks"), wantAlias: "runbooks", wantName: "Team Runbook Lens"},
		{name: "alias given wins", data: exportLens(t, tl, "", "runbooks"), alias: "mine", wantAlias: "mine", wantName: "Team Runbook Lens"},
		{
			name: "name of the built-in lens", data: exportLens(t, tl, "Operational Excellence", ""),
			code: opslens.ECONFLICT, msg: []string{`"operational-excellence"`, "built-in", "--alias"},
		},
		{
			name: "built-in alias even with replace", data: exportLens(t, tl, "", ""), alias: "operational-excellence", replace: true,
			code: opslens.ECONFLICT, msg: []string{"built-in"},
		},
		{
			name: "alias taken", data: exportLens(t, tl, "", ""),
			code: opslens.ECONFLICT, msg: []string{`"team-runbook-lens" already exists`, "--replace", "--alias"},
		},
		{name: "replace", data: exportLens(t, tl, "Team Runbook Lens", ""), alias: "runbooks", replace: true, wantAlias: "runbooks", wantName: "Team Runbook Lens"},
		{name: "replace with new content", data: exportLens(t, tl, "Runbooks v2", ""), alias: "runbooks", replace: true, wantAlias: "runbooks", wantName: "Runbooks v2"},
		{name: "replace creates a missing lens", data: exportLens(t, tl, "Fresh", ""), replace: true, wantAlias: "fresh", wantName: "Fresh"},
		{name: "invalid alias given", data: exportLens(t, tl, "", ""), alias: "Bad_Alias", code: opslens.EINVALID, msg: []string{"--alias"}},
		{name: "one-letter alias", data: exportLens(t, tl, "", ""), alias: "x", code: opslens.EINVALID},
		{name: "name without letters", data: exportLens(t, tl, "!!!", ""), code: opslens.EINVALID, msg: []string{`""`}},
		{name: "malformed JSON", data: []byte(`{"name": `), code: opslens.EINVALID, msg: []string{"malformed JSON"}},
	}
	for _, st := range steps {
		t.Run(st.name, func(t *testing.T) {
			alias, l, err := svc.ImportLens(ctx, st.data, st.alias, st.replace)
			if st.code != "" {
				errCode(t, err, st.code, st.msg...)
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if alias != st.wantAlias || l.Name != st.wantName {
				t.Errorf("imported %q named %q, want %q named %q", alias, l.Name, st.wantAlias, st.wantName)
			}
			got, err := svc.Lens(ctx, alias)
			if err != nil {
				t.Fatal(err)
			}
			if got.Name != st.wantName {
				t.Errorf("stored lens is named %q, want %q", got.Name, st.wantName)
			}
			rec, err := svc.store.Lens(ctx, alias)
			if err != nil {
				t.Fatal(err)
			}
			if !rec.ImportedAt.Equal(clock) {
				t.Errorf("imported at %v, want %v", rec.ImportedAt, clock)
			}
		})
	}

	t.Run("invalid lens", func(t *testing.T) {
		bad := *tl
		bad.SchemaVersion = "2020-01-01"
		_, _, err := svc.ImportLens(ctx, exportLens(t, &bad, "Broken", ""), "", false)
		if err == nil || !strings.Contains(err.Error(), "schemaVersion") {
			t.Errorf("err = %v, want a schema version problem", err)
		}
		if _, err := svc.store.Lens(ctx, "broken"); opslens.ErrorCode(err) != opslens.ENOTFOUND {
			t.Errorf("invalid lens was stored: %v", err)
		}
	})

	t.Run("lenses list built-ins first", func(t *testing.T) {
		infos, err := svc.Lenses(ctx)
		if err != nil {
			t.Fatal(err)
		}
		var aliases []string
		for _, in := range infos {
			aliases = append(aliases, in.Alias)
		}
		want := []string{"operational-excellence", "fresh", "mine", "runbooks", "team-runbook-lens"}
		if !slices.Equal(aliases, want) {
			t.Errorf("lenses %v, want %v", aliases, want)
		}
		if b := infos[0]; !b.Builtin || b.Questions != 11 || b.Version != "2022-10-20" {
			t.Errorf("built-in info %+v", b)
		}
		if c := infos[1]; c.Builtin || c.Questions != 4 || c.Choices != 13 || !c.Imported.Equal(clock) {
			t.Errorf("custom info %+v", c)
		}
	})

	t.Run("replace refuses a lens in use", func(t *testing.T) {
		w := mustCreate(t, svc, newWorkload("uses-runbooks", "runbooks"))
		_, _, err := svc.ImportLens(ctx, exportLens(t, tl, "Runbooks v3", ""), "runbooks", true)
		errCode(t, err, opslens.ECONFLICT, "uses-runbooks")
		if l, err := svc.Lens(ctx, "runbooks"); err != nil || l.Name != "Runbooks v2" {
			t.Errorf("lens in use changed: %v, %v", l, err)
		}
		// A milestone keeps the lens pinned after the workload drops it.
		if _, err := svc.CreateMilestone(ctx, w, "m1"); err != nil {
			t.Fatal(err)
		}
		w, err = svc.UpdateWorkload(ctx, w, func(w *opslens.Workload) error {
			w.Lenses = []string{"operational-excellence"}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		_, _, err = svc.ImportLens(ctx, exportLens(t, tl, "Runbooks v3", ""), "runbooks", true)
		errCode(t, err, opslens.ECONFLICT, "milestone 1")
		st, err := svc.StateAt(ctx, w, 1)
		if err != nil {
			t.Fatal(err)
		}
		if st.Results[0].Alias != "runbooks" || st.Results[0].Lens.Name != "Runbooks v2" {
			t.Errorf("milestone evaluated with %s %q", st.Results[0].Alias, st.Results[0].Lens.Name)
		}
	})

	t.Run("unknown lens suggests", func(t *testing.T) {
		_, err := svc.Lens(ctx, "team-runbok-lens")
		errCode(t, err, opslens.ENOTFOUND, "did you mean team-runbook-lens?")
		_, err = svc.Lens(ctx, "zzzzzzzzzzzzzzzzzz")
		errCode(t, err, opslens.ENOTFOUND, "available: operational-excellence, fresh")
	})

	t.Run("built-in lens cannot be deleted", func(t *testing.T) {
		errCode(t, svc.DeleteLens(ctx, "operational-excellence"), opslens.EINVALID, "built in")
		if err := svc.DeleteLens(ctx, "fresh"); err != nil {
			t.Fatal(err)
		}
		_, err := svc.Lens(ctx, "fresh")
		errCode(t, err, opslens.ENOTFOUND)
	})
}

func TestServiceLensFor(t *testing.T) {
	ctx := context.Background()
	svc := newService(t)
	if _, _, err := svc.ImportLens(ctx, exportLens(t, testLens(t), "", "tl"), "", false); err != nil {
		t.Fatal(err)
	}
	w := mustCreate(t, svc, newWorkload("two-lenses", "tl", "operational-excellence"))
	ghost := newWorkload("ghost", "ghost-lens") // never stored: its lens does not exist
	tests := []struct {
		name      string
		w         *opslens.Workload
		alias     string
		wantAlias string
		wantLens  string
		code      string
		msg       []string
	}{
		{name: "default is the first lens", w: w, wantAlias: "tl", wantLens: "Team Runbook Lens"},
		{name: "applied built-in", w: w, alias: "operational-excellence", wantAlias: "operational-excellence", wantLens: "Operational Excellence"},
		{name: "applied custom", w: w, alias: "tl", wantAlias: "tl", wantLens: "Team Runbook Lens"},
		{
			name: "not applied", w: newWorkload("one-lens", "operational-excellence"), alias: "tl",
			code: opslens.EINVALID, msg: []string{`lens "tl" is not applied to workload "one-lens"`, "applied: operational-excellence", "--add-lens tl"},
		},
		{name: "case matters", w: w, alias: "TL", code: opslens.EINVALID},
		{name: "missing lens", w: ghost, code: opslens.ENOTFOUND, msg: []string{`"ghost-lens" not found`}},
		{name: "missing lens by alias", w: ghost, alias: "ghost-lens", code: opslens.ENOTFOUND},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			alias, l, err := svc.LensFor(ctx, tt.w, tt.alias)
			if tt.code != "" {
				errCode(t, err, tt.code, tt.msg...)
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if alias != tt.wantAlias || l.Name != tt.wantLens {
				t.Errorf("got %s %q, want %s %q", alias, l.Name, tt.wantAlias, tt.wantLens)
			}
		})
	}

	t.Run("answers stay per lens", func(t *testing.T) {
		mustApply(t, svc, w, "", "AQ1", Change{Select: []string{"h1", "m1"}})
		mustApply(t, svc, w, "operational-excellence", "OPS01", Change{Select: []string{"none"}})
		res, err := svc.Evaluate(ctx, w)
		if err != nil {
			t.Fatal(err)
		}
		if len(res) != 2 || res[0].Alias != "tl" || res[1].Alias != "operational-excellence" {
			t.Fatalf("results %v", res)
		}
		if r := questionResult(t, res[0], "AQ1").Risk; r != opslens.RiskNone {
			t.Errorf("AQ1 %s, want NONE", r)
		}
		if r := questionResult(t, res[1], "OPS01").Risk; r != opslens.RiskHigh {
			t.Errorf("OPS01 %s, want HIGH", r)
		}
		_, err = svc.ApplyChange(ctx, w, "", "OPS01", Change{})
		errCode(t, err, opslens.ENOTFOUND, "not in lens tl")
	})
}
