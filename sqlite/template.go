package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/opslens/opslens"
)

const templateColumns = `id, name, description, lens_alias, answers, created_at`

// CreateTemplate stores a review template.
func (db *DB) CreateTemplate(ctx context.Context, t *opslens.Template) error {
	if err := t.Validate(); err != nil {
		return err
	}
	answers, err := json.Marshal(t.Answers)
	if err != nil {
		return err
	}
	created := stamp(t.CreatedAt)
	return db.write(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `INSERT INTO templates (name, description, lens_alias, answers, created_at) VALUES (?, ?, ?, ?, ?)`,
			t.Name, t.Description, t.LensAlias, string(answers), formatTime(created))
		if isUnique(err) {
			return opslens.Errorf(opslens.ECONFLICT, "a template named %q exists already", t.Name)
		}
		if err != nil {
			return fmt.Errorf("create template %q: %w", t.Name, err)
		}
		if t.ID, err = res.LastInsertId(); err != nil {
			return err
		}
		t.CreatedAt = created
		return audit(ctx, tx, 0, opslens.AuditTemplateCreate, t.Name, fmt.Sprintf("%d answers of %s", len(t.Answers), t.LensAlias))
	})
}

// Template returns a template by name.
func (db *DB) Template(ctx context.Context, name string) (*opslens.Template, error) {
	var t opslens.Template
	err := db.read(ctx, func(tx *sql.Tx) error {
		var err error
		t, err = scanTemplate(tx.QueryRowContext(ctx, `SELECT `+templateColumns+` FROM templates WHERE name = ?`, name))
		if errors.Is(err, sql.ErrNoRows) {
			return opslens.Errorf(opslens.ENOTFOUND, "no template named %q", name)
		}
		return err
	})
	if err != nil {
		return nil, err
	}
	return &t, nil
}

// Templates lists the templates by name.
func (db *DB) Templates(ctx context.Context) ([]opslens.Template, error) {
	var out []opslens.Template
	err := db.read(ctx, func(tx *sql.Tx) error {
		var err error
		out, err = queryAll(ctx, tx, scanTemplate, `SELECT `+templateColumns+` FROM templates ORDER BY name COLLATE NOCASE`)
		return err
	})
	return out, err
}

func scanTemplate(s scanner) (opslens.Template, error) {
	var t opslens.Template
	var answers, created string
	if err := s.Scan(&t.ID, &t.Name, &t.Description, &t.LensAlias, &answers, &created); err != nil {
		return t, err
	}
	if err := json.Unmarshal([]byte(answers), &t.Answers); err != nil {
		return t, fmt.Errorf("template %q answers: %w", t.Name, err)
	}
	for i := range t.Answers {
		t.Answers[i].UpdatedAt = t.Answers[i].UpdatedAt.UTC()
	}
	var err error
	t.CreatedAt, err = parseTime(created)
	return t, err
}

// DeleteTemplate removes a template.
func (db *DB) DeleteTemplate(ctx context.Context, name string) error {
	return db.write(ctx, func(tx *sql.Tx) error {
		var stored string
		err := tx.QueryRowContext(ctx, `DELETE FROM templates WHERE name = ? RETURNING name`, name).Scan(&stored)
		if errors.Is(err, sql.ErrNoRows) {
			return opslens.Errorf(opslens.ENOTFOUND, "no template named %q", name)
		}
		if err != nil {
			return err
		}
		return audit(ctx, tx, 0, opslens.AuditTemplateDelete, stored, "")
	})
}
