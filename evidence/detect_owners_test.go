package evidence

import (
	"reflect"
	"strings"
	"testing"
)

func TestParseCodeowners(t *testing.T) {
	tests := []struct {
		name, text string
		want       []ownerRule
	}{
		{"comments and blanks", "# a\n\n   # b\n", nil},
		{"owners and emails", "* @org/team a@b.io\n", []ownerRule{{Line: 1, Pattern: "*", Owners: []string{"@org/team", "a@b.io"}}}},
		{"no owners unsets", "/docs/\n", nil},
		{"words that are not owners", "/x/ team-a\n", nil},
		{"inline comment", "/ci/ @ops # pipelines @not-an-owner\n", []ownerRule{{Line: 1, Pattern: "/ci/", Owners: []string{"@ops"}}}},
		{"escaped blank and hash", "/My\\ Docs/ @w\n\\#x @y\n", []ownerRule{{Line: 1, Pattern: "/My Docs/", Owners: []string{"@w"}}, {Line: 2, Pattern: "#x", Owners: []string{"@y"}}}},
		{"tabs and CRLF", "*\t@a\r\n", []ownerRule{{Line: 1, Pattern: "*", Owners: []string{"@a"}}}},
		{"character class is a pattern", "[Dd]ocs/ @w\n", []ownerRule{{Line: 1, Pattern: "[Dd]ocs/", Owners: []string{"@w"}}}},
		{"gitlab section defaults", "[Ops][2] @sre\nops/\nops/tf/ @infra\n^[Docs]\ndocs/\n",
			[]ownerRule{{Line: 2, Pattern: "ops/", Owners: []string{"@sre"}, Section: "Ops"}, {Line: 3, Pattern: "ops/tf/", Owners: []string{"@infra"}, Section: "Ops"}}},
		{"gitlab role owners", "[Maintainers]\n* @@maintainer\n", []ownerRule{{Line: 2, Pattern: "*", Owners: []string{"@@maintainer"}, Section: "Maintainers"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := parseCodeowners(tt.text); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got %+v\nwant %+v", got, tt.want)
			}
		})
	}
}

func TestCodeownersCoverage(t *testing.T) {
	for _, p := range []string{"*", "/", "/*", "**", "/**", "**/*", "/**/*"} {
		if !catchAll(p) {
			t.Errorf("catchAll(%q) = false", p)
		}
	}
	for _, p := range []string{"*.go", "/src/", "docs/*", "*.*", ""} {
		if catchAll(p) {
			t.Errorf("catchAll(%q) = true", p)
		}
	}
	tests := []struct {
		pattern string
		want    Confidence // "" for no hit
	}{
		{"/runbooks/", Strong},
		{"docs/playbooks/**", Strong},
		{"/ops/on-call/", Strong},
		{"/docs/postmortems/", Strong},
		{"/docs/", Partial},
		{"documentation/", Partial},
		{"/src/", ""},
		{"*.md", ""},
		{"/services/incident-api/", ""},
		{"/docsite-theme/", ""},
	}
	for _, tt := range tests {
		h, ok := processOwnerHit("CODEOWNERS", ownerRule{Line: 1, Pattern: tt.pattern, Owners: []string{"@o"}})
		if got := Confidence(""); ok {
			got = h.Confidence
			if got != tt.want {
				t.Errorf("%s: confidence %q, want %q", tt.pattern, got, tt.want)
			}
		} else if tt.want != "" {
			t.Errorf("%s: no hit, want %s", tt.pattern, tt.want)
		}
	}
}

func TestParseOwnersFile(t *testing.T) {
	tests := []struct {
		name, text string
		want       *ownersFile
	}{
		{"prow", "approvers:\n- a\n- b\nreviewers:\n- c\n", &ownersFile{Style: "Kubernetes-style", Approvers: []string{"a", "b"}, Reviewers: []string{"c"}, Line: 2}},
		{"prow reviewers only", "reviewers: [a, b]\n", &ownersFile{Style: "Kubernetes-style", Reviewers: []string{"a", "b"}, Line: 1}},
		{"prow filters", "filters:\n  '.*':\n    approvers: [x]\n", &ownersFile{Style: "Kubernetes-style", Approvers: []string{"x"}, Line: 3}},
		{"prow empty", "approvers: []\nreviewers:\nlabels: [x]\n", nil},
		{"prow wrong shape", "approvers: alice\n", nil},
		{"chromium", "set noparent\n# c\na@x.org\nper-file *.gn=b@x.org, c@x.org\n", &ownersFile{Style: "Chromium-style", Approvers: []string{"a@x.org", "b@x.org", "c@x.org"}, Line: 3}},
		{"chromium everyone only", "*\n", nil},
		{"prose", "The owners are listed elsewhere.\nMail owners@example.com with questions.\n", nil},
		{"empty", "", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v, err := parseOwnersFile("OWNERS", []byte(tt.text))
			if err != nil {
				t.Fatal(err)
			}
			if got := v.(*ownersFile); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got %+v, want %+v", got, tt.want)
			}
		})
	}
}

func TestBackstageCandidate(t *testing.T) {
	tests := map[string]bool{
		"catalog-info.yaml":              true,
		"catalog-info.yml":               true,
		"service.yaml":                   true,
		"services/api/catalog-info.yaml": true,
		"catalog/components/api.yaml":    true,
		".backstage/system.yml":          true,
		"deploy/k8s/deployment.yaml":     false,
		"catalog-info.json":              false,
		"docs/backstage.md":              false,
	}
	for p, want := range tests {
		if got := backstageCandidate(p); got != want {
			t.Errorf("backstageCandidate(%q) = %v, want %v", p, got, want)
		}
	}
}

func FuzzParseCodeowners(f *testing.F) {
	for _, s := range []string{"* @a\n", "[S][2] @d\nx/\n", "\\#a\\ b @c # d\n", "^[\n", "\\"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		for _, r := range parseCodeowners(text) {
			if r.Line < 1 || len(r.Owners) == 0 || r.Pattern == "" {
				t.Fatalf("bad rule %+v", r)
			}
			_, _ = processOwnerHit("CODEOWNERS", r)
		}
		_ = codeownersHits("CODEOWNERS", parseCodeowners(text))
	})
}

func FuzzParseOwnersFile(f *testing.F) {
	for _, s := range []string{"approvers: [a]\n", "a@b.c\nper-file x=y@z.w\n", "filters: {x: {reviewers: [a]}}\n", "- a\n"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		v, err := parseOwnersFile("OWNERS", data)
		if err != nil {
			return
		}
		if o := v.(*ownersFile); o != nil {
			if len(o.Approvers)+len(o.Reviewers) == 0 || o.Line < 1 || strings.TrimSpace(o.people()) == "" {
				t.Fatalf("bad result %+v", o)
			}
		}
	})
}
