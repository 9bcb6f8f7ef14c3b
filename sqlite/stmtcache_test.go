package sqlite

import (
	"database/sql"
	"strings"
	"testing"
)

// TestStatementCache runs the same statement the ways the store's code
// can: again and again, nested inside its own open rows (the cached
// statement is busy then and must not be reset under them), and with an
// error, which must surface as without the cache.
func TestStatementCache(t *testing.T) {
	ctx := t.Context()
	db := openTemp(t)
	const q = `SELECT value FROM json_each(?) ORDER BY value`
	err := db.read(ctx, func(tx *sql.Tx) error {
		for range 3 {
			got, err := queryStrings(ctx, tx, q, `["b","a"]`)
			if err != nil || strings.Join(got, ",") != "a,b" {
				t.Errorf("repeated query: %v, %v; want a,b", got, err)
			}
		}
		rows, err := tx.QueryContext(ctx, q, `["x","y"]`)
		if err != nil {
			return err
		}
		defer rows.Close()
		var outer []string
		for rows.Next() {
			var v string
			if err := rows.Scan(&v); err != nil {
				return err
			}
			inner, err := queryStrings(ctx, tx, q, `["`+v+`1","`+v+`2"]`)
			if err != nil || strings.Join(inner, ",") != v+"1,"+v+"2" {
				t.Errorf("nested query for %s: %v, %v", v, inner, err)
			}
			outer = append(outer, v)
		}
		if strings.Join(outer, ",") != "x,y" {
			t.Errorf("outer rows after nested queries: %v, want x,y", outer)
		}
		return rows.Err()
	})
	if err != nil {
		t.Fatal(err)
	}
	for range 2 {
		err := db.read(ctx, func(tx *sql.Tx) error {
			_, err := queryStrings(ctx, tx, `SELECT nope FROM no_such_table`)
			return err
		})
		if err == nil || !strings.Contains(err.Error(), "no_such_table") {
			t.Errorf("bad statement: error %v, want one naming no_such_table", err)
		}
	}
}
