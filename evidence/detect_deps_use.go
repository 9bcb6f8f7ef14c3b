package evidence

import (
	"path"
	"sort"
	"strings"
)

// The model: the catalog matched against the manifests and the code. It is
// built once per tree. Source files are read only for ecosystems whose
// manifests declare a catalog library (or, for Go, a go.mod recent enough
// for log/slog), in an order that tends to answer early (main, app,
// telemetry files first), and reading stops as soon as every question is
// answered: each declared library's first use, and a few metric names.

// depUse says how a catalog library was found in use.
type depUse struct {
	Lib    *depLib
	Decl   *depDecl // the declaration given as proof; nil for libraries that need none
	Via    string   // "import", "marker", "launch", "config" or "auto"
	Path   string   // where the use was seen (the manifest for "auto")
	Line   int
	Import string // the import, for Via "import"
	Kind   string // the launcher or config kind that matched
	Detail string // what the marker/launcher/config line named
}

// depMetric is a custom metric defined in code.
type depMetric struct {
	Path string
	depsSrcMarker
}

// depsModel is the deps family's shared view of a tree.
type depsModel struct {
	Decls []depDecl
	// Used holds, per catalog ID, the first use found.
	Used map[string]*depUse
	// Unused lists primary libraries declared for run time that no
	// non-test code uses. Libraries imported only by tests are not listed:
	// a test-only import shows nothing about the running workload.
	Unused []*depUse
	// Metrics are custom metric definitions, at most depsMaxMetricProofs.
	Metrics []depMetric
	// Read counts the source files read per ecosystem (tests check that
	// reading stays bounded).
	Read map[depEco]int
}

// depsMaxMetricProofs is how many distinct custom metrics the model looks for
// before it stops reading for them: a reviewer needs a few, not all.
const depsMaxMetricProofs = 5

// depsModelOf returns the tree's model, built once.
func depsModelOf(t *Tree) *depsModel {
	return depsTreeValue(t, "deps-model", func() any { return buildDepsModel(t) }).(*depsModel)
}

// depActive is a catalog entry whose declaration condition holds.
type depActive struct {
	lib   *depLib
	decls []depDecl // matching shipped declarations (none for Decl == nil)
}

func buildDepsModel(t *Tree) *depsModel {
	m := &depsModel{Decls: depsManifests(t), Used: map[string]*depUse{}, Read: map[depEco]int{}}
	active := m.activeLibs()
	m.applyAuto(active)
	m.applyLaunchers(t, active)
	m.applyConfigs(t, active)
	for _, eco := range depEcos {
		if m.ecoRelevant(t, eco, active) {
			m.readCode(t, eco, active)
		}
	}
	m.findUnused(t, active)
	return m
}

// activeLibs returns the catalog entries that are declared (or need no
// declaration).
func (m *depsModel) activeLibs() []depActive {
	var out []depActive
	for i := range depCatalog {
		l := &depCatalog[i]
		if l.Decl == nil {
			out = append(out, depActive{lib: l})
			continue
		}
		var ds []depDecl
		for _, d := range m.Decls {
			if d.Eco == l.Eco && d.Scope.shipped() && depNameMatchAny(l.Decl, d.Name) {
				ds = append(ds, d)
			}
		}
		if len(ds) > 0 {
			out = append(out, depActive{lib: l, decls: ds})
		}
	}
	return out
}

// applyAuto marks self-configuring libraries (Spring Boot starters, Rails
// gems) as used by their runtime declaration.
func (m *depsModel) applyAuto(active []depActive) {
	for _, a := range active {
		if a.lib.Auto == nil {
			continue
		}
		d, ok := depsFirstRuntime(a.decls)
		if !ok || !m.autoHolds(a.lib) {
			continue
		}
		m.Used[a.lib.ID] = &depUse{Lib: a.lib, Decl: &d, Via: "auto", Path: d.Path, Line: d.Line}
	}
}

func (m *depsModel) autoHolds(l *depLib) bool {
	for _, w := range l.Auto {
		if w == "*" {
			return true
		}
	}
	for _, d := range m.Decls {
		if d.Eco == l.Eco && d.Scope.shipped() && depNameMatchAny(l.Auto, d.Name) {
			return true
		}
	}
	return false
}

func depsFirstRuntime(ds []depDecl) (depDecl, bool) {
	for _, d := range ds {
		if d.Scope == depsScopeRuntime {
			return d, true
		}
	}
	return depDecl{}, false
}

// ecoRelevant says whether the ecosystem's source files are worth reading:
// a catalog library is declared for it, or (Go) the go.mod is recent
// enough that the standard library's structured logger is available.
func (m *depsModel) ecoRelevant(t *Tree, eco depEco, active []depActive) bool {
	for _, a := range active {
		if a.lib.Eco == eco && a.lib.Decl != nil {
			return true
		}
	}
	if eco != depsEcoGo {
		return false
	}
	for _, p := range t.Match(func(p string) bool { return path.Base(p) == "go.mod" && !depsTestPath(p) }) {
		if info, err := depsGoModOf(t, p); err == nil && depsGoVersionAtLeast(info.GoVersion, 1, 21) {
			return true
		}
	}
	return false
}

// Reading limits. Library questions (is this declared library used?) are
// read for until answered, up to depsMaxSourceFiles per ecosystem. The
// open-ended questions (a request-ID header, an audit log, a slog handler,
// more metric names) only get depsGenericBudget more files once the library
// questions are settled: they are extra evidence, not worth reading a
// monorepo for. Variables so that tests can lower them.
var (
	depsMaxSourceFiles = 20000
	depsGenericBudget  = 1000
)

// readCode reads the ecosystem's non-test source files until every pending
// question is answered or the budgets run out.
func (m *depsModel) readCode(t *Tree, eco depEco, active []depActive) {
	var pending []depActive
	for _, a := range active {
		if a.lib.Eco == eco && m.Used[a.lib.ID] == nil && (a.lib.Use != nil || a.lib.Marker != "") {
			pending = append(pending, a)
		}
	}
	seenMetric := map[string]bool{}
	sinceLibs := 0
	for _, p := range depsReadOrder(t.Match(func(p string) bool { return depsSourceEco(p) == eco })) {
		libsOpen := depsOpenLibQuestions(pending)
		if !libsOpen {
			sinceLibs++
		}
		if !libsOpen && (len(m.Metrics) >= depsMaxMetricProofs && len(pending) == 0 || sinceLibs > depsGenericBudget) {
			return
		}
		if m.Read[eco] >= depsMaxSourceFiles {
			t.Warn("", "dependency evidence: stopped reading %s source files after %d files", eco, depsMaxSourceFiles)
			return
		}
		f, err := depsSourceFacts(t, p)
		if err != nil || f.Generated {
			continue
		}
		m.Read[eco]++
		pending = m.matchFile(p, f, pending)
		for _, mk := range f.Markers {
			if mk.Kind == "metric" && mk.Name != "" && !seenMetric[mk.Name] && len(m.Metrics) < depsMaxMetricProofs {
				seenMetric[mk.Name] = true
				m.Metrics = append(m.Metrics, depMetric{Path: p, depsSrcMarker: mk})
			}
		}
	}
}

// depsOpenLibQuestions reports whether a declared library still waits for its
// first use (entries without a declaration are open-ended questions).
func depsOpenLibQuestions(pending []depActive) bool {
	for _, a := range pending {
		if a.lib.Decl != nil {
			return true
		}
	}
	return false
}

// matchFile records the libraries a file shows in use and returns those
// still pending.
func (m *depsModel) matchFile(p string, f *depsSrcFacts, pending []depActive) []depActive {
	var rest []depActive
	for _, a := range pending {
		u, ok := depsFileUses(a.lib, p, f)
		if !ok {
			rest = append(rest, a)
			continue
		}
		if d, ok := depsNearestDecl(a.decls, p, u.Import); ok {
			u.Decl = &d
		}
		m.Used[a.lib.ID] = u
	}
	return rest
}

// depsFileUses checks one file against one library.
func depsFileUses(l *depLib, p string, f *depsSrcFacts) (*depUse, bool) {
	var imp depsSrcImport
	if l.Use != nil {
		var ok bool
		if imp, ok = f.importOf(l.Use); !ok {
			return nil, false
		}
	}
	if l.Marker != "" {
		mk, ok := f.marker(l.Marker)
		if !ok {
			return nil, false
		}
		return &depUse{Lib: l, Via: "marker", Path: p, Line: mk.Line, Kind: mk.Kind, Detail: mk.Name}, true
	}
	return &depUse{Lib: l, Via: "import", Path: p, Line: imp.Line, Import: imp.Name}, true
}

// depsNearestDecl picks the declaration to show for a use in file p: the
// module the import lies in (go.opentelemetry.io/otel/sdk for
// .../otel/sdk/trace), then runtime before other scopes, then the manifest
// closest above p, then path order.
func depsNearestDecl(ds []depDecl, p, imp string) (depDecl, bool) {
	best, bestScore := -1, -1
	for i, d := range ds {
		score := 0
		if imp != "" && depUseMatch(d.Eco, d.Name, imp) {
			score += 1000000 + 1000*len(d.Name)
		}
		if d.Scope == depsScopeRuntime {
			score += 10000
		}
		if dir := path.Dir(d.Path); dir == "." || strings.HasPrefix(p, dir+"/") {
			score += 1 + strings.Count(dir, "/") + len(dir)
		}
		if score > bestScore {
			best, bestScore = i, score
		}
	}
	if best < 0 {
		return depDecl{}, false
	}
	return ds[best], true
}

// depsReadOrder sorts files so that entry points and telemetry set-up come
// first: they answer most questions early, and the order is stable so
// proofs are reproducible.
func depsReadOrder(files []string) []string {
	out := append([]string(nil), files...)
	rank := func(p string) int {
		base := strings.ToLower(path.Base(p))
		stem := strings.TrimSuffix(base, path.Ext(base))
		for _, w := range []string{"telemetry", "tracing", "tracer", "otel", "instrument", "observability", "metrics", "monitoring", "logger", "logging", "log"} {
			if strings.Contains(stem, w) {
				return 0
			}
		}
		switch stem {
		case "main", "app", "index", "server", "program", "startup", "application", "__init__", "settings", "wsgi", "asgi", "config", "setup":
			return 1
		}
		return 2
	}
	sort.SliceStable(out, func(i, j int) bool {
		ri, rj := rank(out[i]), rank(out[j])
		if ri != rj {
			return ri < rj
		}
		di, dj := strings.Count(out[i], "/"), strings.Count(out[j], "/")
		if di != dj {
			return di < dj
		}
		return out[i] < out[j]
	})
	return out
}

// findUnused lists primary libraries declared for run time that no
// non-test code uses. Test files are read only for those libraries, and
// only until each is found or the tests run out: a library used only in
// tests is dropped (a test-only import is no evidence at all).
func (m *depsModel) findUnused(t *Tree, active []depActive) {
	byEco := map[depEco][]depActive{}
	for _, a := range active {
		if !a.lib.Primary || m.Used[a.lib.ID] != nil || m.usedBySibling(a) {
			continue
		}
		if _, ok := depsFirstRuntime(a.decls); ok {
			byEco[a.lib.Eco] = append(byEco[a.lib.Eco], a)
		}
	}
	for _, eco := range depEcos {
		left := byEco[eco]
		if len(left) == 0 {
			continue
		}
		need := 0
		for _, a := range left {
			if a.lib.Use != nil {
				need++
			}
		}
		tested := map[string]bool{}
		for _, p := range t.Match(func(p string) bool { return depsTestSourceEco(p) == eco }) {
			if len(tested) == need {
				break
			}
			f, err := depsSourceFacts(t, p)
			if err != nil {
				continue
			}
			for _, a := range left {
				if a.lib.Use != nil && !tested[a.lib.ID] {
					if _, ok := f.importOf(a.lib.Use); ok {
						tested[a.lib.ID] = true
					}
				}
			}
		}
		for _, a := range left {
			if !tested[a.lib.ID] {
				d, _ := depsFirstRuntime(a.decls)
				m.Unused = append(m.Unused, &depUse{Lib: a.lib, Decl: &d, Path: d.Path, Line: d.Line})
			}
		}
	}
}

// usedBySibling reports whether another entry sharing one of a's
// declarations is in use (the OpenTelemetry SDK declared once, used
// through its tracing entry), so a's declaration is not unused.
func (m *depsModel) usedBySibling(a depActive) bool {
	for _, u := range m.Used {
		if u.Lib.Eco != a.lib.Eco || u.Decl == nil {
			continue
		}
		for _, d := range a.decls {
			if d == *u.Decl {
				return true
			}
		}
	}
	return false
}
