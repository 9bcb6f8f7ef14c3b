package postgres

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"

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
	return db.write(ctx, func(tx pgx.Tx) error {
		err := tx.QueryRow(ctx, `INSERT INTO templates (name, description, lens_alias, answers, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
			t.Name, t.Description, t.LensAlias, string(answers), created).Scan(&t.ID)
		if isUnique(err) {
			return opslens.Errorf(opslens.ECONFLICT, "a template named %q exists already", t.Name)
		}
		if err != nil {
			return fmt.Errorf("create template %q: %w", t.Name, err)
		}
		t.CreatedAt = created
		return audit(ctx, tx, 0, opslens.AuditTemplateCreate, t.Name, fmt.Sprintf("%d answers of %s", len(t.Answers), t.LensAlias))
	})
}

// Template returns a template by name.
func (db *DB) Template(ctx context.Context, name string) (*opslens.Template, error) {
	t, err := scanTemplate(db.pool.QueryRow(ctx, `SELECT `+templateColumns+` FROM templates WHERE lower(name) = lower($1)`, name))
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, opslens.Errorf(opslens.ENOTFOUND, "no template named %q", name)
	}
	if err != nil {
		return nil, db.unavailable(err)
	}
	return &t, nil
}

// Templates lists the templates by name.
func (db *DB) Templates(ctx context.Context) ([]opslens.Template, error) {
	var out []opslens.Template
	err := db.read(ctx, func(tx pgx.Tx) error {
		var err error
		out, err = queryAll(ctx, tx, scanTemplate, `SELECT `+templateColumns+` FROM templates ORDER BY lower(name), name`)
		return err
	})
	return out, err
}

func scanTemplate(s scanner) (opslens.Template, error) {
	var t opslens.Template
	var answers string
	if err := s.Scan(&t.ID, &t.Name, &t.Description, &t.LensAlias, &answers, &t.CreatedAt); err != nil {
		return t, err
	}
	if err := json.Unmarshal([]byte(answers), &t.Answers); err != nil {
		return t, fmt.Errorf("template %q answers: %w", t.Name, err)
	}
	for i := range t.Answers {
		t.Answers[i].UpdatedAt = t.Answers[i].UpdatedAt.UTC()
	}
	return t, nil
}

// DeleteTemplate removes a template.
func (db *DB) DeleteTemplate(ctx context.Context, name string) error {
	return db.write(ctx, func(tx pgx.Tx) error {
		var stored string
		err := tx.QueryRow(ctx, `DELETE FROM templates WHERE lower(name) = lower($1) RETURNING name`, name).Scan(&stored)
		if errors.Is(err, pgx.ErrNoRows) {
			return opslens.Errorf(opslens.ENOTFOUND, "no template named %q", name)
		}
		if err != nil {
			return err
		}
		return audit(ctx, tx, 0, opslens.AuditTemplateDelete, stored, "")
	})
}
