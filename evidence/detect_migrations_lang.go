package evidence

import (
	"path"
	"regexp"
	"strings"
)

// Migrations that keep up and down in one file, per tool. Each reader
// returns whether the file is a migration of its tool, whether its down
// part does something, and the line of that part.

var (
	migGooseUp     = regexp.MustCompile(`(?m)^--\s*\+goose\s+Up`)
	migGooseDown   = regexp.MustCompile(`(?m)^--\s*\+goose\s+Down.*$`)
	migDbmateUp    = regexp.MustCompile(`(?m)^--\s*migrate:up`)
	migDbmateDown  = regexp.MustCompile(`(?m)^--\s*migrate:down.*$`)
	migSQLMigUp    = regexp.MustCompile(`(?m)^--\s*\+migrate\s+Up`)
	migSQLMigDown  = regexp.MustCompile(`(?m)^--\s*\+migrate\s+Down.*$`)
	migAlembic     = regexp.MustCompile(`(?m)^def upgrade\(`)
	migAlembicDown = regexp.MustCompile(`(?m)^def downgrade\([^)]*\)[^:]*:`)
	migRailsClass  = regexp.MustCompile(`(?m)^\s*class\s+\w+\s*<\s*ActiveRecord::Migration`)
	migRailsDown   = regexp.MustCompile(`(?m)^\s*def (down|change)\b`)
	migLiquiSet    = regexp.MustCompile(`(?im)(<changeSet\b|^\s*-\s*changeSet:|"changeSet"\s*:|^--\s*changeset\s)`)
	migLiquiRoll   = regexp.MustCompile(`(?im)(<rollback\b|^\s*rollback:|"rollback"\s*:|^--\s*rollback\s+\S)`)
	migJSDown      = regexp.MustCompile(`(exports\.down\s*=|export\s+(async\s+)?function\s+down\s*\(|\bdown\s*:\s*(async\s*)?(function\s*)?\(|(public\s+)?async\s+down\s*\(|\bdown\s*\([^)]*\)\s*(:\s*[\w<>]+\s*)?\{)`)
	migJSUp        = regexp.MustCompile(`(exports\.up\s*=|function\s+up\s*\(|\bup\s*:\s*(async\s*)?(function\s*)?\(|async\s+up\s*\(|\bup\s*\([^)]*\)\s*(:\s*[\w<>]+\s*)?\{)`)
	migCSDown      = regexp.MustCompile(`override\s+void\s+Down\s*\(\s*MigrationBuilder`)
	migPHPDown     = regexp.MustCompile(`public\s+function\s+down\s*\(\s*\)`)
)

// migOneFile recognises a migration that keeps up and down in one file.
func migOneFile(p, src string) (tool string, reversible bool, line int, ok bool) {
	switch path.Ext(p) {
	case ".sql":
		for _, s := range []struct {
			name     string
			up, down *regexp.Regexp
		}{{"goose", migGooseUp, migGooseDown}, {"dbmate", migDbmateUp, migDbmateDown}, {"sql-migrate", migSQLMigUp, migSQLMigDown}} {
			if s.up.MatchString(src) {
				rev, l := migSection(src, s.down)
				return s.name, rev, l, true
			}
		}
		if migLiquiSet.MatchString(src) || strings.Contains(src, "--liquibase formatted sql") {
			return migLiquibase(src)
		}
	case ".py":
		if migAlembic.MatchString(src) {
			rev, l := migPythonBody(src, migAlembicDown)
			return "Alembic", rev, l, true
		}
	case ".rb":
		if migRailsClass.MatchString(src) {
			rev, l := migRails(src)
			return "Rails", rev, l, true
		}
	case ".xml", ".yaml", ".yml", ".json":
		if migLiquiSet.MatchString(src) {
			return migLiquibase(src)
		}
	case ".js", ".ts", ".mjs", ".cjs":
		if migJSUp.MatchString(src) && migJSDown.MatchString(src) {
			rev, l := migBraceBody(src, migJSDown)
			return "JavaScript", rev, l, true
		}
	case ".cs":
		if migCSDown.MatchString(src) {
			rev, l := migBraceBody(src, migCSDown)
			return "Entity Framework", rev, l, true
		}
	case ".php":
		if migPHPDown.MatchString(src) && strings.Contains(src, "Migration") {
			rev, l := migBraceBody(src, migPHPDown)
			return "Laravel", rev, l, true
		}
	}
	return "", false, 0, false
}

// migLineAt returns the 1-based line of byte offset i.
func migLineAt(src string, i int) int { return 1 + strings.Count(src[:i], "\n") }

// migSection reports whether the SQL after the down marker does something.
func migSection(src string, down *regexp.Regexp) (bool, int) {
	loc := down.FindStringIndex(src)
	if loc == nil {
		return false, 0
	}
	rest := src[loc[1]:]
	lines := strings.Split(rest, "\n")
	for i, l := range lines {
		if strings.Contains(l, "+goose StatementBegin") || strings.Contains(l, "+goose StatementEnd") || strings.Contains(l, "+migrate StatementBegin") || strings.Contains(l, "+migrate StatementEnd") {
			lines[i] = ""
		}
	}
	first := migSQLFirst(lines, 0)
	if first == 0 {
		return false, 0
	}
	return true, migLineAt(src, loc[1]) + first - 1
}

// migPythonBody reports whether the function found by def has a body that
// does something (not only pass, comments and a docstring).
func migPythonBody(src string, def *regexp.Regexp) (bool, int) {
	loc := def.FindStringIndex(src)
	if loc == nil {
		return false, 0
	}
	start := migLineAt(src, loc[0])
	lines := strings.Split(src[loc[1]:], "\n")
	inDoc := ""
	for i, l := range lines[1:] {
		trimmed := strings.TrimSpace(l)
		if trimmed != "" && !strings.HasPrefix(l, " ") && !strings.HasPrefix(l, "\t") {
			break // the function ended
		}
		switch {
		case inDoc != "":
			if strings.Contains(trimmed, inDoc) {
				inDoc = ""
			}
			continue
		case strings.HasPrefix(trimmed, `"""`) || strings.HasPrefix(trimmed, `'''`):
			q := trimmed[:3]
			if !strings.Contains(trimmed[3:], q) {
				inDoc = q
			}
			continue
		case trimmed == "" || trimmed == "pass" || strings.HasPrefix(trimmed, "#") || trimmed == "..." || strings.HasPrefix(trimmed, "raise NotImplementedError"):
			continue
		}
		return true, start + i + 1
	}
	return false, 0
}

// migRails reports a Rails migration with a down method, or a change
// method (reversible by Rails) that does not declare itself irreversible.
func migRails(src string) (bool, int) {
	loc := migRailsDown.FindStringIndex(src)
	if loc == nil || strings.Contains(src, "IrreversibleMigration") {
		return false, 0
	}
	return true, migLineAt(src, loc[0]) + strings.Count(src[loc[0]:loc[1]], "\n")
}

// migLiquibase counts changesets and explicit rollbacks of a changelog.
func migLiquibase(src string) (string, bool, int, bool) {
	sets := len(migLiquiSet.FindAllStringIndex(src, -1))
	if sets == 0 {
		return "", false, 0, false
	}
	rolls := migLiquiRoll.FindAllStringIndex(src, -1)
	if len(rolls) == 0 {
		return "Liquibase", false, 0, true
	}
	return "Liquibase", true, migLineAt(src, rolls[0][0]), true
}

// migBraceBody reports whether the brace-delimited body after the match
// holds a statement (not only comments or an empty return).
func migBraceBody(src string, re *regexp.Regexp) (bool, int) {
	loc := re.FindStringIndex(src)
	if loc == nil {
		return false, 0
	}
	open := strings.IndexByte(src[loc[0]:], '{')
	if open < 0 {
		return false, 0
	}
	i := loc[0] + open
	depth, end := 0, -1
	for j := i; j < len(src) && end < 0; j++ {
		switch src[j] {
		case '{':
			depth++
		case '}':
			depth--
			if depth == 0 {
				end = j
			}
		}
	}
	if end < 0 {
		return false, 0
	}
	body := src[i+1 : end]
	for k, l := range strings.Split(body, "\n") {
		t := strings.TrimSpace(l)
		t = strings.TrimSuffix(t, ";")
		if t == "" || strings.HasPrefix(t, "//") || strings.HasPrefix(t, "/*") || strings.HasPrefix(t, "*") || t == "return" ||
			t == "return Promise.resolve()" || t == "{" || t == "}" || strings.HasPrefix(t, "throw ") {
			continue
		}
		return true, migLineAt(src, i) + k
	}
	return false, 0
}
