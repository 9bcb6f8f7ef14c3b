package migration

import (
	"strings"
	"testing"
	"testing/fstest"
)

func TestLoadOrdersByVersion(t *testing.T) {
	ms, err := Load(fstest.MapFS{
		"migrations/0010_b.sql": {Data: []byte("B")},
		"migrations/0002_a.sql": {Data: []byte("A")},
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(ms) != 2 || ms[0].Version != 2 || ms[1].Version != 10 || ms[0].SQL != "A" {
		t.Fatalf("Load = %+v", ms)
	}
}

func TestBadNames(t *testing.T) {
	for name, fsys := range map[string]fstest.MapFS{
		"no version":    {"migrations/init.sql": {}},
		"zero version":  {"migrations/0000_x.sql": {}},
		"duplicate":     {"migrations/0001_a.sql": {}, "migrations/1_b.sql": {}},
		"no underscore": {"migrations/0001.sql": {}},
	} {
		if _, err := Load(fsys); err == nil {
			t.Errorf("%s: Load accepted it", name)
		}
	}
}

func TestPending(t *testing.T) {
	ms := []Migration{{Version: 1}, {Version: 2}, {Version: 5}}
	for _, tc := range []struct {
		cur, want int
	}{{0, 3}, {1, 2}, {2, 1}, {5, 0}} {
		got, err := Pending(ms, tc.cur, "db")
		if err != nil || len(got) != tc.want {
			t.Errorf("Pending(cur %d) = %d migrations, %v; want %d", tc.cur, len(got), err, tc.want)
		}
	}
	_, err := Pending(ms, 9, "prod.db")
	if err == nil || !strings.Contains(err.Error(), "prod.db") || !strings.Contains(err.Error(), "version 9") {
		t.Errorf("newer database: err = %v", err)
	}
}
