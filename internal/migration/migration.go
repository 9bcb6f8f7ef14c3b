// Package migration reads the embedded schema migrations of a store
// backend. Both backends number their migrations the same way; each applies
// them in its own transactions.
package migration

import (
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strconv"
	"strings"
)

// Migration is one SQL file named NNNN_description.sql. Files are never
// edited once released: a change is a new file, so every database goes
// through the same history.
type Migration struct {
	Version int
	Name    string
	SQL     string
}

// Load returns the migrations in fsys's migrations directory by ascending
// version.
func Load(fsys fs.FS) ([]Migration, error) {
	files, err := fs.Glob(fsys, "migrations/*.sql")
	if err != nil {
		return nil, err
	}
	var out []Migration
	seen := map[int]string{}
	for _, f := range files {
		name := path.Base(f)
		prefix, _, ok := strings.Cut(name, "_")
		v, err := strconv.Atoi(prefix)
		if !ok || err != nil || v <= 0 {
			return nil, fmt.Errorf("migration %s: name must start with a positive version number and an underscore", name)
		}
		if other, dup := seen[v]; dup {
			return nil, fmt.Errorf("migrations %s and %s share version %d", other, name, v)
		}
		seen[v] = name
		body, err := fs.ReadFile(fsys, f)
		if err != nil {
			return nil, err
		}
		out = append(out, Migration{Version: v, Name: name, SQL: string(body)})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Version < out[j].Version })
	return out, nil
}

// Pending returns the migrations after version cur, or an error when the
// database is newer than every migration this binary knows: it cannot know
// what the newer schema means.
func Pending(ms []Migration, cur int, database string) ([]Migration, error) {
	known := 0
	if len(ms) > 0 {
		known = ms[len(ms)-1].Version
	}
	if cur > known {
		return nil, fmt.Errorf("database %s has schema version %d but this opslens only knows versions up to %d; upgrade opslens to open it",
			database, cur, known)
	}
	i := sort.Search(len(ms), func(i int) bool { return ms[i].Version > cur })
	return ms[i:], nil
}
