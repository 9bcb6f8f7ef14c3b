package evidence

import (
	"context"
	"fmt"
	"path"
	"regexp"
	"sort"
	"strings"
)

// migrations: database schema changes that can be undone (OPS06-BP01). A
// migration counts as reversible when its down/undo/rollback part does
// something: golang-migrate down files, goose/dbmate/sql-migrate Down
// sections, Flyway undo (U) scripts, Alembic downgrade() bodies, Rails
// down or reversible change methods, Liquibase rollback tags, and the down
// methods of Knex, TypeORM, Sequelize, Entity Framework and Laravel
// migrations. An empty down is not a plan. Reported per migrations
// directory with the share of reversible migrations: half or more is
// strong, fewer is partial.

func init() {
	register(Detector{Name: "migrations", Run: migrationsRun})
}

// migDir is what one directory of migrations holds.
type migDir struct {
	dir        string
	tool       string
	total      int
	reversible int
	proofPath  string // the first reversible migration's down part
	proofLine  int
}

func (d *migDir) add(reversible bool, p string, line int) {
	d.total++
	if !reversible {
		return
	}
	d.reversible++
	if d.proofPath == "" || p < d.proofPath {
		d.proofPath, d.proofLine = p, line
	}
}

var (
	migUpDown    = regexp.MustCompile(`^(.+)\.(up|down)\.sql$`)
	migFlyway    = regexp.MustCompile(`^([VU])([0-9][0-9._]*)__.+\.sql$`)
	migDirName   = regexp.MustCompile(`(?i)(^|/)(migrations?|migrate|changelogs?|db|database|schema|alembic|flyway|liquibase|sql)(/|$)`)
	migSkipFiles = regexp.MustCompile(`(\.Designer\.cs|ModelSnapshot\.cs|\.d\.ts|\.test\.[jt]s|\.spec\.[jt]s|__init__\.py)$`)
)

// migCandidate selects files that may be migrations: by name pattern or by
// a migrations-like directory.
func migCandidate(p string) bool {
	if k8sIncidentalPath(p) || migSkipFiles.MatchString(p) {
		return false
	}
	base := path.Base(p)
	if migUpDown.MatchString(base) || migFlyway.MatchString(base) {
		return true
	}
	switch path.Ext(p) {
	case ".sql", ".py", ".rb", ".js", ".ts", ".mjs", ".cjs", ".cs", ".php", ".xml", ".yaml", ".yml", ".json":
		return migDirName.MatchString(path.Dir(p)) && (strings.Contains(strings.ToLower(p), "migrat") || strings.Contains(strings.ToLower(p), "changelog") || strings.Contains(p, "/versions/"))
	}
	return false
}

func migrationsRun(_ context.Context, t *Tree) []Hit {
	files := t.Match(migCandidate)
	dirs := map[string]*migDir{}
	get := func(dir, tool string) *migDir {
		d := dirs[dir+"\x00"+tool]
		if d == nil {
			d = &migDir{dir: dir, tool: tool}
			dirs[dir+"\x00"+tool] = d
		}
		return d
	}
	migPairs(t, files, get)
	for _, p := range files {
		base := path.Base(p)
		if migUpDown.MatchString(base) || migFlyway.MatchString(base) {
			continue
		}
		data, err := t.Read(p)
		if err != nil {
			continue
		}
		tool, rev, line, ok := migOneFile(p, string(data))
		if ok {
			get(path.Dir(p), tool).add(rev, p, line)
		}
	}
	var keys []string
	for k := range dirs {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var h k8sHits
	for _, k := range keys {
		d := dirs[k]
		if d.reversible == 0 {
			continue
		}
		conf := Partial
		if d.reversible*2 >= d.total {
			conf = Strong
		}
		unit := "migration"
		if d.tool == "Liquibase" {
			unit = "changeset"
		}
		h.add(practicePlanFailure, conf, d.proofPath, d.proofLine, "", fmt.Sprintf("%s/ holds %s (%s), %d of them with a rollback part that undoes the schema change",
			d.dir, k8sPlural(d.total, unit), d.tool, d.reversible))
	}
	return h.result()
}

// migPairs counts migrations that come as pairs of files: golang-migrate's
// NNN_name.up.sql / .down.sql and Flyway's V<version>__ / U<version>__.
func migPairs(t *Tree, files []string, get func(dir, tool string) *migDir) {
	downs := map[string]string{}
	undos := map[string]string{}
	for _, p := range files {
		base := path.Base(p)
		if m := migUpDown.FindStringSubmatch(base); m != nil && m[2] == "down" {
			downs[path.Join(path.Dir(p), m[1])] = p
		}
		if m := migFlyway.FindStringSubmatch(base); m != nil && m[1] == "U" {
			undos[path.Join(path.Dir(p), m[2])] = p
		}
	}
	for _, p := range files {
		base := path.Base(p)
		if m := migUpDown.FindStringSubmatch(base); m != nil && m[2] == "up" {
			down, ok := downs[path.Join(path.Dir(p), m[1])]
			line := 0
			if ok {
				line = migSQLBodyLine(t, down)
			}
			get(path.Dir(p), "golang-migrate").add(line > 0, down, line)
		}
		if m := migFlyway.FindStringSubmatch(base); m != nil && m[1] == "V" {
			undo, ok := undos[path.Join(path.Dir(p), m[2])]
			line := 0
			if ok {
				line = migSQLBodyLine(t, undo)
			}
			get(path.Dir(p), "Flyway").add(line > 0, undo, line)
		}
	}
}

// migSQLBodyLine returns the line of the first SQL statement of a file, or
// 0 when it holds only comments and blanks.
func migSQLBodyLine(t *Tree, p string) int {
	data, err := t.Read(p)
	if err != nil {
		return 0
	}
	return migSQLFirst(strings.Split(string(data), "\n"), 0)
}

// migSQLFirst returns the 1-based line (offset added) of the first line
// with SQL in lines, or 0.
func migSQLFirst(lines []string, offset int) int {
	inComment := false
	for i, l := range lines {
		l = strings.TrimSpace(l)
		if inComment {
			if j := strings.Index(l, "*/"); j >= 0 {
				inComment, l = false, strings.TrimSpace(l[j+2:])
			} else {
				continue
			}
		}
		if strings.HasPrefix(l, "/*") {
			if !strings.Contains(l, "*/") {
				inComment = true
			}
			continue
		}
		if l == "" || strings.HasPrefix(l, "--") || strings.HasPrefix(l, "#") {
			continue
		}
		return offset + i + 1
	}
	return 0
}
